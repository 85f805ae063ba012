"""Admins' view of the service's scheduled work: each task, its interval, and its last runs
(when, how it ended, what it did), from core.jobs' ScheduledRun records."""

from __future__ import annotations

from typing import Any

from flask import render_template
from sqlalchemy import select

from core.auth import role_required
from core.db import db
from core.jobs import SCHEDULES, ScheduledRun
from staff.blueprint import bp

RUNS_SHOWN = 100


@bp.get("/<lang>/staff/scheduled-work")
@role_required("admin")
def scheduled_work() -> Any:
    runs = db.scalars(
        select(ScheduledRun)
        .order_by(ScheduledRun.started_at.desc(), ScheduledRun.id.desc())
        .limit(RUNS_SHOWN)
    ).all()
    tasks = sorted(SCHEDULES.values(), key=lambda schedule: schedule.name)
    return render_template("staff/scheduled_work.html", runs=runs, tasks=tasks)
