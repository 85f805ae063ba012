"""The data an export needs, read from the database as plain rows.

Two shapes:

- `WorkbookData`: one re-iterable source of row tuples per sheet. Each source is a single
  SQLAlchemy Core SELECT, fetched in batches (`yield_per`: a server-side cursor on
  PostgreSQL), so a portfolio of any size goes to the workbook with flat memory. No ORM
  objects: for 360,000 answers, row tuples cost a third of the time. Rows of one exploration
  arrive together, in the dashboard's order; within an exploration they are put in reading
  order (topics, documents, grid cells) in Python, a few hundred rows at a time.
- `ExplorationSummary`: everything about one exploration, loaded whole (it is small), for the
  PDF and the HTML summary and the per-exploration workbook's extra sheets, the plan included
  (`PlanSummary`: agreement, team, kickoff, interviews, times in the exploration's zone).

Survey figures are computed by surveys.aggregation, like every other view of the results:
only submitted answers count.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session

from core.auth import StaffUser
from core.collation import sort_key
from core.workdays import WorkWeek, working_weeks
from exports.outcome_sheets import outcome_rows, recommendation_rows
from exports.portfolio import PortfolioFilter, portfolio_statement
from intake.hours import (
    HoursEstimate,
    estimate_hours,
    hours_from_counts,  # noqa: F401 - the builders import it from here
    week_hours,
)
from intake.models import DocumentStatus, Exploration, Stakeholder, StakeholderTopic, TopicState
from intake.reference import DOCUMENTS, TOPICS, WEEKS
from planning.clock import local, zone
from planning.context import status_of
from planning.models import Interview, Plan, TeamMember
from surveys.aggregation import Aggregate, CellSummary, aggregate, summarize
from surveys.framework import FRAMEWORK
from surveys.models import PracticeComment, Rating, Respondent

BATCH = 2000
SCHEDULED_STATUSES = ("scheduled", "in_progress", "completed")
TOPIC_RANK = {t.id: t.number for t in TOPICS}
PRACTICE_RANK = {p.id: i for i, p in enumerate(FRAMEWORK.practices)}
ROLE_RANK = {r.id: i for i, r in enumerate(FRAMEWORK.roles)}
CELLS = tuple(FRAMEWORK.cells)


# Scope: which explorations -------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """The explorations an export covers: the dashboard's filter, or one exploration."""

    filters: PortfolioFilter = field(default_factory=PortfolioFilter)
    exploration_id: int | None = None

    @classmethod
    def one(cls, exploration_id: int) -> Scope:
        return cls(PortfolioFilter(include_drafts=True), exploration_id)

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        stmt = self.filters.apply(stmt)
        if self.exploration_id is not None:
            stmt = stmt.where(Exploration.id == self.exploration_id)
        return stmt

    def select(self, stmt: Select[Any]) -> Select[Any]:
        """Filter and order a statement that joins Exploration."""
        return self.filters.order(self.apply(stmt))


# Hours and weeks: intake.hours' rule and core.workdays' weeks, named here for the builders ------
class WeekPlan(NamedTuple):
    """One week of an exploration: its dates (None before the dates are agreed) and hours."""

    number: int
    start: date | None
    end: date | None
    lead_low: int
    lead_high: int
    stakeholders: int


def exploration_weeks(agreed_start: date, agreed_end: date | None = None) -> list[WorkWeek]:
    """The guide's weeks as working weeks: each ends on a Friday, the last on the agreed end."""
    return working_weeks(agreed_start, len(WEEKS), agreed_end)


def week_start(agreed_start: date, week: int) -> date:
    """The first working day of week `week` (week 1: the agreed start)."""
    return exploration_weeks(agreed_start)[week - 1].start


def week_plan(
    agreed_start: date | None, agreed_end: date | None, hours: HoursEstimate
) -> list[WeekPlan]:
    dates = exploration_weeks(agreed_start, agreed_end) if agreed_start else None
    plan = []
    for week in WEEKS:
        low, high, people = week_hours(week.number, hours)
        dated = dates[week.number - 1] if dates else None
        plan.append(
            WeekPlan(
                week.number,
                dated.start if dated else None,
                dated.end if dated else None,
                low,
                high,
                people,
            )
        )
    return plan


# Row shapes ------------------------------------------------------------------------------------
class RequestRow(NamedTuple):
    id: int
    reference: str | None
    status: str
    department_code: str | None
    department_other: str | None
    branch: str | None
    service_name: str | None
    lead_name: str | None
    lead_title: str | None
    lead_email: str | None
    lead_phone: str | None
    lead_language: str | None
    sponsor_name: str | None
    sponsor_title: str | None
    sponsor_email: str | None
    form_language: str | None
    submitted_at: datetime | None
    updated_at: datetime | None
    preferred_start: date | None
    latest_start: date | None
    agreed_start: date | None
    agreed_end: date | None
    timing_note: str | None
    problem: str | None
    users: str | None
    impact: str | None
    why_now: str | None
    constraints: str | None
    topics_named: int
    documents_shared: int
    respondents_submitted: int
    people: int
    interviews: int
    interviews_scheduled: int
    interviews_held: int
    interviews_unavailable: int
    agreement_sent_on: date | None
    agreement_signed_on: date | None
    team_lead: str | None = None  # names (an account without a name: its email)
    team_members: str | None = None  # "; "-separated, in alphabetical order


# The team's two fields are filled from a second query, a batch of rows at a time.
_TEAM_FIELDS = ("team_lead", "team_members")
_QUERIED_FIELDS = tuple(f for f in RequestRow._fields if f not in _TEAM_FIELDS)
TEAM_SEPARATOR = "; "


class InterviewRow(NamedTuple):
    """One interview of week 2; its times are local (naive) in the exploration's zone."""

    exploration_id: int
    reference: str | None
    department_code: str | None
    department_other: str | None
    time_zone: str
    interview_id: int
    topics: tuple[str, ...]
    people: tuple[str, ...]
    starts_at: datetime  # aware, in `time_zone`
    ends_at: datetime
    status: str  # planning.models.INTERVIEW_STATUSES
    held: bool
    partner_unavailable: bool
    partner_note: str | None


class StakeholderRow(NamedTuple):
    exploration_id: int
    reference: str | None
    department_code: str | None
    department_other: str | None
    stakeholder_id: int
    topic_id: str | None
    name: str
    title: str | None
    daily_role: str | None
    involvement: str | None
    frequency: str | None
    email: str | None
    language: str | None


class DocumentRow(NamedTuple):
    exploration_id: int
    reference: str | None
    department_code: str | None
    department_other: str | None
    document_id: str
    status: str | None
    note: str | None


class AnswerRow(NamedTuple):
    exploration_id: int
    reference: str | None
    department_code: str | None
    department_other: str | None
    respondent_number: int
    respondent_id: int
    functional_area: str | None
    respondent_level: str | None
    submitted_at: datetime | None
    practice_id: str
    role_id: str
    level: int | None


class CellRow(NamedTuple):
    exploration_id: int
    reference: str | None
    department_code: str | None
    department_other: str | None
    service_name: str | None
    respondents: int
    practice_id: str
    role_id: str
    summary: CellSummary


class RespondentRow(NamedTuple):
    number: int
    respondent_id: int
    functional_area: str | None
    respondent_level: str | None
    submitted_at: datetime | None
    overall_level: int | None
    overall_dont_know: bool
    overall_comment: str | None


class CommentRow(NamedTuple):
    respondent_number: int
    practice_id: str
    comment: str


# Queries -------------------------------------------------------------------------------------
def _stream(session: Session, stmt: Select[Any], batch: int = BATCH) -> Iterator[Any]:
    result = session.execute(stmt.execution_options(yield_per=batch))
    try:
        yield from result
    finally:
        result.close()


def _hours_subquery() -> Any:
    return (
        select(
            Stakeholder.exploration_id.label("eid"),
            func.count(func.distinct(Stakeholder.id)).label("people"),
            func.count(StakeholderTopic.id).label("interviews"),
        )
        .join(StakeholderTopic, StakeholderTopic.stakeholder_id == Stakeholder.id)
        .group_by(Stakeholder.exploration_id)
        .subquery()
    )


def request_statement(scope: Scope) -> Select[Any]:
    """The dashboard's portfolio statement (its filter, order and readiness counts) with every
    other field a sheet shows and the counts behind the hours estimate."""
    hours = _hours_subquery()
    stmt = (
        portfolio_statement(scope.filters)
        .add_columns(
            Exploration.branch,
            Exploration.lead_title,
            Exploration.lead_phone,
            Exploration.lead_language,
            Exploration.sponsor_name,
            Exploration.sponsor_title,
            Exploration.sponsor_email,
            Exploration.form_language,
            Exploration.timing_note,
            Exploration.problem,
            Exploration.users,
            Exploration.impact,
            Exploration.why_now,
            Exploration.constraints,
            func.coalesce(hours.c.people, 0).label("people"),
            func.coalesce(hours.c.interviews, 0).label("interviews"),
            Plan.agreement_sent_on,
            Plan.agreement_signed_on,
        )
        .outerjoin(hours, hours.c.eid == Exploration.id)
        .outerjoin(Plan, Plan.exploration_id == Exploration.id)
    )
    if scope.exploration_id is not None:
        stmt = stmt.where(Exploration.id == scope.exploration_id)
    return stmt


def iter_requests(
    session: Session, scope: Scope, statuses: Iterable[str] = ()
) -> Iterator[RequestRow]:
    stmt = request_statement(scope)
    wanted = tuple(statuses)
    if wanted:
        stmt = stmt.where(Exploration.status.in_(wanted))
    rows = (
        RequestRow(*(row._mapping[name] for name in _QUERIED_FIELDS))
        for row in _stream(session, stmt)
    )
    for batch in _batched(rows):
        teams = team_names(session, [row.id for row in batch])
        for row in batch:
            lead, members = teams.get(row.id, (None, None))
            yield row._replace(team_lead=lead, team_members=members)


def _batched(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    iterator = iter(rows)
    while batch := tuple(itertools.islice(iterator, BATCH)):
        yield batch


def team_names(
    session: Session, exploration_ids: list[int]
) -> dict[int, tuple[str | None, str | None]]:
    """(lead, members) per exploration: names, members in alphabetical order."""
    if not exploration_ids:
        return {}
    found: dict[int, tuple[list[str], list[str]]] = {}
    for eid, role, name, email in session.execute(
        select(TeamMember.exploration_id, TeamMember.role, StaffUser.name, StaffUser.email)
        .join(StaffUser, StaffUser.id == TeamMember.staff_user_id)
        .where(TeamMember.exploration_id.in_(exploration_ids))
    ):
        leads, members = found.setdefault(eid, ([], []))
        (leads if role == "lead" else members).append(name or email)
    return {
        eid: (
            TEAM_SEPARATOR.join(sorted(leads, key=sort_key)) or None,
            TEAM_SEPARATOR.join(sorted(members, key=sort_key)) or None,
        )
        for eid, (leads, members) in found.items()
    }


def _by_exploration(rows: Iterable[Any]) -> Iterator[tuple[int, list[Any]]]:
    for exploration_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        yield exploration_id, list(group)


def iter_stakeholders(session: Session, scope: Scope) -> Iterator[StakeholderRow]:
    """One row per person per topic (a person with no topic yet: one row, no topic), in topic
    order within each exploration."""
    stmt = scope.select(
        select(
            Exploration.id,
            Exploration.reference,
            Exploration.department_code,
            Exploration.department_other,
            Stakeholder.id,
            StakeholderTopic.topic_id,
            Stakeholder.name,
            Stakeholder.title,
            Stakeholder.daily_role,
            Stakeholder.involvement,
            Stakeholder.frequency,
            Stakeholder.email,
            Stakeholder.language,
        )
        .select_from(Stakeholder)
        .join(Exploration, Exploration.id == Stakeholder.exploration_id)
        .outerjoin(StakeholderTopic, StakeholderTopic.stakeholder_id == Stakeholder.id)
    ).order_by(Stakeholder.id, StakeholderTopic.id)
    for _eid, group in _by_exploration(_stream(session, stmt)):
        group.sort(key=lambda r: (TOPIC_RANK.get(r[5], 99), r[4]))
        for row in group:
            yield StakeholderRow(*row)


def iter_documents(session: Session, scope: Scope) -> Iterator[DocumentRow]:
    """Every exploration x the 15 checklist documents (an item not answered yet: no status)."""
    stmt = scope.select(
        select(
            Exploration.id,
            Exploration.reference,
            Exploration.department_code,
            Exploration.department_other,
            DocumentStatus.document_id,
            DocumentStatus.status,
            DocumentStatus.note,
        )
        .select_from(Exploration)
        .outerjoin(DocumentStatus, DocumentStatus.exploration_id == Exploration.id)
    )
    for _eid, group in _by_exploration(_stream(session, stmt)):
        first = group[0]
        known = {row[4]: row for row in group if row[4] is not None}
        for document in DOCUMENTS:
            row = known.get(document.id)
            yield DocumentRow(
                first[0],
                first[1],
                first[2],
                first[3],
                document.id,
                row[5] if row else None,
                row[6] if row else None,
            )


def iter_answers(session: Session, scope: Scope) -> Iterator[AnswerRow]:
    """Every submitted answer, respondents numbered 1, 2, ... per exploration in the order
    they submitted, each respondent's cells in grid order."""
    stmt = scope.select(
        select(
            Exploration.id,
            Exploration.reference,
            Exploration.department_code,
            Exploration.department_other,
            Respondent.id,
            Respondent.functional_area,
            Respondent.level,
            Respondent.submitted_at,
            Rating.practice_id,
            Rating.role_id,
            Rating.level,
        )
        .select_from(Rating)
        .join(Respondent, Respondent.id == Rating.respondent_id)
        .join(Exploration, Exploration.id == Respondent.exploration_id)
        .where(Respondent.submitted_at.is_not(None))
    ).order_by(Respondent.submitted_at, Respondent.id)
    for _eid, group in _by_exploration(_stream(session, stmt)):
        respondents = itertools.groupby(group, key=lambda r: r[4])
        for number, (_rid, answers) in enumerate(respondents, start=1):
            ordered = sorted(
                answers, key=lambda r: (PRACTICE_RANK.get(r[8], 99), ROLE_RANK.get(r[9], 99))
            )
            for r in ordered:
                yield AnswerRow(r[0], r[1], r[2], r[3], number, *r[4:])


def _distribution_subquery() -> Any:
    return (
        select(
            Respondent.exploration_id.label("eid"),
            Rating.practice_id.label("practice_id"),
            Rating.role_id.label("role_id"),
            Rating.level.label("level"),
            func.count().label("n"),
        )
        .join(Respondent, Respondent.id == Rating.respondent_id)
        .where(Respondent.submitted_at.is_not(None))
        .group_by(Respondent.exploration_id, Rating.practice_id, Rating.role_id, Rating.level)
        .subquery()
    )


def iter_cells(session: Session, scope: Scope) -> Iterator[CellRow]:
    """Every exploration x the 18 cells of the grid, summarized by surveys.aggregation.

    The database counts answers per level (at most five rows a cell), so this reads about a
    quarter of the answers' rows."""
    dist = _distribution_subquery()
    respondents = (
        select(Respondent.exploration_id.label("eid"), func.count().label("n"))
        .where(Respondent.submitted_at.is_not(None))
        .group_by(Respondent.exploration_id)
        .subquery()
    )
    stmt = scope.select(
        select(
            Exploration.id,
            Exploration.reference,
            Exploration.department_code,
            Exploration.department_other,
            Exploration.service_name,
            func.coalesce(respondents.c.n, 0),
            dist.c.practice_id,
            dist.c.role_id,
            dist.c.level,
            dist.c.n,
        )
        .select_from(Exploration)
        .outerjoin(respondents, respondents.c.eid == Exploration.id)
        .outerjoin(dist, dist.c.eid == Exploration.id)
    )
    for _eid, group in _by_exploration(_stream(session, stmt)):
        first = group[0]
        levels: dict[tuple[str, str], list[int | None]] = {cell: [] for cell in CELLS}
        for row in group:
            key = (row[6], row[7])
            if key in levels:
                levels[key].extend([row[8]] * row[9])
        for practice_id, role_id in CELLS:
            yield CellRow(
                *first[:6], practice_id, role_id, summarize(levels[(practice_id, role_id)])
            )


def people_of(topics: Iterable[str], by_topic: dict[str, list[tuple[int, str]]]) -> list[str]:
    """The names of the people named for `topics`, each once, as planning lists them (topic
    by topic, in the order they were added)."""
    seen: dict[int, str] = {}
    for topic in topics:
        for person_id, name in by_topic.get(topic, []):
            seen.setdefault(person_id, name)
    return list(seen.values())


def iter_interviews(session: Session, scope: Scope) -> Iterator[InterviewRow]:
    """Every interview, explorations in the dashboard's order and each one's interviews by
    start, with the people named for its topics. The people come from a second stream in the
    same order of explorations (those with interviews only), read in step with the first:
    one exploration's people in memory at a time."""
    stmt = scope.select(
        select(
            Exploration.id,
            Exploration.reference,
            Exploration.department_code,
            Exploration.department_other,
            Plan.time_zone,
            Interview.id,
            Interview.topic_ids,
            Interview.starts_at,
            Interview.ends_at,
            Interview.status,
            Interview.held,
            Interview.partner_unavailable,
            Interview.partner_note,
        )
        .select_from(Interview)
        .join(Exploration, Exploration.id == Interview.exploration_id)
        .outerjoin(Plan, Plan.exploration_id == Exploration.id)
    ).order_by(Interview.starts_at, Interview.id)
    people_stmt = scope.select(
        select(Exploration.id, StakeholderTopic.topic_id, Stakeholder.id, Stakeholder.name)
        .select_from(Stakeholder)
        .join(Exploration, Exploration.id == Stakeholder.exploration_id)
        .join(StakeholderTopic, StakeholderTopic.stakeholder_id == Stakeholder.id)
        .where(exists().where(Interview.exploration_id == Exploration.id))
    ).order_by(Stakeholder.id, StakeholderTopic.id)
    people_groups = _by_exploration(_stream(session, people_stmt))
    pending = next(people_groups, None)
    for exploration_id, group in _by_exploration(_stream(session, stmt)):
        by_topic: dict[str, list[tuple[int, str]]] = {}
        if pending is not None and pending[0] == exploration_id:
            for _eid, topic_id, person_id, name in pending[1]:
                by_topic.setdefault(topic_id, []).append((person_id, name))
            pending = next(people_groups, None)
        tz = zone(group[0][4])
        for row in group:
            topics = tuple(t for t in (row[6] or "").split(",") if t)
            yield InterviewRow(
                row[0],
                row[1],
                row[2],
                row[3],
                tz.key,
                row[5],
                topics,
                tuple(people_of(topics, by_topic)),
                local(row[7], tz),
                local(row[8], tz),
                row[9],
                bool(row[10]),
                bool(row[11]),
                row[12],
            )


@dataclass(frozen=True)
class WorkbookData:
    """What a workbook shows, sheet by sheet: each a callable returning a fresh iterator, so
    that each sheet streams its own query. Builders never see a session."""

    requests: Callable[[], Iterable[RequestRow]]
    stakeholders: Callable[[], Iterable[StakeholderRow]]
    schedule: Callable[[], Iterable[RequestRow]]
    documents: Callable[[], Iterable[DocumentRow]]
    answers: Callable[[], Iterable[AnswerRow]]
    cells: Callable[[], Iterable[CellRow]]
    interviews: Callable[[], Iterable[InterviewRow]] = tuple
    # Only in the per-exploration workbook:
    respondents: Callable[[], Iterable[RespondentRow]] | None = None
    comments: Callable[[], Iterable[CommentRow]] | None = None
    # The outcome's sheets (exports.outcome_sheets); None leaves them out.
    outcomes: Callable[[], Iterable[Any]] | None = None
    recommendations: Callable[[], Iterable[Any]] | None = None


def workbook_data(session: Session, scope: Scope) -> WorkbookData:
    detail = scope.exploration_id is not None
    return WorkbookData(
        requests=lambda: iter_requests(session, scope),
        stakeholders=lambda: iter_stakeholders(session, scope),
        schedule=lambda: (
            row
            for row in iter_requests(session, scope, SCHEDULED_STATUSES)
            if row.agreed_start is not None
        ),
        documents=lambda: iter_documents(session, scope),
        answers=lambda: iter_answers(session, scope),
        cells=lambda: iter_cells(session, scope),
        interviews=lambda: iter_interviews(session, scope),
        respondents=(lambda: iter_respondents(session, scope.exploration_id)) if detail else None,
        comments=(lambda: iter_comments(session, scope.exploration_id)) if detail else None,
        outcomes=lambda: outcome_rows(session, scope),
        recommendations=lambda: recommendation_rows(session, scope),
    )


def _submitted_respondents(exploration_id: int) -> Select[Any]:
    return (
        select(
            Respondent.id,
            Respondent.functional_area,
            Respondent.level,
            Respondent.submitted_at,
            Respondent.overall_level,
            Respondent.overall_dont_know,
            Respondent.overall_comment,
        )
        .where(Respondent.exploration_id == exploration_id, Respondent.submitted_at.is_not(None))
        .order_by(Respondent.submitted_at, Respondent.id)
    )


def iter_respondents(session: Session, exploration_id: int | None) -> Iterator[RespondentRow]:
    if exploration_id is None:
        return
    for number, row in enumerate(session.execute(_submitted_respondents(exploration_id)), 1):
        yield RespondentRow(number, *row)


def iter_comments(session: Session, exploration_id: int | None) -> Iterator[CommentRow]:
    """Each practice comment with its respondent's number, in grid order per respondent."""
    if exploration_id is None:
        return
    numbers = {
        row[0]: n
        for n, row in enumerate(session.execute(_submitted_respondents(exploration_id)), 1)
    }
    rows = session.execute(
        select(PracticeComment.respondent_id, PracticeComment.practice_id, PracticeComment.comment)
        .join(Respondent, Respondent.id == PracticeComment.respondent_id)
        .where(Respondent.exploration_id == exploration_id, Respondent.submitted_at.is_not(None))
    ).all()
    rows.sort(key=lambda r: (numbers.get(r[0], 0), PRACTICE_RANK.get(r[1], 99)))
    for respondent_id, practice_id, comment in rows:
        if comment:
            yield CommentRow(numbers.get(respondent_id, 0), practice_id, comment)


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
