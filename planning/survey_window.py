"""The survey window: the self-assessment closes by itself at a date (default: the kickoff).

Closing runs every minute as scheduled work, and before any survey page answers (so that a
respondent never answers past the window), idempotently, with the surveys' own `close_survey`
(respondents' links show the existing closed page and keep what they saved). Each plan's window
is applied once: a survey staff reopen afterwards stays open, and a new closing date set by
staff arms the window again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select

from core.db import db, reading, writing
from core.jobs import scheduled
from core.timeutil import utcnow
from intake.models import Exploration
from planning.models import Plan
from surveys.service import close_survey


def _due(now: datetime) -> Any:
    return and_(
        Plan.survey_window_applied.is_(False),
        or_(
            Plan.survey_closes_at <= now,
            (Plan.survey_closes_at.is_(None)) & (Plan.kickoff_at <= now),
        ),
    )


def apply_due_windows() -> int:
    """Close every open survey whose window has passed; returns how many were closed.

    It runs before every survey page, so it first only looks, in a transaction of its own
    that takes no write lock: a respondent's save then takes SQLite's write lock only to
    write (surveys.flow.answering). When a window is due, it closes it in a write
    transaction."""
    now = utcnow()
    with reading():
        anything_due = db.scalar(select(Plan.id).where(_due(now)).limit(1))
        db.commit()
    if anything_due is None:
        return 0
    with writing():
        due = db.scalars(select(Plan).where(_due(now))).all()
    closed = 0
    for plan in due:
        exploration = db.get(Exploration, plan.exploration_id)
        if exploration is not None and exploration.survey_open:
            close_survey(exploration, actor_kind="system")
            closed += 1
        plan.survey_window_applied = True
    if due:
        db.commit()
    return closed


@scheduled("planning.survey_windows", every=timedelta(minutes=1))
def close_due_windows(now: datetime) -> Mapping[str, int]:
    return {"closed": apply_due_windows()}
