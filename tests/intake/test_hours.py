"""The partner's time: the lead's 18 to 36 hours, plus 1 kick-off hour per person interviewed
and 1 hour per interview; someone on several topics comes to the kick-off once."""

from __future__ import annotations

import pytest

from intake.hours import estimate_hours
from intake.reference import LEAD_HOURS


def test_no_one_named_is_the_lead_alone():
    estimate = estimate_hours([])
    assert (estimate.total_low, estimate.total_high) == LEAD_HOURS == (18, 36)
    assert estimate.people == estimate.interviews == estimate.stakeholder_hours == 0


def test_one_person_one_topic_adds_two_hours():
    estimate = estimate_hours([["policy"]])
    assert (estimate.kickoff_hours, estimate.interview_hours) == (1, 1)
    assert (estimate.total_low, estimate.total_high) == (20, 38)


def test_a_person_on_several_topics_attends_the_kickoff_once():
    estimate = estimate_hours([["policy", "legal", "privacy_atip"]])
    assert estimate.people == 1
    assert estimate.interviews == 3
    assert estimate.kickoff_hours == 1
    assert estimate.stakeholder_hours == 4  # not 6: one kick-off, three interviews
    assert (estimate.total_low, estimate.total_high) == (22, 40)


@pytest.mark.parametrize(
    ("people", "expected_extra"),
    [
        ([["design_direction"], ["work_methods"], ["program_design"]], 6),
        ([["design_direction", "program_design"], ["it_working"]], 5),
        ([["policy", "policy"], []], 2),  # a duplicate topic is one interview; no topic, no time
        ([[t] for t in ("a", "b", "c", "d", "e", "f", "g", "h", "i")], 18),
    ],
)
def test_sets_of_stakeholders(people, expected_extra):
    estimate = estimate_hours(people)
    assert estimate.total_low == 18 + expected_extra
    assert estimate.total_high == 36 + expected_extra


def test_accepts_any_iterables():
    estimate = estimate_hours(iter([("policy",), {"legal", "it_leadership"}]))
    assert estimate.people == 2 and estimate.interviews == 3


def test_counts_made_by_the_database_follow_the_same_rule():
    """The exports count people and interviews in SQL: the same estimate as from the people."""
    from intake.hours import hours_from_counts

    people = [["policy", "legal"], ["policy"], []]
    assert hours_from_counts(2, 3) == estimate_hours(people)


def test_stakeholders_hours_fall_in_the_interview_week():
    from intake.hours import week_hours

    estimate = estimate_hours([["policy", "legal"]])
    assert [week_hours(n, estimate)[2] for n in (1, 2, 3, 4)] == [0, 3, 0, 0]
