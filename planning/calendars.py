"""The plan's calendars (.ics, RFC 5545) through the `icalendar` package: one file per interview
and one for the whole of week 2 with the kickoff, for staff and for the partner's lead.

Each entry keeps one `UID` for its life and a `SEQUENCE` raised on every change, so a calendar
that imported it updates the entry instead of adding a second one; a cancelled interview stays
in the week's file as `STATUS:CANCELLED` so it disappears from calendars that had it. Times are
written in the exploration's zone with its `VTIMEZONE`. The text is in the page's language and
never holds a private link. `build_calendar` is pure: entries in, bytes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from core.labels import Labels
from core.labels import Message as _l
from planning.clock import local, zone

PRODID = "-//Canadian Digital Service//Exploration//EN"
KICKOFF_SUMMARY = _l("Exploration %(ref)s: kickoff meeting")
KICKOFF_TEXT = _l(
    "Kickoff meeting of the exploration with the Canadian Digital Service: everyone taking "
    "part is invited."
)
INTERVIEW_SUMMARY = _l("Exploration %(ref)s: interview, %(topics)s")
INTERVIEW_TEXT = _l("Interview with the Canadian Digital Service on: %(topics)s.")
WITH_PEOPLE = _l("With: %(people)s.")
WEEK_NAME = _l("Exploration %(ref)s: week 2")
INTERVIEW_NAME = _l("Exploration %(ref)s: interview")


@dataclass(frozen=True)
class Entry:
    uid: str
    sequence: int
    start: datetime  # naive UTC
    end: datetime  # naive UTC
    summary: str
    description: str
    cancelled: bool = False


def build_calendar(
    entries: Iterable[Entry], tz_name: str, lang: str, name: str, stamp: datetime, uid: str
) -> bytes:
    """A VCALENDAR (itself named by the stable `uid`) with one VEVENT per entry and the
    VTIMEZONE of `tz_name`."""
    tz = zone(tz_name)
    calendar = Calendar.new(prodid=PRODID, name=name, method="PUBLISH", uid=uid)
    entries = list(entries)
    for entry in entries:
        event = Event.new(
            uid=entry.uid,
            sequence=entry.sequence,
            start=local(entry.start, tz),
            end=local(entry.end, tz),
            summary=entry.summary,
            description=entry.description,
            stamp=stamp.replace(tzinfo=UTC),
            status="CANCELLED" if entry.cancelled else "CONFIRMED",
        )
        event["summary"].params["LANGUAGE"] = lang
        event["description"].params["LANGUAGE"] = lang
        calendar.add_component(event)
    if entries:
        first = min(e.start for e in entries).date() - timedelta(days=366)
        last = max(e.end for e in entries).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def kickoff_entry(
    uid: str, sequence: int, start: datetime, end: datetime, reference: str, labels: Labels
) -> Entry:
    return Entry(
        uid=uid,
        sequence=sequence,
        start=start,
        end=end,
        summary=labels(KICKOFF_SUMMARY.message, ref=reference),
        description=labels(KICKOFF_TEXT.message),
    )


def interview_entry(
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    reference: str,
    topics: list[str],
    people: list[str],
    cancelled: bool,
    labels: Labels,
) -> Entry:
    names = ", ".join(labels.topic(t) for t in topics)
    lines = [labels(INTERVIEW_TEXT.message, topics=names)]
    if people:
        lines.append(labels(WITH_PEOPLE.message, people=", ".join(people)))
    return Entry(
        uid=uid,
        sequence=sequence,
        start=start,
        end=end,
        summary=labels(INTERVIEW_SUMMARY.message, ref=reference, topics=names),
        description="\n".join(lines),
        cancelled=cancelled,
    )
