"""The survey's rows for the workbooks: answers, the 6 x 3 aggregate per exploration,
respondents and comments, each one streamed query."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from exports.rows import (
    CELLS,
    PRACTICE_RANK,
    CellRow,
    CommentRow,
    RespondentRow,
    Scope,
    by_exploration,
    stream_rows,
)
from intake.models import Exploration
from surveys.aggregation import summarize
from surveys.models import PracticeComment, Rating, Respondent


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
    for _eid, group in by_exploration(stream_rows(session, stmt)):
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
