"""How much of the partner's time an exploration asks for, from the people they named.

The partner guide gives the project lead 18 to 36 hours over the four weeks, and each person
interviewed 1 hour for the kick-off meeting plus 1 hour per interview. A person who covers
several topics comes to the kick-off once, so people are counted once for the kick-off and once
per topic for interviews. Pure: no database, no Flask, so the staff dashboard, the exports and
the benchmarks can all call it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from intake.reference import INTERVIEW_HOURS, KICKOFF_HOURS, LEAD_HOURS, WEEKS

INTERVIEW_WEEK = 2  # the guide puts the kick-off and every interview in week 2


@dataclass(frozen=True)
class HoursEstimate:
    """The partner's time: the lead's range, the interviewed people's hours, and the total."""

    lead_low: int
    lead_high: int
    people: int  # people with at least one interview
    interviews: int  # one per person and topic
    kickoff_hours: int
    interview_hours: int

    @property
    def stakeholder_hours(self) -> int:
        return self.kickoff_hours + self.interview_hours

    @property
    def total_low(self) -> int:
        return self.lead_low + self.stakeholder_hours

    @property
    def total_high(self) -> int:
        return self.lead_high + self.stakeholder_hours


def hours_from_counts(people: int, interviews: int) -> HoursEstimate:
    """The rule itself, from counts: `people` with at least one topic (each comes to the
    kick-off once) and `interviews` (one per person and topic). The database can count these
    for a whole portfolio without loading anyone."""
    return HoursEstimate(
        lead_low=LEAD_HOURS[0],
        lead_high=LEAD_HOURS[1],
        people=people,
        interviews=interviews,
        kickoff_hours=people * KICKOFF_HOURS,
        interview_hours=interviews * INTERVIEW_HOURS,
    )


def estimate_hours(stakeholders: Iterable[Iterable[str]]) -> HoursEstimate:
    """Estimate the partner's hours; `stakeholders` gives, for each person, their topic ids.

    A topic listed twice for one person is one interview; a person with no topic is not
    interviewed and adds nothing.
    """
    people = 0
    interviews = 0
    for topics in stakeholders:
        distinct = {topic for topic in topics if topic}
        if distinct:
            people += 1
            interviews += len(distinct)
    return hours_from_counts(people, interviews)


def week_hours(week: int, hours: HoursEstimate) -> tuple[int, int, int]:
    """(lead min, lead max, stakeholders) for one week of the guide: the lead's range is the
    week's own; the people interviewed give their hours in the interview week."""
    lead = WEEKS[week - 1].lead_hours
    return lead[0], lead[1], hours.stakeholder_hours if week == INTERVIEW_WEEK else 0
