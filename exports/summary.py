"""One exploration, whole (`ExplorationSummary`, loaded at once: it is small): for the PDF and the
HTML summary, the staff request page and the per-exploration workbook's extra sheets, the plan
included (`PlanSummary`: agreement, team, kickoff, interviews, in the exploration's zone)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from core.auth import StaffUser
from core.collation import sort_key
from exports.answer_data import iter_respondents
from exports.data import iter_requests, people_of
from exports.rows import TOPIC_RANK, RequestRow, RespondentRow, Scope
from exports.weeks import WeekPlan, week_plan
from intake.hours import (
    HoursEstimate,
    estimate_hours,
)
from intake.models import DocumentStatus, Exploration, Stakeholder, StakeholderTopic, TopicState
from planning.clock import local, zone
from planning.context import status_of
from planning.models import Interview, Plan, TeamMember
from surveys.aggregation import Aggregate, aggregate
from surveys.models import PracticeComment, Rating, Respondent


# One exploration, whole ------------------------------------------------------------------------
@dataclass(frozen=True)
class Person:
    id: int
    name: str
    title: str | None
    daily_role: str | None
    involvement: str | None
    frequency: str | None
    email: str | None
    language: str | None
    topics: tuple[str, ...]


@dataclass(frozen=True)
class PlannedInterview:
    """One interview of the plan, its times aware in the exploration's zone."""

    topics: tuple[str, ...]
    people: tuple[str, ...]
    start: datetime
    end: datetime
    status: str  # scheduled | held | cancelled (planning.context.status_of)
    partner_unavailable: bool


@dataclass(frozen=True)
class PlanSummary:
    """The plan as the summary shows it: the agreement, the CDS team (lead first), the
    kickoff and the interviews, times in the exploration's zone (`time_zone`)."""

    time_zone: str
    agreement_sent_on: date | None = None
    agreement_signed_on: date | None = None
    team: tuple[tuple[str, str], ...] = ()  # (name, "lead" | "member")
    kickoff_start: datetime | None = None
    kickoff_end: datetime | None = None
    interviews: tuple[PlannedInterview, ...] = ()

    @property
    def scheduled(self) -> int:
        return sum(1 for i in self.interviews if i.status != "cancelled")

    @property
    def held(self) -> int:
        return sum(1 for i in self.interviews if i.status == "held")


@dataclass(frozen=True)
class ExplorationSummary:
    """One exploration for the PDF and the HTML summary."""

    request: RequestRow
    people: tuple[Person, ...]
    topics_to_confirm: frozenset[str]
    documents: dict[str, tuple[str | None, str | None]]  # document id -> (status, note)
    respondents: tuple[RespondentRow, ...]
    survey: Aggregate
    plan: PlanSummary = field(default_factory=lambda: PlanSummary(zone(None).key))

    @property
    def hours(self) -> HoursEstimate:
        return estimate_hours(p.topics for p in self.people)

    def people_for(self, topic_id: str) -> list[Person]:
        return [p for p in self.people if topic_id in p.topics]

    @property
    def people_without_topic(self) -> list[Person]:
        return [p for p in self.people if not p.topics]

    def week_plan(self) -> list[WeekPlan]:
        """The weeks with their working dates (ending on Fridays, the last on the agreed end)
        and the partner's hours in each."""
        r = self.request
        return week_plan(r.agreed_start, r.agreed_end, self.hours)

    def weeks(self) -> list[tuple[int, date | None, tuple[int, int, int]]]:
        """(week number, start date or None, (lead min, lead max, stakeholders))."""
        return [
            (w.number, w.start, (w.lead_low, w.lead_high, w.stakeholders)) for w in self.week_plan()
        ]


def find_exploration_id(session: Session, reference: str) -> int | None:
    return session.scalar(select(Exploration.id).where(Exploration.reference == reference))


def load_summary(session: Session, exploration_id: int) -> ExplorationSummary | None:
    """Everything the summary shows about one exploration: a handful of small queries."""
    scope = Scope.one(exploration_id)
    request = next(iter_requests(session, scope), None)
    if request is None:
        return None
    topics: dict[int, list[str]] = {}
    for stakeholder_id, topic_id in session.execute(
        select(StakeholderTopic.stakeholder_id, StakeholderTopic.topic_id)
        .join(Stakeholder, Stakeholder.id == StakeholderTopic.stakeholder_id)
        .where(Stakeholder.exploration_id == exploration_id)
    ):
        topics.setdefault(stakeholder_id, []).append(topic_id)
    people = tuple(
        Person(
            *row,
            topics=tuple(sorted(topics.get(row[0], []), key=lambda t: TOPIC_RANK.get(t, 99))),
        )
        for row in session.execute(
            select(
                Stakeholder.id,
                Stakeholder.name,
                Stakeholder.title,
                Stakeholder.daily_role,
                Stakeholder.involvement,
                Stakeholder.frequency,
                Stakeholder.email,
                Stakeholder.language,
            )
            .where(Stakeholder.exploration_id == exploration_id)
            .order_by(Stakeholder.id)
        )
    )
    to_confirm = frozenset(
        session.scalars(
            select(TopicState.topic_id).where(
                and_(TopicState.exploration_id == exploration_id, TopicState.to_be_confirmed)
            )
        )
    )
    documents = {
        row[0]: (row[1], row[2])
        for row in session.execute(
            select(DocumentStatus.document_id, DocumentStatus.status, DocumentStatus.note).where(
                DocumentStatus.exploration_id == exploration_id
            )
        )
    }
    respondents = tuple(iter_respondents(session, exploration_id))
    answers = session.execute(
        select(Rating.respondent_id, Rating.practice_id, Rating.role_id, Rating.level)
        .join(Respondent, Respondent.id == Rating.respondent_id)
        .where(Respondent.exploration_id == exploration_id, Respondent.submitted_at.is_not(None))
    ).all()
    overall = [
        (r.respondent_id, r.overall_level)
        for r in respondents
        if r.overall_level is not None or r.overall_dont_know
    ]
    comments = [(c[0], c[1], c[2]) for c in _comment_rows(session, exploration_id)]
    comments += [
        (r.respondent_id, "overall", r.overall_comment) for r in respondents if r.overall_comment
    ]
    survey = aggregate(answers, overall, comments, breakdown=False)
    return ExplorationSummary(
        request=request,
        people=people,
        topics_to_confirm=to_confirm,
        documents=documents,
        respondents=respondents,
        survey=survey,
        plan=load_plan(session, exploration_id, people),
    )


def load_plan(session: Session, exploration_id: int, people: Iterable[Person]) -> PlanSummary:
    """The plan of one exploration: two small queries besides the plan row."""
    plan = session.scalar(select(Plan).where(Plan.exploration_id == exploration_id))
    tz = zone(plan.time_zone if plan else None)
    team = tuple(
        (name or email, role)
        for role, name, email in sorted(
            session.execute(
                select(TeamMember.role, StaffUser.name, StaffUser.email)
                .join(StaffUser, StaffUser.id == TeamMember.staff_user_id)
                .where(TeamMember.exploration_id == exploration_id)
            ),
            key=lambda r: (r[0] != "lead", sort_key(r[1] or r[2])),
        )
    )
    by_topic: dict[str, list[tuple[int, str]]] = {}
    for person in people:
        for topic in person.topics:
            by_topic.setdefault(topic, []).append((person.id, person.name))
    interviews = tuple(
        PlannedInterview(
            topics=tuple(interview.topics),
            people=tuple(people_of(interview.topics, by_topic)),
            start=local(interview.starts_at, tz),
            end=local(interview.ends_at, tz),
            status=status_of(interview),
            partner_unavailable=bool(interview.partner_unavailable),
        )
        for interview in session.scalars(
            select(Interview)
            .where(Interview.exploration_id == exploration_id)
            .order_by(Interview.starts_at, Interview.id)
        )
    )
    kickoff = plan.kickoff_at if plan else None
    return PlanSummary(
        time_zone=tz.key,
        agreement_sent_on=plan.agreement_sent_on if plan else None,
        agreement_signed_on=plan.agreement_signed_on if plan else None,
        team=team,
        kickoff_start=local(kickoff, tz),
        kickoff_end=local(kickoff + timedelta(minutes=plan.kickoff_minutes), tz)
        if plan and kickoff
        else None,
        interviews=interviews,
    )


def _comment_rows(session: Session, exploration_id: int) -> list[Any]:
    return session.execute(
        select(PracticeComment.respondent_id, PracticeComment.practice_id, PracticeComment.comment)
        .join(Respondent, Respondent.id == PracticeComment.respondent_id)
        .where(Respondent.exploration_id == exploration_id, Respondent.submitted_at.is_not(None))
    ).all()
