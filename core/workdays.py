"""The working weeks of an exploration: Monday to Friday, from the agreed start to the agreed
end. One function, so the summary, the workbook, the PDF and the staff page show the same dates.

A start on a Wednesday makes week 1 Wednesday to Friday; the next weeks run Monday to Friday;
the last week ends on the agreed end date when one is set (earlier or later than its Friday).
Holidays are not taken out here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

WORK_DAYS = 5  # Monday (0) to Friday (4)


@dataclass(frozen=True)
class WorkWeek:
    number: int  # 1, 2, ...
    start: date
    end: date


def first_work_day(day: date) -> date:
    """`day` itself on a weekday; the next Monday on a Saturday or a Sunday."""
    if day.weekday() >= WORK_DAYS:
        return day + timedelta(days=7 - day.weekday())
    return day


def friday_of(day: date) -> date:
    return day + timedelta(days=WORK_DAYS - 1 - day.weekday())


def working_weeks(start: date, count: int, end: date | None = None) -> list[WorkWeek]:
    """`count` weeks from `start`, each ending on a Friday, the last on `end` if given.

    A last week whose Monday comes after `end` starts on `end` (a one-day week), so the weeks
    never run backwards.
    """
    first = first_work_day(start)
    monday = first - timedelta(days=first.weekday())
    weeks = []
    for number in range(1, count + 1):
        week_monday = monday + timedelta(days=7 * (number - 1))
        week_start = first if number == 1 else week_monday
        week_end = friday_of(week_monday)
        if number == count and end is not None:
            week_end = end
            week_start = min(week_start, end)
        weeks.append(WorkWeek(number, week_start, week_end))
    return weeks
