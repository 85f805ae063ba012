"""What the retention tests read back: an exploration's values, its aggregates, the whole
database as rows (to prove a run changed nothing)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask
from sqlalchemy import select, text

from core.db import Base, db
from exports.answer_data import iter_cells
from exports.rows import Scope
from exports.summary import load_summary
from intake.models import DocumentStatus, Exploration, Stakeholder
from staff.models import Note
from surveys.models import PracticeComment, Respondent

NOW = datetime(2029, 1, 15, 3, 0)
LONG_AGO = datetime(2026, 7, 1, 12, 0)  # closed 30 months before NOW: due
LATELY = datetime(2027, 6, 1, 12, 0)  # closed 19 months before NOW: not due
OLD_DRAFT = datetime(2028, 9, 1, 12, 0)  # 136 days before NOW: due
FRESH_DRAFT = datetime(2029, 1, 1, 12, 0)  # 14 days: not due

RESPONDENTS = (
    {"default": 2, "comments": {"open": "Marie-Ève pense que…"}, "overall_comment": "Bravo"},
    {"default": 4, "levels": {("open", "leadership"): 1}, "functional_area": "legal"},
    {"default": None, "overall": None, "level": "executive"},
    {"default": 3, "submitted": False},
)


def personal_values(exploration_id: int) -> list[Any]:
    """Every personal value the schedule removes from one exploration, in a fixed order."""
    e = db.get(Exploration, exploration_id)
    db.refresh(e)
    values: list[Any] = [
        e.lead_name,
        e.lead_title,
        e.lead_email,
        e.lead_phone,
        e.sponsor_name,
        e.problem,
        e.users,
        e.impact,
        e.why_now,
        e.constraints,
    ]
    values += db.scalars(
        select(Stakeholder.name).where(Stakeholder.exploration_id == exploration_id)
    ).all()
    values += db.scalars(
        select(Stakeholder.email).where(Stakeholder.exploration_id == exploration_id)
    ).all()
    values += db.scalars(
        select(DocumentStatus.note).where(DocumentStatus.exploration_id == exploration_id)
    ).all()
    values += db.scalars(
        select(PracticeComment.comment)
        .join(Respondent)
        .where(Respondent.exploration_id == exploration_id)
    ).all()
    values += db.scalars(select(Note.body).where(Note.exploration_id == exploration_id)).all()
    return values


def aggregates(exploration_id: int) -> tuple[Any, Any]:
    """The survey's figures two ways: the summary's aggregate (numbers only) and the
    workbook's 18 cells."""
    summary = load_summary(db, exploration_id)
    survey = summary.survey
    figures = (survey.respondents, survey.cells, survey.practices, survey.roles, survey.overall)
    cells = [
        (c.practice_id, c.role_id, c.respondents, c.summary)
        for c in iter_cells(db, Scope.one(exploration_id))
    ]
    return figures, cells


def database_rows(app: Flask) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: equal before and after means nothing changed."""
    with app.app_context():
        out = {}
        for table in Base.metadata.sorted_tables:
            rows = db.execute(text(f"SELECT * FROM {table.name}")).all()
            out[table.name] = sorted(tuple(map(repr, r)) for r in rows)
        return out
