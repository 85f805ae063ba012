"""The interview proposer: one interview per topic in week 2 after the kickoff, two a day,
nobody in two places at once, holidays skipped, and what does not fit listed."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.workdays import FEDERAL_HOLIDAYS, working_weeks
from intake.reference import TOPICS
from planning.clock import NonexistentTime, local, to_utc
from planning.proposer import NO_ONE_NAMED, NO_SLOT, interview_slots, overlaps, propose

TORONTO = ZoneInfo("America/Toronto")
TIMES = (time(10), time(14))
SHARED = 7  # the person named on topics 7 and 9


def nine_topics() -> list[tuple[str, set[int]]]:
    """Nine topics, one person each (ids 1-9), except that person 7 also covers topic 9."""
    topics = [(t.id, {t.number}) for t in TOPICS]
    topics[8] = (TOPICS[8].id, {9, SHARED})
    return topics


def week_two(start: date):
    return working_weeks(start, 4)[1]


def kickoff_end(day: date) -> datetime:
    return to_utc(day, time(11), TORONTO)  # a one-hour kickoff at 10:00


def test_nine_topics_give_nine_interviews_two_a_day_in_week_two():
    week = week_two(date(2026, 9, 14))
    assert (week.start, week.end) == (date(2026, 9, 21), date(2026, 9, 25))
    slots = interview_slots(week, TORONTO, TIMES, after=kickoff_end(week.start))
    proposal = propose(nine_topics(), slots)

    assert len(proposal.interviews) == 9
    assert proposal.unplaced == []
    assert [i.topics[0] for i in proposal.interviews] == [t.id for t in TOPICS]
    days = Counter(local(i.start, TORONTO).date() for i in proposal.interviews)
    assert max(days.values()) == 2
    assert set(days) == {date(2026, 9, d) for d in range(21, 26)}
    assert days[date(2026, 9, 21)] == 1  # the kickoff takes the first morning
    for interview in proposal.interviews:
        start = local(interview.start, TORONTO)
        assert start.time() in TIMES
        assert interview.end - interview.start == datetime(1, 1, 1, 1) - datetime(1, 1, 1)
        assert week.start <= start.date() <= week.end
    shared = [i for i in proposal.interviews if SHARED in i.people]
    assert len(shared) == 2
    assert not overlaps((shared[0].start, shared[0].end), (shared[1].start, shared[1].end))


def test_a_person_booked_elsewhere_is_not_double_booked():
    week = week_two(date(2026, 9, 14))
    slots = interview_slots(week, TORONTO, TIMES, after=kickoff_end(week.start))
    # Person 7 is already in an interview kept from before, at Tuesday 14:00.
    kept = (
        to_utc(date(2026, 9, 22), time(13, 30), TORONTO),
        to_utc(date(2026, 9, 22), time(14, 30), TORONTO),
    )
    proposal = propose(nine_topics()[6:], slots, busy={SHARED: [kept]})
    for interview in proposal.interviews:
        if SHARED in interview.people:
            assert not overlaps((interview.start, interview.end), kept)


def test_a_topic_with_no_one_named_is_listed_not_scheduled():
    week = week_two(date(2026, 9, 14))
    slots = interview_slots(week, TORONTO, TIMES)
    proposal = propose([("policy", set()), ("legal", {1})], slots)
    assert proposal.unplaced == [("policy", NO_ONE_NAMED)]
    assert [i.topics for i in proposal.interviews] == [("legal",)]


def test_thanksgiving_inside_week_two_moves_slots_past_it_and_lists_what_does_not_fit():
    week = week_two(date(2026, 10, 5))
    assert date(2026, 10, 12) in FEDERAL_HOLIDAYS
    assert week.start == date(2026, 10, 13)  # the week starts after the holiday Monday
    slots = interview_slots(week, TORONTO, TIMES, after=kickoff_end(week.start))
    assert all(local(s.start, TORONTO).date() != date(2026, 10, 12) for s in slots)
    proposal = propose(nine_topics(), slots)
    assert len(proposal.interviews) == 7  # four days, two slots each, less the kickoff's
    assert [reason for _, reason in proposal.unplaced] == [NO_SLOT, NO_SLOT]
    assert [topic for topic, _ in proposal.unplaced] == [TOPICS[7].id, TOPICS[8].id]


def test_canada_day_in_the_middle_of_week_two_is_skipped():
    week = week_two(date(2026, 6, 22))
    assert (week.start, week.end) == (date(2026, 6, 29), date(2026, 7, 3))
    slots = interview_slots(week, TORONTO, TIMES, after=kickoff_end(week.start))
    proposal = propose(nine_topics(), slots)
    days = [local(i.start, TORONTO).date() for i in proposal.interviews]
    assert date(2026, 7, 1) not in days
    assert days[2:4] == [date(2026, 6, 30), date(2026, 7, 2)]  # Tuesday afternoon, then Thursday


def test_slots_are_instants_shown_in_the_partners_zone():
    week = week_two(date(2026, 9, 14))
    slot = interview_slots(week, TORONTO, TIMES)[0]
    assert slot.start == datetime(2026, 9, 21, 14, 0)  # 10:00 EDT is 14:00 UTC
    assert local(slot.start, ZoneInfo("America/Vancouver")).time() == time(7)
    assert slot.start.replace(tzinfo=UTC).astimezone(TORONTO).hour == 10


def test_the_spring_forward_hour_does_not_exist_and_is_refused():
    with pytest.raises(NonexistentTime):
        to_utc(date(2027, 3, 14), time(2, 30), TORONTO)  # clocks go from 2:00 to 3:00
    assert to_utc(date(2027, 3, 15), time(2, 30), TORONTO) == datetime(2027, 3, 15, 6, 30)
