"""The portfolio of explorations as rows: one filter for the staff dashboard and the workbook,
and the readiness counts before kickoff, computed in SQL with a constant number of queries.

Readiness: interview topics with at least one person named (out of 9), documents marked
shared (out of 15), survey respondents who submitted, and the week-2 interviews scheduled and
held, with those the partner's lead says someone cannot attend (planning).

Two filters come from the plan: the CDS team (one member, "my explorations" being the
signed-in person) and whether the agreement is signed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, exists, false, func, not_, select
from sqlalchemy.orm import Session

from intake.models import STATUSES, DocumentStatus, Exploration, Stakeholder, StakeholderTopic
from intake.reference import DOCUMENTS, TOPICS
from intake.search_query import (
    search_condition,
    search_join,
    search_rank,
    search_terms,
    searched_reference,
)
from intake.status_counts import counts_by_status
from planning.models import Interview, Plan, TeamMember
from surveys.models import Respondent

TOPIC_COUNT = len(TOPICS)
DOCUMENT_COUNT = len(DOCUMENTS)

# The dashboard's statements are kept per filter (PortfolioFilter is frozen, so hashable):
# building one and computing its SQLAlchemy cache key took longer than running it on SQLite.
# Most requests ask for the same few filters (the default view above all), and the page number
# is a bound parameter, so every page of a filter shares its statement. About 60 KB a filter,
# so at most 4 MB per process.
STATEMENT_CACHE_SIZE = 64

SORTABLE = {
    "reference": Exploration.reference,
    "department": Exploration.department_code,
    "service": Exploration.service_name,
    "status": Exploration.status,
    "preferred_start": Exploration.preferred_start,
    "submitted": Exploration.submitted_at,
    "updated": Exploration.updated_at,
}


@dataclass(frozen=True)
class PortfolioFilter:
    """What the dashboard's query string asks for; the workbook takes the same filter."""

    statuses: tuple[str, ...] = ()
    department: str | None = None
    start_from: date | None = None
    start_to: date | None = None
    search: str | None = None
    sort: str = "submitted"
    descending: bool = True
    include_drafts: bool = False
    team_member: int | None = None  # a staff account's id: explorations whose team has them
    agreement_signed: bool | None = None  # None: either way

    def __post_init__(self) -> None:
        unknown = [s for s in self.statuses if s not in STATUSES]
        if unknown:
            raise ValueError(f"unknown status {unknown[0]!r}")
        if self.sort not in SORTABLE:
            raise ValueError(f"cannot sort by {self.sort!r}")

    def apply(self, stmt: Select[Any], *, join_search: bool = False) -> Select[Any]:
        """`stmt` narrowed to what the filter picks. With `join_search`, a search joins the
        explorations' search rows (intake.search_query.search_join) and matches on them, and the
        order's rank reads the same row (see order): for the dashboard's own statements,
        whose FROM is explorations alone."""
        conditions = []
        if self.statuses:
            conditions.append(Exploration.status.in_(self.statuses))
        elif not self.include_drafts:
            conditions.append(Exploration.status != "draft")
        if self.department:
            conditions.append(Exploration.department_code == self.department)
        if self.start_from:
            conditions.append(Exploration.preferred_start >= self.start_from)
        if self.start_to:
            conditions.append(Exploration.preferred_start <= self.start_to)
        if self.team_member is not None:
            conditions.append(
                exists().where(
                    TeamMember.exploration_id == Exploration.id,
                    TeamMember.staff_user_id == self.team_member,
                )
            )
        if self.agreement_signed is not None:
            signed = exists().where(
                Plan.exploration_id == Exploration.id, Plan.agreement_signed_on.is_not(None)
            )
            conditions.append(signed if self.agreement_signed else not_(signed))
        terms = self.terms
        if self.reference is not None:
            conditions.append(Exploration.reference == self.reference)
        elif terms:
            conditions.append(search_condition(terms, joined=join_search))
            if join_search:
                stmt = search_join(stmt)
        elif self.search and self.search.strip():
            conditions.append(false())  # only punctuation: no word to find
        if conditions:
            stmt = stmt.where(and_(*conditions))
        return stmt

    @property
    def reference(self) -> str | None:
        """The reference searched for, when the search is one whole reference."""
        return searched_reference(self.search)

    @property
    def terms(self) -> tuple[str, ...]:
        """The folded words searched for (intake.search_query): none without a search, or when
        the search is a whole reference (found by the reference itself)."""
        return () if self.reference is not None else search_terms(self.search)

    def order(self, stmt: Select[Any], rank: Any = None) -> Select[Any]:
        """Best matches first when searching, then the column asked for, NULLs last, then
        the id in the same direction (intake.indexes has an index for each of these orders).
        `rank`: the search rank as the statement has it (a joined search row's, or a
        subquery's column), else it is looked up for each row."""
        column = SORTABLE[self.sort]
        if self.descending:
            keys = [column.desc().nulls_last(), Exploration.id.desc()]
        else:
            keys = [column.asc().nulls_last(), Exploration.id.asc()]
        if self.terms:
            keys.insert(0, (search_rank(self.terms) if rank is None else rank).desc())
        return stmt.order_by(*keys)

    @property
    def narrows(self) -> bool:
        """True when a condition other than the statuses (or drafts) picks explorations."""
        others = (self.start_from, self.start_to, self.team_member, self.agreement_signed)
        return bool(self.department or self.search) or any(v is not None for v in others)

    def without_statuses(self) -> PortfolioFilter:
        """The same filter for every status, drafts included (the counts per status)."""
        return replace(self, statuses=(), include_drafts=True)


@dataclass
class PortfolioRow:
    id: int
    reference: str | None
    status: str
    department_code: str | None
    department_other: str | None
    service_name: str | None
    lead_name: str | None
    lead_email: str | None
    preferred_start: date | None
    latest_start: date | None
    agreed_start: date | None
    agreed_end: date | None
    submitted_at: datetime | None
    updated_at: datetime | None
    topics_named: int = 0
    documents_shared: int = 0
    respondents_submitted: int = 0
    interviews_scheduled: int = 0  # not cancelled (held ones included)
    interviews_held: int = 0
    interviews_unavailable: int = 0  # not cancelled, the partner says someone cannot attend
    form_language: str | None = None  # the language the partner wrote in (dashboard pages)
    extra: dict[str, Any] = field(default_factory=dict)


# The columns of a row, in PortfolioRow's order, without the readiness counts.
ROW_COLUMNS = (
    Exploration.id,
    Exploration.reference,
    Exploration.status,
    Exploration.department_code,
    Exploration.department_other,
    Exploration.service_name,
    Exploration.lead_name,
    Exploration.lead_email,
    Exploration.preferred_start,
    Exploration.latest_start,
    Exploration.agreed_start,
    Exploration.agreed_end,
    Exploration.submitted_at,
    Exploration.updated_at,
)


# What counts for an interview: not cancelled; held; not cancelled and "not available".
_INTERVIEW_COUNTS = (
    ("interviews_scheduled", Interview.status != "cancelled"),
    ("interviews_held", and_(Interview.status != "cancelled", Interview.held.is_(True))),
    (
        "interviews_unavailable",
        and_(Interview.status != "cancelled", Interview.partner_unavailable.is_(True)),
    ),
)


def _interview_subquery() -> Any:
    """The interview counts per exploration, grouped once (for the workbook)."""
    return (
        select(
            Interview.exploration_id.label("eid"),
            *(func.count().filter(condition).label(name) for name, condition in _INTERVIEW_COUNTS),
        )
        .group_by(Interview.exploration_id)
        .subquery()
    )


def _readiness_subqueries() -> tuple[Any, Any, Any]:
    """Counts per exploration for the whole portfolio, grouped once (for the workbook)."""
    topics = (
        select(
            Stakeholder.exploration_id.label("eid"),
            func.count(func.distinct(StakeholderTopic.topic_id)).label("n"),
        )
        .join(StakeholderTopic, StakeholderTopic.stakeholder_id == Stakeholder.id)
        .group_by(Stakeholder.exploration_id)
        .subquery()
    )
    documents = (
        select(DocumentStatus.exploration_id.label("eid"), func.count().label("n"))
        .where(DocumentStatus.status == "shared")
        .group_by(DocumentStatus.exploration_id)
        .subquery()
    )
    respondents = (
        select(Respondent.exploration_id.label("eid"), func.count().label("n"))
        .where(Respondent.submitted_at.is_not(None))
        .group_by(Respondent.exploration_id)
        .subquery()
    )
    return topics, documents, respondents


# The same counts for the one exploration of the enclosing query's row, as correlated scalar
# subqueries: a page evaluates them for its own rows only, through the exploration_id indexes.
# Built once: they are the same for every page, and building them took longer than running
# them.
READINESS_COLUMNS = (
    select(func.count(func.distinct(StakeholderTopic.topic_id)))
    .select_from(Stakeholder)
    .join(StakeholderTopic, StakeholderTopic.stakeholder_id == Stakeholder.id)
    .where(Stakeholder.exploration_id == Exploration.id)
    .correlate(Exploration)
    .scalar_subquery()
    .label("topics_named"),
    select(func.count())
    .select_from(DocumentStatus)
    .where(DocumentStatus.exploration_id == Exploration.id, DocumentStatus.status == "shared")
    .correlate(Exploration)
    .scalar_subquery()
    .label("documents_shared"),
    select(func.count())
    .select_from(Respondent)
    .where(Respondent.exploration_id == Exploration.id, Respondent.submitted_at.is_not(None))
    .correlate(Exploration)
    .scalar_subquery()
    .label("respondents_submitted"),
    *(
        select(func.count())
        .select_from(Interview)
        .where(Interview.exploration_id == Exploration.id, condition)
        .correlate(Exploration)
        .scalar_subquery()
        .label(name)
        for name, condition in _INTERVIEW_COUNTS
    ),
)


def portfolio_statement(filters: PortfolioFilter) -> Select[Any]:
    """One SELECT for every row of the portfolio with its readiness counts (the workbook)."""
    topics, documents, respondents = _readiness_subqueries()
    interviews = _interview_subquery()
    stmt = (
        select(
            *ROW_COLUMNS,
            func.coalesce(topics.c.n, 0).label("topics_named"),
            func.coalesce(documents.c.n, 0).label("documents_shared"),
            func.coalesce(respondents.c.n, 0).label("respondents_submitted"),
            *(
                func.coalesce(interviews.c[name], 0).label(name)
                for name, _condition in _INTERVIEW_COUNTS
            ),
        )
        .outerjoin(topics, topics.c.eid == Exploration.id)
        .outerjoin(documents, documents.c.eid == Exploration.id)
        .outerjoin(respondents, respondents.c.eid == Exploration.id)
        .outerjoin(interviews, interviews.c.eid == Exploration.id)
    )
    return filters.order(filters.apply(stmt))


@functools.lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _count_statement(filters: PortfolioFilter) -> Select[Any]:
    query = select(func.count()).select_from(Exploration)
    return filters.apply(query, join_search=True)


# A page's columns, in PortfolioRow's order: its rows are made from the columns by position.
PAGE_COLUMNS = (*ROW_COLUMNS, *READINESS_COLUMNS, Exploration.form_language)
assert [column.key for column in PAGE_COLUMNS] == [f.name for f in fields(PortfolioRow)][:-1]


@functools.lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _page_statement(filters: PortfolioFilter) -> Select[Any]:
    """The page's rows: its ids are a subquery (filtered, sorted, then LIMIT :limit OFFSET
    :offset), and the readiness counts are correlated subqueries, so they are counted for the
    page's rows only, whatever the size of the portfolio."""
    rank = search_rank(filters.terms, joined=True) if filters.terms else None
    columns = [Exploration.id] if rank is None else [Exploration.id, rank.label("rank")]
    ids = (
        filters.order(filters.apply(select(*columns), join_search=True), rank)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    page = select(*PAGE_COLUMNS).join(ids, ids.c.id == Exploration.id)
    return filters.order(page, None if rank is None else ids.c.rank)


@functools.lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _status_count_statement(filters: PortfolioFilter) -> Select[Any]:
    everything = filters.without_statuses()
    query = select(Exploration.status, func.count()).select_from(Exploration)
    return everything.apply(query, join_search=True).group_by(Exploration.status)


def status_counts(session: Session, filters: PortfolioFilter) -> dict[str, int]:
    """How many explorations match the filter's other conditions, per status (drafts
    included), in one query: the counts above the dashboard's table, whose matching
    statuses add up to its total (see total_of). Without other conditions, the counts the
    database keeps (intake.status_counts) instead of counting the whole portfolio."""
    if not filters.narrows:
        return counts_by_status(session.connection())
    return dict(session.connection().execute(_status_count_statement(filters)).all())


def total_of(filters: PortfolioFilter, counts: dict[str, int]) -> int:
    """The number of explorations `filters` matches, from status_counts()."""
    if filters.statuses:
        wanted = set(filters.statuses)
    else:
        wanted = {s for s in STATUSES if filters.include_drafts or s != "draft"}
    return sum(n for status, n in counts.items() if status in wanted)


def count_portfolio(session: Session, filters: PortfolioFilter) -> int:
    """How many explorations match. Like portfolio_page, it reads plain columns on the
    session's connection (in its transaction, without autoflush): Session.execute's result
    handling is for ORM entities, and cost as much as the query."""
    return session.connection().scalar(_count_statement(filters)) or 0


def portfolio_page(
    session: Session, filters: PortfolioFilter, *, page: int = 1, per_page: int = 25
) -> list[PortfolioRow]:
    """One page of rows, in one query whose cost is a page's whatever the portfolio's size.
    Run on the session's connection, as count_portfolio is; rows are made by position."""
    offset = (max(page, 1) - 1) * per_page
    result = session.connection().execute(
        _page_statement(filters), {"limit": per_page, "offset": offset}
    )
    return [PortfolioRow(*row) for row in result]
