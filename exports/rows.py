"""What an export reads, in plain shapes: which explorations (Scope), the row tuples each
sheet gets, and the batched stream every query goes through."""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Select
from sqlalchemy.orm import Session

from exports.portfolio import PortfolioFilter
from intake.models import Exploration
from intake.reference import TOPICS
from surveys.aggregation import CellSummary
from surveys.framework import FRAMEWORK

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
QUERIED_FIELDS = tuple(f for f in inspect.get_annotations(RequestRow) if f not in _TEAM_FIELDS)
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
def stream_rows(
    session: Session, stmt: Select[Any], batch: int = BATCH, *, by_name: bool = False
) -> Iterator[Any]:
    """The statement's rows, `batch` at a time; `by_name` gives them as mappings of column
    name to value (SQLAlchemy's `Result.mappings()`), for a row type in another order."""
    result = session.execute(stmt.execution_options(yield_per=batch))
    try:
        yield from (result.mappings() if by_name else result)
    finally:
        result.close()


def by_exploration(rows: Iterable[Any]) -> Iterator[tuple[int, list[Any]]]:
    for exploration_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        yield exploration_id, list(group)
