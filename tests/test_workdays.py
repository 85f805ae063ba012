"""Working weeks of an exploration: Monday to Friday without the federal public service's
holidays; each ends on a working Friday or the day before a holiday, the last on the agreed end."""

from __future__ import annotations

from datetime import date

from core.workdays import (
    FEDERAL_HOLIDAYS,
    count_working_days,
    natural_end,
    next_working_day,
    working_weeks,
)
from exports.weeks import week_plan, week_start
from intake.hours import estimate_hours


def spans(weeks) -> list[tuple[date, date]]:
    return [(w.start, w.end) for w in weeks]


def test_a_monday_start_makes_four_monday_to_friday_weeks():
    assert spans(working_weeks(date(2026, 9, 14), 4)) == [
        (date(2026, 9, 14), date(2026, 9, 18)),
        (date(2026, 9, 21), date(2026, 9, 25)),
        (date(2026, 9, 28), date(2026, 10, 2)),
        (date(2026, 10, 5), date(2026, 10, 9)),
    ]


def test_a_start_on_labour_day_begins_on_the_tuesday():
    assert spans(working_weeks(date(2026, 9, 7), 1)) == [(date(2026, 9, 8), date(2026, 9, 11))]


def test_canada_day_is_not_a_working_day_inside_its_week():
    weeks = working_weeks(date(2026, 6, 22), 4)
    assert spans(weeks)[1] == (date(2026, 6, 29), date(2026, 7, 3))  # Wednesday July 1 off
    assert count_working_days(date(2026, 6, 29), date(2026, 7, 3)) == 4
    assert date(2026, 7, 1) in FEDERAL_HOLIDAYS
    assert FEDERAL_HOLIDAYS.name(date(2026, 7, 1), "fr") == "Fête du Canada"
    # Canada Day 2027 is a Thursday: the week still ends on its working Friday.
    assert spans(working_weeks(date(2027, 6, 28), 1)) == [(date(2027, 6, 28), date(2027, 7, 2))]
    assert count_working_days(date(2027, 6, 28), date(2027, 7, 2)) == 4


def test_thanksgiving_monday_starts_its_week_on_the_tuesday():
    weeks = working_weeks(date(2026, 10, 5), 4)
    assert spans(weeks) == [
        (date(2026, 10, 5), date(2026, 10, 9)),
        (date(2026, 10, 13), date(2026, 10, 16)),  # Monday October 12: Thanksgiving
        (date(2026, 10, 19), date(2026, 10, 23)),
        (date(2026, 10, 26), date(2026, 10, 30)),
    ]
    assert next_working_day(date(2026, 10, 10)) == date(2026, 10, 13)


def test_the_christmas_break_ends_weeks_the_day_before_a_holiday():
    weeks = working_weeks(date(2026, 12, 14), 4)
    assert spans(weeks) == [
        (date(2026, 12, 14), date(2026, 12, 18)),
        (date(2026, 12, 21), date(2026, 12, 24)),  # Christmas Day is a Friday
        (date(2026, 12, 29), date(2026, 12, 31)),  # Boxing Day observed Monday 28; New Year Friday
        (date(2027, 1, 4), date(2027, 1, 8)),
    ]
    assert count_working_days(date(2026, 12, 21), date(2027, 1, 1)) == 7
    assert natural_end(date(2026, 12, 14), 4) == date(2027, 1, 8)


def test_weekends_only_when_asked():
    assert spans(working_weeks(date(2026, 12, 21), 1, days_off=())) == [
        (date(2026, 12, 21), date(2026, 12, 25))
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
