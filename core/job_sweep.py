"""The jobs' own scheduled sweep (core.jobs keeps the rows, core.job_runners imports this
module so that the sweep is registered wherever the app runs): it fails stalled jobs, hands
lost queued jobs to the runner again, expires old files and removes files no job offers."""

from __future__ import annotations

import time
from contextlib import suppress
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from core.db import get_database
from core.jobs import ACTIVE, PARTIAL_PREFIX, QUEUED_GRACE, Job, files_dir, stall_after
from core.scheduled import scheduled


@scheduled("jobs.sweep", every=timedelta(minutes=1))
def sweep(now: datetime) -> dict[str, int]:
    """Fail stalled jobs, hand lost queued jobs to the runner again, expire old files and
    remove files no job offers (partial files of a killed worker)."""
    from core.job_runners import runner

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    counts = {"stalled": 0, "requeued": 0, "expired": 0, "files_removed": 0}
    stall_limit = now - stall_after(app)
    with get_database().sessionmaker() as session:
        counts["stalled"] = (
            session.execute(
                update(Job)
                .where(Job.status == "running", Job.heartbeat_at < stall_limit)
                .values(status="failed", error="stalled", finished_at=now)
            ).rowcount
            or 0
        )
        session.commit()
        queued = session.scalars(
            select(Job.id).where(Job.status == "queued", Job.created_at < now - QUEUED_GRACE)
        ).all()
        current = runner()
        for job_id in queued:
            if current.lost(job_id):
                with suppress(Exception):
                    current.enqueue(job_id)
                    counts["requeued"] += 1
        expired = session.scalars(
            select(Job).where(Job.status == "done", Job.expires_at <= now)
        ).all()
        for job in expired:
            if job.file_name:
                (files_dir(app) / job.file_name).unlink(missing_ok=True)
            job.status, job.file_name = "expired", None
            counts["expired"] += 1
        session.commit()
        offered = set(
            session.scalars(
                select(Job.file_name).where(Job.status == "done", Job.file_name.is_not(None))
            )
        )
        active = {str(i) for i in session.scalars(select(Job.id).where(Job.status.in_(ACTIVE)))}
    for path in files_dir(app).iterdir():
        if path.name in offered or not path.is_file():
            continue
        owner = path.name.removeprefix(PARTIAL_PREFIX).split("-")[0]
        if path.name.startswith(PARTIAL_PREFIX) and owner in active:
            continue  # being written by a running job
        age = time.time() - path.stat().st_mtime
        if age > stall_after(app).total_seconds():
            path.unlink(missing_ok=True)
            counts["files_removed"] += 1
    return counts
