"""The retention schedule in the demo: among the newest closed requests, one whose personal
information the schedule removed (closed 25 months ago), one due in about ten days (the
request page warns), and one on hold; and the run that did the removal. Chosen by id, so the
same seed gives the same demo. Unlike a real run, the purged request keeps its private links,
so that every link the demo prints opens a page (its values read "removed under the retention
schedule")."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

from sqlalchemy import Connection, exists, insert, select, update

from core.auth import StaffUser
from core.timeutil import utcnow
from intake.models import Exploration, StatusChange
from retention import purge
from retention.models import RetentionHold, RetentionPurge, RetentionRun
from retention.schedule import CLOSED, add_months

HOLD_REASON = "Demande d’accès à l’information A-2026-0042"


def _closed_at(connection: Connection, exploration_id: int, moment) -> None:  # type: ignore[no-untyped-def]
    connection.execute(
        update(StatusChange).where(StatusChange.exploration_id == exploration_id).values(at=moment)
    )


def seed_retention(connection: Connection, months: int = 24) -> None:
    """Add the three stages to the demo's transaction (nothing when too few requests are
    closed)."""
    untouched = ~exists().where(RetentionPurge.exploration_id == Exploration.id) & ~exists().where(
        RetentionHold.exploration_id == Exploration.id
    )
    ids = connection.scalars(
        select(Exploration.id)
        .where(Exploration.status.in_(CLOSED), untouched)
        .order_by(Exploration.id.desc())
        .limit(3)
    ).all()
    if len(ids) < 3:
        return
    now = utcnow()
    purged, due_soon, held = ids
    _closed_at(connection, purged, add_months(now, -months - 1))
    run_id = connection.execute(
        insert(RetentionRun).values(
            started_at=now, finished_at=now, dry_run=False, trigger="schedule", explorations=1
        )
    ).inserted_primary_key[0]
    counts: Counter[str] = Counter()
    for purger in purge.purgers():
        # A Connection answers execute() and scalar() like a Session: the purgers' statements
        # join the demo's transaction.
        n = purger.exploration(connection, purged, False)  # type: ignore[arg-type]
        if n:
            counts[purger.kind] += n
    connection.execute(
        insert(RetentionPurge).values(exploration_id=purged, run_id=run_id, purged_at=now)
    )
    connection.execute(
        update(RetentionRun)
        .where(RetentionRun.id == run_id)
        .values(counts_json=json.dumps(dict(sorted(counts.items()))), held_json="[]")
    )
    _closed_at(connection, due_soon, add_months(now, -months) + timedelta(days=10))
    admin = connection.scalar(
        select(StaffUser.id).where(StaffUser.role == "admin").order_by(StaffUser.id)
    )
    connection.execute(
        insert(RetentionHold).values(
            exploration_id=held, reason=HOLD_REASON, set_by_id=admin, set_at=now
        )
    )
