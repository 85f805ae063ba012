"""The schedule itself: which explorations are due, and when each one will be.

- An abandoned draft (never submitted) is deleted whole RETENTION_DRAFT_DAYS after its last
  change. When it has a lead email, the lead is told NOTICE_DAYS before (retention.notice),
  and the draft is never deleted less than NOTICE_DAYS after that notice: a notice sent late
  (the service was down, the schedule just shortened) moves the deletion on. A change after
  the notice restarts the clock, and a later notice may go again.
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
from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from core.labels import REMOVED
from intake.models import Exploration, StatusChange
from retention.models import RetentionHold, RetentionPurge

CLOSED = ("completed", "declined", "withdrawn")
# How long before an abandoned draft's deletion its lead is told (and, at least, how long after
# the notice the deletion comes).
NOTICE_DAYS = 14


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

    def draft_due_on(self, last_change: datetime, notice_at: datetime | None = None) -> datetime:
        """When a draft is deleted: N days after its last change, and never less than
        NOTICE_DAYS after the notice its lead got (when they got one)."""
        due = last_change + timedelta(days=self.draft_days)
        if notice_at is not None:
            due = max(due, notice_at + timedelta(days=NOTICE_DAYS))
        return due

    def notice_cutoff(self, now: datetime) -> datetime:
        """Drafts last changed before this are told of their deletion."""
        return self.draft_cutoff(now) + timedelta(days=NOTICE_DAYS)

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


def has_lead_email() -> ColumnElement[bool]:
    """The draft has an address to tell its lead at (not empty, not removed on request)."""
    email = Exploration.lead_email
    return and_(email.is_not(None), func.trim(email) != "", email != REMOVED)


def told() -> ColumnElement[bool]:
    """The lead was told of the deletion since the draft's last change."""
    notice = Exploration.deletion_notice_at
    return and_(notice.is_not(None), notice >= Exploration.updated_at)


def due_drafts(schedule: Schedule, now: datetime) -> Select:
    """Drafts to delete: idle N days, and, when they have a lead email, told at least
    NOTICE_DAYS ago (since their last change)."""
    notice_old_enough = Exploration.deletion_notice_at <= now - timedelta(days=NOTICE_DAYS)
    return select(Exploration.id).where(
        Exploration.status == "draft",
        Exploration.updated_at < schedule.draft_cutoff(now),
        or_(~has_lead_email(), and_(told(), notice_old_enough)),
    )


def drafts_to_notify(schedule: Schedule, now: datetime) -> Select:
    """Drafts whose lead is to be told now: idle N - NOTICE_DAYS days or more (longer when a
    notice is late), with a lead email, not told since their last change, not held (a held
    draft is not deleted, so nobody is told it will be)."""
    return select(Exploration.id).where(
        Exploration.status == "draft",
        Exploration.updated_at <= schedule.notice_cutoff(now),
        has_lead_email(),
        ~told(),
        ~is_held(Exploration.id),
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
        notice = exploration.deletion_notice_at
        if notice is not None and notice < exploration.updated_at:
            notice = None  # told before a later change: that notice no longer counts
        due = schedule.draft_due_on(exploration.updated_at, notice)
        return Standing("draft", due, None, False)
    if exploration.status in CLOSED:
        last = session.scalar(select(last_use_column()).where(Exploration.id == exploration.id))
        due = schedule.closed_due_on(last)
        warn = now >= due - timedelta(days=schedule.warning_days)
        return Standing("closed", due, None, warn)
    return Standing(None, None, None, False)
