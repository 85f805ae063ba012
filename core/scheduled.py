"""Scheduled work: a registry other modules add their tasks to, and a record of every run.

`@scheduled("outbox.deliver", every=timedelta(minutes=1))` registers `func(now) -> counts`
(also importable as `core.jobs.scheduled`). `exploration worker` hands every registered task to
RQ's cron scheduler; without Redis a thread of the web process runs the due ones
(core.job_runners). Each run is one ScheduledRun row, unique per task and period, so several
schedulers (two workers, several web processes) never run a task twice in one period; the
row keeps when it ran, how it ended and its counts, for the admins' page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import JSON, BigInteger, DateTime, Integer, String, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, db, get_database
from core.timeutil import utcnow

log = logging.getLogger(__name__)


class ScheduledRun(Base):
    """One run of a scheduled task: when, what it did (counts), how it ended."""

    __tablename__ = "scheduled_runs"
    __table_args__ = (UniqueConstraint("name", "slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    slot: Mapped[int] = mapped_column(BigInteger)  # the period: start time // every
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(10), default="running")
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(String(80))


@dataclass(frozen=True)
class Schedule:
    name: str
    every: timedelta
    func: Callable[[datetime], Mapping[str, int] | None]


SCHEDULES: dict[str, Schedule] = {}


def scheduled(name: str, *, every: timedelta) -> Callable[[Any], Any]:
    """Register `func(now) -> counts` to run every `every` (RQ's cron scheduler in
    `exploration worker`, or the web process's scheduler thread without Redis). Modules
    register themselves when imported: `@scheduled("outbox.deliver", every=timedelta(minutes=1))`.
    """

    def register(func: Callable[[datetime], Mapping[str, int] | None]) -> Any:
        SCHEDULES[name] = Schedule(name, every, func)
        return func

    return register


# Running ------------------------------------------------------------------------------------
def run_scheduled(name: str, app: Flask | None = None) -> dict[str, int] | None:
    """Run the scheduled task `name` once for the current period, and record it. Several
    schedulers may call this at once: the unique (name, period) row lets one through."""
    from core.job_runners import worker_app

    app = app or worker_app()
    schedule = SCHEDULES[name]
    with app.app_context():
        database = get_database()
        now = utcnow()
        slot = period(now, schedule.every)
        with database.sessionmaker() as session:
            run = ScheduledRun(name=name, slot=slot, started_at=now, status="running")
            session.add(run)
            try:
                session.commit()
            except IntegrityError:
                return None
            counts: dict[str, int] = {}
            try:
                counts = {k: int(v) for k, v in (schedule.func(now) or {}).items()}
                # The task's own session ends here, before the run is recorded: on SQLite a
                # transaction it left open holds the write lock this thread's record waits for.
                db.commit()
                run.status = "ok"
            except Exception as exc:
                db.rollback()
                log.exception("scheduled task %s failed", name)
                run.status, run.error = "failed", type(exc).__name__[:80]
            run.counts, run.finished_at = counts, utcnow()
            session.commit()
            return counts


def period(now: datetime, every: timedelta) -> int:
    """The number of the period of length `every` that `now` (naive UTC) falls in."""
    seconds = now.replace(tzinfo=UTC).timestamp()
    return int(seconds // max(1.0, every.total_seconds()))


def due_schedules(session: Session, now: datetime) -> list[str]:
    """The tasks whose current period has no run yet (the thread scheduler's question)."""
    due = []
    for schedule in SCHEDULES.values():
        slot = period(now, schedule.every)
        ran = session.scalar(
            select(ScheduledRun.id).where(
                ScheduledRun.name == schedule.name, ScheduledRun.slot == slot
            )
        )
        if ran is None:
            due.append(schedule.name)
    return due
