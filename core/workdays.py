"""The working days and weeks of an exploration: Monday to Friday, without the federal public
service's holidays. One module, so the summary, the workbook, the PDF, the staff page, the
partner's page and the interview proposer all count the same days.

Holidays come from the `holidays` package (a maintained calendar, never a hand-typed list):
Canada's `government` category (federally regulated workplaces: New Year's Day, Good Friday,
Victoria Day, Canada Day, Labour Day, the National Day for Truth and Reconciliation,
Thanksgiving, Remembrance Day, Christmas Day, Boxing Day, with their observed days) plus the
`optional` days of Ontario (Easter Monday and the Civic Holiday), which together give the
designated paid holidays of the core public administration in the National Capital Region.

Week 1 starts on the agreed start (or the first working day after it); every week starts on its
first working day and ends on a working Friday, or on the last working day before a holiday
Friday; the last week ends on the agreed end when one is set (earlier or later than its Friday).
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

WORK_DAYS = 5  # Monday (0) to Friday (4)
HOLIDAY_COUNTRY = "CA"
HOLIDAY_SUBDIVISION = "ON"
HOLIDAY_CATEGORIES = ("government", "optional")


@dataclass(frozen=True)
class WorkWeek:
    number: int  # 1, 2, ...
    start: date
    end: date


@lru_cache(maxsize=64)
def _calendar(year: int, language: str) -> holidays.HolidayBase:
    return holidays.country_holidays(
        HOLIDAY_COUNTRY,
        subdiv=HOLIDAY_SUBDIVISION,
        years=year,
        categories=HOLIDAY_CATEGORIES,
        language="fr" if language == "fr" else "en_CA",
    )


class FederalHolidays(Container[date]):
    """The federal public service's holidays, any year, as a container of dates."""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in _calendar(day.year, "en")

    def name(self, day: date, language: str = "en") -> str | None:
        """The holiday's name in `language` (en or fr), or None on a working day."""
        return _calendar(day.year, language).get(day)

    def between(self, start: date, end: date) -> list[date]:
        """The holidays from `start` to `end` included, in order."""
        years = range(start.year, end.year + 1)
        days = {d for y in years for d in _calendar(y, "en") if start <= d <= end}
        return sorted(days)


FEDERAL_HOLIDAYS = FederalHolidays()


def is_working_day(day: date, days_off: Container[date] | None = None) -> bool:
    off = FEDERAL_HOLIDAYS if days_off is None else days_off
    return day.weekday() < WORK_DAYS and day not in off


def next_working_day(day: date, days_off: Container[date] | None = None) -> date:
    """`day` itself when it is a working day, else the next one."""
    while not is_working_day(day, days_off):
        day += timedelta(days=1)
    return day


def working_days(start: date, end: date, days_off: Container[date] | None = None) -> Iterator[date]:
    """Every working day from `start` to `end` included."""
    day = start
    while day <= end:
        if is_working_day(day, days_off):
            yield day
        day += timedelta(days=1)


def count_working_days(start: date, end: date, days_off: Container[date] | None = None) -> int:
    return sum(1 for _ in working_days(start, end, days_off))


def first_work_day(day: date) -> date:
    """`day` itself on a weekday; the next Monday on a Saturday or a Sunday (holidays aside)."""
    if day.weekday() >= WORK_DAYS:
        return day + timedelta(days=7 - day.weekday())
    return day


def friday_of(day: date) -> date:
    return day + timedelta(days=WORK_DAYS - 1 - day.weekday())


def _week_bounds(monday: date, days_off: Container[date] | None) -> tuple[date, date] | None:
    """First and last working days of the week of `monday`, or None for a week of holidays."""
    days = list(working_days(monday, friday_of(monday), days_off))
    return (days[0], days[-1]) if days else None


def working_weeks(
    start: date, count: int, end: date | None = None, *, days_off: Container[date] | None = None
) -> list[WorkWeek]:
    """`count` working weeks from `start`, the last ending on `end` if given.

    `days_off` defaults to the federal holidays; pass an empty tuple for weekends only. A week
    made only of holidays (rare: none in the federal calendar) is skipped, so every week has
    working days. A last week whose start comes after `end` starts on `end` (a one-day week),
    so the weeks never run backwards.
    """
    first = next_working_day(start, days_off)
    monday = first - timedelta(days=first.weekday())
    weeks: list[WorkWeek] = []
    while len(weeks) < count:
        bounds = _week_bounds(monday, days_off)
        monday += timedelta(days=7)
        if bounds is None:
            continue
        week_start, week_end = bounds
        if not weeks:
            week_start = first
        number = len(weeks) + 1
        if number == count and end is not None:
            week_end = end
            week_start = min(week_start, end)
        weeks.append(WorkWeek(number, week_start, week_end))
    return weeks


def natural_end(start: date, count: int, days_off: Container[date] | None = None) -> date:
    """Where `count` working weeks from `start` end when no end is agreed."""
    return working_weeks(start, count, days_off=days_off)[-1].end
