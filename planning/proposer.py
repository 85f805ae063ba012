"""The interview schedule proposer: pure, no database and no Flask, so its rules are tested on
their own.

The partner guide puts one interview per topic in week 2, after the kickoff, "two a day, one in
the morning and one in the afternoon". The proposer lays the topics, in the guide's order, into
one-hour slots at the morning and afternoon times of each working day of week 2 (holidays are
not working days), after the kickoff. A slot holds one interview (the CDS team is in every
one), and a person named on several topics is never asked to be in two places at once: a
topic whose people are busy at a slot waits for a later one. What does not fit is listed, with
its reason, rather than squeezed in.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.workdays import WorkWeek, working_days
from planning.clock import NonexistentTime, plus_minutes, to_utc

INTERVIEW_MINUTES = 60
NO_ONE_NAMED = "no_one_named"
NO_SLOT = "no_slot"

Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class Slot:
    """One interview slot, as naive UTC instants."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Proposed:
    topics: tuple[str, ...]
    people: frozenset[int]
    start: datetime
    end: datetime


@dataclass
class Proposal:
    interviews: list[Proposed] = field(default_factory=list)
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (topic id, reason)


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def interview_slots(
    week: WorkWeek,
    tz: ZoneInfo,
    times: Sequence[time],
    *,
    after: datetime | None = None,
    minutes: int = INTERVIEW_MINUTES,
    days_off: Container[date] | None = None,
) -> list[Slot]:
    """Every slot of `week`'s working days at each of `times` (local), in order, starting no
    earlier than `after` (the kickoff's end). A local time the zone skips is no slot."""
    slots = []
    for day in working_days(week.start, week.end, days_off):
        for clock in sorted(times):
            try:
                start = to_utc(day, clock, tz)
            except NonexistentTime:
                continue
            if after is None or start >= after:
                slots.append(Slot(start, plus_minutes(start, minutes)))
    return slots


def propose(
    topics: Iterable[tuple[str, Iterable[int]]],
    slots: Sequence[Slot],
    *,
    taken: Iterable[Span] = (),
    busy: Mapping[int, Iterable[Span]] | None = None,
) -> Proposal:
    """One interview per topic, with its people (ids), in the first free slot none of them is
    busy at. `taken` are spans already used by kept interviews (no slot overlapping them is
    used); `busy` are spans when a person is already booked."""
    proposal = Proposal()
    used: list[Span] = list(taken)
    booked: dict[int, list[Span]] = {p: list(spans) for p, spans in (busy or {}).items()}
    for topic_id, named in topics:
        people = frozenset(named)
        if not people:
            proposal.unplaced.append((topic_id, NO_ONE_NAMED))
            continue
        for slot in slots:
            span = (slot.start, slot.end)
            if any(overlaps(span, other) for other in used):
                continue
            if any(overlaps(span, s) for p in people for s in booked.get(p, ())):
                continue
            used.append(span)
            for p in people:
                booked.setdefault(p, []).append(span)
            proposal.interviews.append(Proposed((topic_id,), people, slot.start, slot.end))
            break
        else:
            proposal.unplaced.append((topic_id, NO_SLOT))
    return proposal
