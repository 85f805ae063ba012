"""The plan as pages show it: one function builds what the staff plan page, the summary on the
staff request page and the partner's page read, in a language and a time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.db import db
from core.labels import Labels
from intake.hours import estimate_hours, week_hours
from intake.models import Exploration, Stakeholder
from planning import service
from planning.clock import local, zone
from planning.models import Interview, Plan, TeamMember, team_of


@dataclass
class InterviewRow:
    interview: Interview
    topics: list[str]
    people: list[str]
    start: datetime  # aware, in the page's zone
    end: datetime
    status: str  # scheduled | held | cancelled

    @property
    def id(self) -> int:
        return self.interview.id


@dataclass
class WeekRow:
    number: int
    start: Any
    end: Any
    lead_low: int
    lead_high: int
    stakeholders: int


@dataclass
class PlanView:
    plan: Plan | None
    tz_name: str
    team: list[TeamMember]
    weeks: list[WeekRow]
    kickoff_start: datetime | None
    kickoff_end: datetime | None
    interviews: list[InterviewRow]
    mismatch: tuple[Any, Any] | None
    survey_closes: datetime | None

    @property
    def scheduled(self) -> int:
        return sum(1 for r in self.interviews if r.status != "cancelled")

    @property
    def held(self) -> int:
        return sum(1 for r in self.interviews if r.status == "held")

    @property
    def unavailable(self) -> list[InterviewRow]:
        return [
            r
            for r in self.interviews
            if r.interview.partner_unavailable and r.status != "cancelled"
        ]


def status_of(interview: Interview) -> str:
    if interview.status == "cancelled":
        return "cancelled"
    return "held" if interview.held else "scheduled"


def _stakeholder_topics(exploration_id: int) -> list[list[str]]:
    people = db.scalars(select(Stakeholder).where(Stakeholder.exploration_id == exploration_id))
    return [[link.topic_id for link in person.topics] for person in people]


def build(exploration: Exploration, lang: str, tz_name: str | None = None) -> PlanView:
    """The plan of `exploration`, its times in `tz_name` (default: the exploration's zone)."""
    plan = service.plan_for(exploration.id)
    name = tz_name or (plan.time_zone if plan else None) or "America/Toronto"
    tz = zone(name)
    labels = Labels(lang)
    by_topic = service.people_by_topic(exploration.id)
    hours = estimate_hours(_stakeholder_topics(exploration.id))
    weeks = []
    for week in service.weeks_of(exploration):
        low, high, people = week_hours(week.number, hours)
        weeks.append(WeekRow(week.number, week.start, week.end, low, high, people))
    rows = []
    for interview in service.interviews_of(exploration.id):
        rows.append(
            InterviewRow(
                interview=interview,
                topics=[labels.topic(t) for t in interview.topics],
                people=[p.name for p in service.people_of(interview.topics, by_topic)],
                start=local(interview.starts_at, tz),
                end=local(interview.ends_at, tz),
                status=status_of(interview),
            )
        )
    return PlanView(
        plan=plan,
        tz_name=tz.key,
        team=team_of(exploration.id),
        weeks=weeks,
        kickoff_start=local(plan.kickoff_at, tz) if plan else None,
        kickoff_end=local(service.kickoff_end(plan), tz) if plan else None,
        interviews=rows,
        mismatch=service.four_week_mismatch(exploration),
        survey_closes=local(service.survey_closes_at(plan), tz),
    )
