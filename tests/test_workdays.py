"""Working weeks of an exploration: each ends on a Friday, the last on the agreed end date."""

from __future__ import annotations

from datetime import date

from core.workdays import working_weeks
from exports.data import week_plan, week_start
from intake.hours import estimate_hours


def spans(weeks) -> list[tuple[date, date]]:
    return [(w.start, w.end) for w in weeks]


def test_a_monday_start_makes_four_monday_to_friday_weeks():
    assert spans(working_weeks(date(2026, 9, 7), 4)) == [
        (date(2026, 9, 7), date(2026, 9, 11)),
        (date(2026, 9, 14), date(2026, 9, 18)),
        (date(2026, 9, 21), date(2026, 9, 25)),
        (date(2026, 9, 28), date(2026, 10, 2)),
    ]


def test_a_wednesday_start_ends_week_one_on_friday_and_honours_the_agreed_end():
    weeks = working_weeks(date(2026, 6, 3), 4, end=date(2026, 7, 2))
    assert spans(weeks) == [
        (date(2026, 6, 3), date(2026, 6, 5)),  # Wednesday to Friday
        (date(2026, 6, 8), date(2026, 6, 12)),
        (date(2026, 6, 15), date(2026, 6, 19)),
        (date(2026, 6, 22), date(2026, 7, 2)),  # the agreed end, a Thursday a week later
    ]
    assert [w.number for w in weeks] == [1, 2, 3, 4]
    assert all(w.end.weekday() == 4 for w in weeks[:3])


def test_an_agreed_end_before_the_last_friday_shortens_the_last_week():
    weeks = working_weeks(date(2026, 6, 3), 4, end=date(2026, 6, 24))
    assert spans(weeks)[-1] == (date(2026, 6, 22), date(2026, 6, 24))


def test_a_weekend_start_begins_on_the_next_monday():
    weeks = working_weeks(date(2026, 6, 6), 2)  # a Saturday
    assert spans(weeks) == [
        (date(2026, 6, 8), date(2026, 6, 12)),
        (date(2026, 6, 15), date(2026, 6, 19)),
    ]


def test_the_exports_use_the_same_weeks():
    assert week_start(date(2026, 6, 3), 1) == date(2026, 6, 3)
    assert week_start(date(2026, 6, 3), 2) == date(2026, 6, 8)  # a Monday, not a Wednesday
    plan = week_plan(date(2026, 6, 3), date(2026, 6, 26), estimate_hours([["policy"]]))
    assert (plan[0].start, plan[0].end) == (date(2026, 6, 3), date(2026, 6, 5))
    assert plan[-1].end == date(2026, 6, 26)
    assert [w.stakeholders for w in plan] == [0, 2, 0, 0]
    undated = week_plan(None, None, estimate_hours([]))
    assert [(w.start, w.end) for w in undated] == [(None, None)] * 4
