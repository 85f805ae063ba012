"""The schedule itself: which explorations are due, and when each one will be.

- An abandoned draft (never submitted) is deleted whole RETENTION_DRAFT_DAYS after its last
  change.
- A closed exploration (completed, declined or withdrawn) loses its personal information
  RETENTION_MONTHS after its last administrative use: the last move to its closing status
  (or its last change, when no move was recorded).
- An exploration under a hold is never due; it is listed so the run can say so.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from intake.models import Exploration, StatusChange
from retention.models import RetentionHold, RetentionPurge

CLOSED = ("completed", "declined", "withdrawn")


@dataclass(frozen=True)
class Schedule:
    draft_days: int
    months: int
    warning_days: int
    batch: int

    @classmethod
    def from_config(cls) -> Schedule:
        config = current_app.config
        return cls(
            draft_days=int(config["RETENTION_DRAFT_DAYS"]),
            months=int(config["RETENTION_MONTHS"]),
            warning_days=int(config["RETENTION_WARNING_DAYS"]),
            batch=max(1, int(config["RETENTION_BATCH"])),
        )

    def draft_cutoff(self, now: datetime) -> datetime:
        return now - timedelta(days=self.draft_days)

    def closed_cutoff(self, now: datetime) -> datetime:
        return add_months(now, -self.months)

    def draft_due_on(self, last_change: datetime) -> datetime:
        return last_change + timedelta(days=self.draft_days)

    def closed_due_on(self, last_use: datetime) -> datetime:
        return add_months(last_use, self.months)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later (or earlier), the month's last day when it has fewer."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def last_use_column():  # type: ignore[no-untyped-def]
    """SQL for an exploration's last administrative use: its last move to a closing status,
    else its last change."""
    last_close = (
        select(func.max(StatusChange.at))
        .where(
            StatusChange.exploration_id == Exploration.id,
            StatusChange.to_status.in_(CLOSED),
        )
        .scalar_subquery()
    )
    return func.coalesce(last_close, Exploration.updated_at)


def is_held(exploration_id_column):  # type: ignore[no-untyped-def]
    return exists().where(
        RetentionHold.exploration_id == exploration_id_column, RetentionHold.lifted_at.is_(None)
    )


def _purged() -> object:
    return exists().where(RetentionPurge.exploration_id == Exploration.id)


def due_drafts(schedule: Schedule, now: datetime) -> Select:
    return select(Exploration.id).where(
        Exploration.status == "draft", Exploration.updated_at < schedule.draft_cutoff(now)
    )


def due_closed(schedule: Schedule, now: datetime) -> Select:
    return select(Exploration.id).where(
        Exploration.status.in_(CLOSED),
        last_use_column() < schedule.closed_cutoff(now),
        ~_purged(),
    )


def due_ids(session: Session, stmt: Select, after: int, limit: int) -> list[int]:
    """One batch of due ids, by id after `after` (held ones included: the run reports them)."""
    return list(
        session.scalars(stmt.where(Exploration.id > after).order_by(Exploration.id).limit(limit))
    )


def still_due(
    session: Session, schedule: Schedule, exploration_id: int, now: datetime
) -> str | None:
    """ "draft" or "closed" when the exploration is due right now (read again inside the
    exploration's own transaction), else None."""
    one = Exploration.id == exploration_id
    if session.scalar(due_drafts(schedule, now).where(one)) is not None:
        return "draft"
    if session.scalar(due_closed(schedule, now).where(one)) is not None:
        return "closed"
    return None


def held(session: Session, exploration_id: int) -> RetentionHold | None:
    return session.scalar(
        select(RetentionHold)
        .where(RetentionHold.exploration_id == exploration_id, RetentionHold.lifted_at.is_(None))
        .order_by(RetentionHold.set_at.desc())
    )


@dataclass(frozen=True)
class Standing:
    """Where one exploration stands with the schedule (for the staff page)."""

    kind: str | None  # "draft", "closed" or None (not on the schedule yet)
    due_on: datetime | None
    purged_at: datetime | None
    warn: bool  # due within the warning period (or overdue) and not purged


def standing(session: Session, exploration: Exploration, now: datetime) -> Standing:
    schedule = Schedule.from_config()
    purge = session.get(RetentionPurge, exploration.id)
    if purge is not None:
        return Standing("closed", None, purge.purged_at, False)
    if exploration.status == "draft":
        due = schedule.draft_due_on(exploration.updated_at)
        return Standing("draft", due, None, False)
    if exploration.status in CLOSED:
        last = session.scalar(select(last_use_column()).where(Exploration.id == exploration.id))
        due = schedule.closed_due_on(last)
        warn = now >= due - timedelta(days=schedule.warning_days)
        return Standing("closed", due, None, warn)
    return Standing(None, None, None, False)


def drafts_to_notify(schedule: Schedule, now: datetime, notice_days: int = 14) -> Select:
    """Drafts deleted within `notice_days`: the lead is told, with the link to come back
    (for the email outbox; telling each lead once is the sender's to record)."""
    cutoff = schedule.draft_cutoff(now)
    return select(Exploration.id).where(
        Exploration.status == "draft",
        Exploration.updated_at >= cutoff,
        Exploration.updated_at < cutoff + timedelta(days=notice_days),
    )
