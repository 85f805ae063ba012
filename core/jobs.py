"""Background work: a Job row in the database is the source of truth, RQ (or a thread of the
web process) only carries the work.

- A feature registers what it can run with `@job_kind("name")` (a function taking a
  `JobContext`) and starts it with `start(kind, requested_by=..., params=...)`: the row is
  inserted and committed, then handed to the configured runner (core.job_runners: RQ when
  REDIS_URL is set, else a thread). A lost Redis entry loses nothing: the row is still
  "queued" and the sweep hands it over again.
- The work reports progress through the context (`ctx.progress(done, total)`), which also
  answers a cancel request by raising `JobCancelled`. A heartbeat thread stamps the row while
  the work runs; a row whose heartbeat stops (a worker killed with SIGKILL, a machine gone) is
  failed by the sweep (or when someone looks at it) after JOB_STALL_SECONDS. It is not retried:
  the person who asked sees "stopped" and starts it again with one button.
- Files are written under JOB_FILES_DIR (a directory every instance and worker mounts) with a
  temporary name and renamed when complete, in the same step that marks the row done: a partial
  file is never offered. They expire after EXPORT_TTL_HOURS.
- The sweep that fails stalled jobs and expires files is core.job_sweep.
- Scheduled work registers with `@scheduled("name", every=timedelta(...))`: a function of `now`
  returning counts. Each run is recorded in ScheduledRun (one per name and period, so several
  workers never run it twice) and shown to admins.

Status: queued -> running -> done | failed | cancelled; done -> expired.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from flask import Flask, current_app
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, get_database
from core.scheduled import SCHEDULES, ScheduledRun, run_scheduled, scheduled
from core.timeutil import utcnow

log = logging.getLogger(__name__)

__all__ = [
    "SCHEDULES",
    "Job",
    "JobContext",
    "ScheduledRun",
    "job_kind",
    "run_scheduled",
    "scheduled",
    "start",
]

STATUSES = ("queued", "running", "done", "failed", "cancelled", "expired")
ACTIVE = ("queued", "running")
PROGRESS_INTERVAL = 0.25  # seconds between two progress writes
PARTIAL_PREFIX = ".partial-"
QUEUED_GRACE = timedelta(seconds=5)  # a queued job younger than this is not "lost" yet


class Job(Base):
    """One piece of background work and everything a progress page shows about it."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    requested_by: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    step: Mapped[int] = mapped_column(Integer, default=0)
    steps: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(40))  # a code, never a message or trace
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    file_name: Mapped[str | None] = mapped_column(String(200))
    download_name: Mapped[str | None] = mapped_column(String(200))
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def percent(self) -> int:
        """How far, over every step: sheet 3 of 9 half done is 27 %."""
        if self.status == "done":
            return 100
        if not self.total:
            return 0
        steps = max(self.steps, 1)
        done = max(self.step - 1, 0) * self.total + min(self.done, self.total)
        return min(100, 100 * done // (steps * self.total))


# Registries ---------------------------------------------------------------------------------------
class JobCancelled(Exception):
    """Raised inside the work when the person who asked cancelled it."""


KINDS: dict[str, Callable[[JobContext], None]] = {}


def job_kind(name: str) -> Callable[[Callable[[JobContext], None]], Callable[[JobContext], None]]:
    """Register `func(ctx)` as the work of jobs of kind `name`."""

    def register(func: Callable[[JobContext], None]) -> Callable[[JobContext], None]:
        KINDS[name] = func
        return func

    return register


# Settings ---------------------------------------------------------------------------------------
def files_dir(app: Flask | None = None) -> Path:
    folder = Path((app or current_app).config["JOB_FILES_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stall_after(app: Flask) -> timedelta:
    """How long a running job may go without a heartbeat before it counts as stopped."""
    return timedelta(seconds=app.config["JOB_STALL_SECONDS"])


# Starting, cancelling, reading ------------------------------------------------------------------
def start(
    session: Session, kind: str, *, requested_by: int | None, params: Mapping[str, Any]
) -> Job:
    """Insert and commit the job, then hand it to the runner. A runner that cannot take it now
    (Redis down) leaves it queued for the sweep: the request still answers at once."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, requested_by=requested_by, params=dict(params), status="queued")
    session.add(job)
    session.commit()
    from core.job_runners import runner

    try:
        runner().enqueue(job.id)
    except Exception:  # the row is the truth; the sweep enqueues it again
        log.exception("job %s could not be enqueued now", job.id)
    return job


def cancel(session: Session, job: Job) -> None:
    """A queued job stops before it starts; a running one at its next progress report."""
    if job.status == "queued":
        session.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == "queued")
            .values(status="cancelled", finished_at=utcnow(), cancel_requested=True)
        )
    elif job.status == "running":
        session.execute(update(Job).where(Job.id == job.id).values(cancel_requested=True))
    session.commit()
    session.refresh(job)


def check_stalled(session: Session, job: Job, now: datetime | None = None) -> Job:
    """Fail a running job whose heartbeat stopped (its worker died): called by the sweep and by
    whoever looks at the job, so a progress page never spins forever."""
    now = now or utcnow()
    limit = now - stall_after(current_app)
    if job.status == "running" and (job.heartbeat_at or job.started_at or now) < limit:
        session.commit()  # a write of its own: never the upgrade of a read (SQLite)
        session.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == "running", Job.heartbeat_at < limit)
            .values(status="failed", error="stalled", finished_at=now)
        )
        session.commit()
        session.refresh(job)
    return job


def file_path(job: Job) -> Path | None:
    """The finished file, only for a done, unexpired job whose file is there."""
    if job.status != "done" or not job.file_name:
        return None
    if job.expires_at is not None and job.expires_at <= utcnow():
        return None
    path = files_dir() / job.file_name
    return path if path.is_file() else None


# Doing the work ---------------------------------------------------------------------------------
class JobContext:
    """What the work sees: its parameters, a progress reporter, and one output file."""

    def __init__(self, app: Flask, job: Job) -> None:
        self.app = app
        self.job_id = job.id
        self.kind = job.kind
        self.params: dict[str, Any] = dict(job.params or {})
        self.requested_by = job.requested_by
        self._engine = get_database().engine
        self._last_write = 0.0
        self._partial: Path | None = None
        self.download_name: str | None = None
        self.suffix = ""

    def progress(
        self, done: int, total: int | None = None, *, step: int = 0, steps: int = 0, force=False
    ) -> None:
        """Record how far the work is (at most every PROGRESS_INTERVAL seconds unless forced),
        and stop it if someone cancelled it."""
        moment = time.monotonic()
        if not force and moment - self._last_write < PROGRESS_INTERVAL:
            return
        self._last_write = moment
        values: dict[str, Any] = {"done": done, "heartbeat_at": utcnow()}
        if total is not None:
            values["total"] = total
        if steps:
            values.update(step=step, steps=steps)
        with self._engine.begin() as connection:
            connection.execute(update(Job).where(Job.id == self.job_id).values(**values))
            cancelled = connection.scalar(select(Job.cancel_requested).where(Job.id == self.job_id))
        if cancelled:
            raise JobCancelled

    @contextmanager
    def output(self, suffix: str, download_name: str) -> Iterator[IO[bytes]]:
        """The job's file, open for writing under a temporary name in JOB_FILES_DIR. It becomes
        downloadable only when the work returns and the job is marked done."""
        partial = files_dir(self.app) / f"{PARTIAL_PREFIX}{self.job_id}-{secrets.token_hex(8)}"
        self._partial, self.suffix, self.download_name = partial, suffix, download_name
        with partial.open("wb") as handle:
            yield handle

    def discard(self) -> None:
        if self._partial is not None:
            self._partial.unlink(missing_ok=True)
            self._partial = None

    def publish(self) -> tuple[str | None, int | None]:
        """Move the complete file to its final, unguessable name."""
        if self._partial is None:
            return None, None
        name = f"{self.job_id}-{secrets.token_hex(16)}{self.suffix}"
        final = self._partial.with_name(name)
        os.replace(self._partial, final)
        self._partial = None
        return name, final.stat().st_size


def _heartbeat(engine: Any, job_id: int, every: float, stop: threading.Event) -> None:
    while not stop.wait(every):
        with suppress(Exception), engine.begin() as connection:
            connection.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == "running")
                .values(heartbeat_at=utcnow())
            )


def perform(job_id: int, app: Flask | None = None) -> str:
    """Run job `job_id` once: the entry point RQ and the thread runner call. Returns its final
    status. A job that is no longer queued (cancelled, already taken) is left alone."""
    from core.job_runners import worker_app

    app = app or worker_app()
    with app.app_context():
        database = get_database()
        with database.sessionmaker() as session:
            now = utcnow()
            taken = session.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == "queued")
                .values(
                    status="running",
                    started_at=now,
                    heartbeat_at=now,
                    attempts=Job.attempts + 1,
                    done=0,
                )
            ).rowcount
            session.commit()
            job = session.get(Job, job_id)
            if not taken or job is None:
                return job.status if job else "missing"
        ctx = JobContext(app, job)
        stop = threading.Event()
        beat = max(1.0, app.config["JOB_STALL_SECONDS"] / 4)
        threading.Thread(
            target=_heartbeat, args=(database.engine, job_id, beat, stop), daemon=True
        ).start()
        status, error, name, size = "failed", "failed", None, None
        try:
            KINDS[job.kind](ctx)
            name, size = ctx.publish()
            status, error = "done", None
        except JobCancelled:
            status, error = "cancelled", None
        except Exception:
            log.exception("job %s (%s) failed", job_id, job.kind)
        finally:
            stop.set()
            ctx.discard()
        return _finish(app, ctx, status, error, name, size)


def _finish(
    app: Flask, ctx: JobContext, status: str, error: str | None, name: str | None, size: Any
) -> str:
    now = utcnow()
    values: dict[str, Any] = {"status": status, "error": error, "finished_at": now}
    if status == "done":
        ttl = timedelta(hours=app.config["EXPORT_TTL_HOURS"])
        values.update(
            file_name=name, file_size=size, download_name=ctx.download_name, expires_at=now + ttl
        )
    with get_database().engine.begin() as connection:
        updated = connection.execute(
            update(Job).where(Job.id == ctx.job_id, Job.status == "running").values(**values)
        ).rowcount
    if status == "done" and not updated and name:  # failed by the sweep meanwhile
        (files_dir(app) / name).unlink(missing_ok=True)
    return status if updated else "failed"
