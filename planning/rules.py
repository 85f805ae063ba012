"""The checks on one interview time that staff type: a working day of week 2, a time that
exists in the zone, an end after the start, and nobody in two interviews at once. Each check
returns the field it concerns and the message to show next to it."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from core.i18n import lazy_gettext as _l
from core.labels import Labels
from core.workdays import FEDERAL_HOLIDAYS, WORK_DAYS, WorkWeek
from intake.models import Stakeholder
from planning.clock import NonexistentTime, to_utc, zone
from planning.models import Interview
from planning.proposer import overlaps

Problem = tuple[str, Any]  # (field name, message)


def day_problem(day: date, week: WorkWeek | None, lang: str) -> Any | None:
    """Why `day` cannot hold an interview, or None."""
    labels = Labels(lang)
    if day.weekday() >= WORK_DAYS:
        return _l("%(day)s is a weekend day. Choose a weekday in week 2.", day=labels.date(day))
    holiday = FEDERAL_HOLIDAYS.name(day, lang)
    if holiday:
        return _l(
            "%(day)s is a holiday (%(holiday)s). Choose a working day in week 2.",
            day=labels.date(day),
            holiday=holiday,
        )
    if week is None:
        return _l("Set the agreed start date first: the interviews take place in week 2.")
    if not week.start <= day <= week.end:
        return _l(
            "Choose a day in week 2, from %(start)s to %(end)s.",
            start=labels.date(week.start),
            end=labels.date(week.end),
        )
    return None


def time_span(
    day: date, start: time, end: time, tz_name: str
) -> tuple[tuple[datetime, datetime] | None, list[Problem]]:
    """The (start, end) instants of a local day and times, or the problems with them."""
    problems: list[Problem] = []
    tz = zone(tz_name)
    instants = []
    for name, clock in (("start_time", start), ("end_time", end)):
        try:
            instants.append(to_utc(day, clock, tz))
        except NonexistentTime:
            problems.append(
                (
                    name,
                    _l(
                        "This time does not exist that day: the clocks go forward an hour. "
                        "Choose another time."
                    ),
                )
            )
    if not problems and end <= start:
        problems.append(("end_time", _l("The end must be after the start.")))
    if problems:
        return None, problems
    return (instants[0], instants[1]), []


def person_clashes(
    span: tuple[datetime, datetime],
    people: list[Stakeholder],
    others: list[Interview],
    people_of_other: Any,
) -> list[str]:
    """Names of `people` already in another (not cancelled) interview overlapping `span`."""
    ids = {p.id: p.name for p in people}
    clashes: dict[int, str] = {}
    for other in others:
        if other.status == "cancelled" or not overlaps(span, (other.starts_at, other.ends_at)):
            continue
        for person in people_of_other(other):
            if person.id in ids:
                clashes[person.id] = ids[person.id]
    return list(clashes.values())
