"""The survey's results as staff and the partner see them: each person's answers (staff) and
the aggregate, made of the released answers only for the partner (surveys.service stores the
answers and releases them in steps). Views, exports and the outcome read them here, in the
current request's session (core.db.db)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from core.db import db
from surveys.aggregation import OVERALL, Aggregate, Answer, Comment, OverallAnswer, aggregate
from surveys.models import Respondent
from surveys.service import Cell, comments_of, ratings_of


@dataclass(frozen=True)
class RespondentAnswers:
    """One person's answers as staff see them. `number` names them within the exploration
    (1, 2, ... in the order they started), the same number the aggregate's comments use."""

    number: int
    functional_area: str | None
    level: str | None
    started_at: datetime
    submitted_at: datetime | None
    ratings: Mapping[Cell, int | None]
    overall_level: int | None
    overall_dont_know: bool
    comments: Mapping[str, str] = field(default_factory=dict)  # practice id or OVERALL

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def overall_answered(self) -> bool:
        return self.overall_level is not None or self.overall_dont_know


def _respondents(exploration_id: int, *, released_only: bool = False) -> list[Respondent]:
    wanted = [Respondent.exploration_id == exploration_id]
    if released_only:
        wanted.append(Respondent.released_at.is_not(None))
    return list(
        db.scalars(
            select(Respondent)
            .where(*wanted)
            .order_by(Respondent.id)
            .options(selectinload(Respondent.ratings), selectinload(Respondent.comments))
        )
    )


def individual_answers(
    exploration_id: int, *, released_only: bool = False
) -> list[RespondentAnswers]:
    """Every respondent's answers, submitted or not (staff only); with `released_only`, the
    answers released into the partner's results (to aggregate them)."""
    result = []
    for number, person in enumerate(_respondents(exploration_id, released_only=released_only), 1):
        comments = comments_of(person)
        if person.overall_comment:
            comments[OVERALL] = person.overall_comment
        result.append(
            RespondentAnswers(
                number=number,
                functional_area=person.functional_area,
                level=person.level,
                started_at=person.created_at,
                submitted_at=person.submitted_at,
                ratings=ratings_of(person),
                overall_level=person.overall_level,
                overall_dont_know=bool(person.overall_dont_know),
                comments=comments,
            )
        )
    return result


def aggregate_answers(people: list[RespondentAnswers]) -> Aggregate:
    """The aggregate of the given respondents' answers (pure; numbers name the people)."""
    answers = [
        Answer(p.number, practice_id, role_id, level, p.functional_area, p.level)
        for p in people
        for (practice_id, role_id), level in p.ratings.items()
    ]
    overall = [
        OverallAnswer(p.number, p.overall_level, p.functional_area, p.level)
        for p in people
        if p.overall_answered
    ]
    comments = [
        Comment(p.number, topic, text, p.functional_area, p.level)
        for p in people
        for topic, text in p.comments.items()
    ]
    return aggregate(answers, overall, comments)


def answer_count(exploration_id: int) -> int:
    """How many people submitted their answers (the count the partner lead sees)."""
    return (
        db.scalar(
            select(func.count(Respondent.id)).where(
                Respondent.exploration_id == exploration_id, Respondent.submitted_at.is_not(None)
            )
        )
        or 0
    )


def participation_query(exploration_id: int) -> Select[Any]:
    """One row: how many people started the survey, submitted, and have their answers
    released to the partner (the partner's results and the final report)."""
    return select(
        func.count(Respondent.id),
        func.count(Respondent.submitted_at),
        func.count(Respondent.released_at),
    ).where(Respondent.exploration_id == exploration_id)


def results_for(exploration_id: int, *, staff: bool) -> dict[str, Any]:
    """Results of one exploration's survey, for staff or for the partner lead.

    Keys: `submitted` (people who submitted), `in_progress` (started, not submitted),
    `threshold` (SURVEY_RESULTS_THRESHOLD), `released` (answers in the partner's results),
    `waiting` (submitted, not yet released), `visible` (staff: always; partner: once a first
    release was made), `aggregate` (staff: every submitted answer; partner: the released ones
    only, or None) and `respondents` (staff: every RespondentAnswers; partner: always []).
    """
    threshold = int(current_app.config["SURVEY_RESULTS_THRESHOLD"])
    if not staff:
        counts = db.execute(participation_query(exploration_id)).one()
        started, submitted, released = (int(n) for n in counts)
        aggregate_result = None
        if released:
            aggregate_result = aggregate_answers(
                individual_answers(exploration_id, released_only=True)
            )
        return {
            "submitted": submitted,
            "in_progress": started - submitted,
            "threshold": threshold,
            "released": released,
            "waiting": submitted - released,
            "visible": released > 0,
            "aggregate": aggregate_result,
            "respondents": [],
        }
    everyone = individual_answers(exploration_id)
    submitted_people = [p for p in everyone if p.submitted]
    return {
        "submitted": len(submitted_people),
        "in_progress": len(everyone) - len(submitted_people),
        "threshold": threshold,
        "released": None,
        "waiting": None,
        "visible": True,
        "aggregate": aggregate_answers(submitted_people),
        "respondents": everyone,
    }
