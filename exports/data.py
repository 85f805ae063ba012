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
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from core.auth import StaffUser
from core.collation import sort_key
from exports.answer_data import iter_cells, iter_comments, iter_respondents
from exports.outcome_sheets import outcome_rows, recommendation_rows
from exports.portfolio import portfolio_statement
from exports.rows import (
    BATCH,
    PRACTICE_RANK,
    QUERIED_FIELDS,
    ROLE_RANK,
    SCHEDULED_STATUSES,
    TEAM_SEPARATOR,
    TOPIC_RANK,
    AnswerRow,
    CellRow,
    CommentRow,
    DocumentRow,
    InterviewRow,
    RequestRow,
    RespondentRow,
    Scope,
    StakeholderRow,
    by_exploration,
    stream_rows,
)
from intake.models import DocumentStatus, Exploration, Stakeholder, StakeholderTopic
from intake.reference import DOCUMENTS
from planning.clock import local, zone
from planning.models import Interview, Plan, TeamMember
from surveys.models import Rating, Respondent


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
        RequestRow(*(row[name] for name in QUERIED_FIELDS))
        for row in stream_rows(session, stmt, by_name=True)
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
    for _eid, group in by_exploration(stream_rows(session, stmt)):
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
    for _eid, group in by_exploration(stream_rows(session, stmt)):
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
    for _eid, group in by_exploration(stream_rows(session, stmt)):
        respondents = itertools.groupby(group, key=lambda r: r[4])
        for number, (_rid, answers) in enumerate(respondents, start=1):
            ordered = sorted(
                answers, key=lambda r: (PRACTICE_RANK.get(r[8], 99), ROLE_RANK.get(r[9], 99))
            )
            for r in ordered:
                yield AnswerRow(r[0], r[1], r[2], r[3], number, *r[4:])


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
    people_groups = by_exploration(stream_rows(session, people_stmt))
    pending = next(people_groups, None)
    for exploration_id, group in by_exploration(stream_rows(session, stmt)):
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
