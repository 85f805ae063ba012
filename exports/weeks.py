"""An exploration's four weeks for the exports: the guide's weeks (intake.reference) as
working weeks (core.workdays), each with the partner's hours by intake.hours' rule. The
workbook, the PDF and the HTML summary all draw their weeks table from `week_plan`."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from core.workdays import WorkWeek, working_weeks
from intake.hours import HoursEstimate, week_hours
from intake.reference import WEEKS


class WeekPlan(NamedTuple):
    """One week of an exploration: its dates (None before the dates are agreed) and hours."""

    number: int
    start: date | None
    end: date | None
    lead_low: int
    lead_high: int
    stakeholders: int


def exploration_weeks(agreed_start: date, agreed_end: date | None = None) -> list[WorkWeek]:
    """The guide's weeks as working weeks: each ends on a Friday, the last on the agreed end."""
    return working_weeks(agreed_start, len(WEEKS), agreed_end)


def week_start(agreed_start: date, week: int) -> date:
    """The first working day of week `week` (week 1: the agreed start)."""
    return exploration_weeks(agreed_start)[week - 1].start


def week_plan(
    agreed_start: date | None, agreed_end: date | None, hours: HoursEstimate
) -> list[WeekPlan]:
    dates = exploration_weeks(agreed_start, agreed_end) if agreed_start else None
    plan = []
    for week in WEEKS:
        low, high, people = week_hours(week.number, hours)
        dated = dates[week.number - 1] if dates else None
        plan.append(
            WeekPlan(
                week.number,
                dated.start if dated else None,
                dated.end if dated else None,
                low,
                high,
                people,
            )
        )
    return plan
