"""The purge: one run over every exploration the schedule says is due.

Safe to interrupt and to run again: each exploration is purged in its own transaction, which
also writes the exploration's purge mark and adds its counts to the run's record, so after a
crash each exploration is either whole or fully purged, and the record says what was done.
Due explorations are read in batches by id, so memory stays flat and a run always ends.
Inside its transaction an exploration is locked (SQLite: BEGIN IMMEDIATE; PostgreSQL: the
row, FOR UPDATE) and checked again, so two runs at once, or a staff member setting a hold at
that moment, never purge twice or purge a held exploration.

Before any deletion, the leads of abandoned drafts due to be told get their notice, one
transaction per draft (retention.notice); the run counts them as "drafts_notified".

`run_retention` is what a scheduler calls (in an app context); `exploration retention run`
calls it too.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, delete, select, update

from core.audit import record
from core.db import db
from core.timeutil import utcnow
from core.tokens import new_token
from intake.models import Exploration
from retention import purge
from retention.models import RetentionPurge, RetentionRun
from retention.notice import notify_draft
from retention.schedule import (
    Schedule,
    drafts_to_notify,
    due_closed,
    due_drafts,
    due_ids,
    held,
    still_due,
)
from surveys.models import Respondent

# Counts of a run that are not values removed: leads told of their draft's deletion.
NOT_REMOVALS = frozenset({"drafts_notified"})


@dataclass
class RunReport:
    """What one run did (or, dry, would do): counts per kind, never a value."""

    run_id: int | None
    dry_run: bool
    explorations: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    held: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{kind}: {self._verb(kind)} {n}" for kind, n in sorted(self.counts.items())]
        out.append(f"explorations: {self.explorations}")
        out += [f"held, skipped: {label}" for label in self.held]
        return out

    def _verb(self, kind: str) -> str:
        if kind in NOT_REMOVALS:
            return "would tell" if self.dry_run else "told"
        return "would remove" if self.dry_run else "removed"


def _label(exploration: Exploration) -> str:
    return exploration.reference or f"draft {exploration.id}"


def _lock(exploration_id: int) -> Exploration | None:
    return db.scalar(select(Exploration).where(Exploration.id == exploration_id).with_for_update())


def _revoke_links(exploration_id: int) -> None:
    """After the purge nothing can come in any more: every private link stops working."""
    db.execute(
        update(Exploration)
        .where(Exploration.id == exploration_id)
        .values(partner_token_hash=None, survey_token_hash=None, survey_open=False)
        .execution_options(synchronize_session=False)
    )
    for respondent_id in db.scalars(
        select(Respondent.id).where(Respondent.exploration_id == exploration_id)
    ):
        db.execute(
            update(Respondent)
            .where(Respondent.id == respondent_id)
            .values(token_hash=new_token()[1])
            .execution_options(synchronize_session=False)
        )


def purge_exploration(exploration_id: int, dry_run: bool, run_id: int | None) -> Counter[str]:
    """Remove one closed exploration's personal information (caller's transaction)."""
    counts: Counter[str] = Counter()
    for purger in purge.purgers():
        n = purger.exploration(db, exploration_id, dry_run)
        if n:
            counts[purger.kind] += n
    if not dry_run:
        _revoke_links(exploration_id)
        db.add(RetentionPurge(exploration_id=exploration_id, run_id=run_id))
        record(
            "retention.purged",
            actor_kind="system",
            exploration_id=exploration_id,
            detail=f"run:{run_id}",
        )
    return counts


def delete_draft(exploration_id: int, dry_run: bool, run_id: int | None, *, actor: dict) -> None:
    """Delete a draft whole (every row of it goes with it: the foreign keys cascade)."""
    if dry_run:
        return
    db.execute(delete(Exploration).where(Exploration.id == exploration_id))
    record("retention.draft_deleted", detail=f"run:{run_id}" if run_id else None, **actor)


def _save_run(run: RetentionRun, report: RunReport) -> None:
    run.explorations = report.explorations
    run.counts_json = json.dumps(dict(sorted(report.counts.items())))
    run.held_json = json.dumps(report.held)


def run_retention(
    now: datetime | None = None, dry_run: bool = False, *, trigger: str = "schedule"
) -> RunReport:
    """Apply the schedule as of `now` (default: the present). Call it in an app context."""
    now = now or utcnow()
    schedule = Schedule.from_config()
    db.rollback()
    run = RetentionRun(dry_run=dry_run, trigger=trigger, started_at=utcnow())
    db.add(run)
    db.commit()
    report = RunReport(run.id, dry_run)
    # The notices first: a draft past N days whose lead was never told is told, not deleted.
    for exploration_id in _all_due(drafts_to_notify(schedule, now), schedule):
        _notify(exploration_id, schedule, now, run, report)
    for statement in (due_drafts(schedule, now), due_closed(schedule, now)):
        for exploration_id in _all_due(statement, schedule):
            _one(exploration_id, schedule, now, run, report)
    run.finished_at = utcnow()
    _save_run(run, report)
    db.commit()
    return report


def _all_due(statement: Select, schedule: Schedule) -> Iterator[int]:
    """The ids `statement` selects, in batches by id, each read ended before its ids are used
    (each exploration gets its own transaction)."""
    after = 0
    while True:
        batch = due_ids(db, statement, after, schedule.batch)
        db.rollback()
        if not batch:
            return
        after = batch[-1]
        yield from batch


def _notify(
    exploration_id: int, schedule: Schedule, now: datetime, run: RetentionRun, report: RunReport
) -> None:
    try:
        if not notify_draft(exploration_id, schedule, now, run):
            db.rollback()
            return
        report.counts["drafts_notified"] += 1
        if run.dry_run:
            db.rollback()
            return
        _save_run(run, report)
        db.commit()
    except BaseException:
        db.rollback()
        raise


def _one(
    exploration_id: int, schedule: Schedule, now: datetime, run: RetentionRun, report: RunReport
) -> None:
    try:
        exploration = _lock(exploration_id)
        kind = still_due(db, schedule, exploration_id, now) if exploration else None
        if exploration is None or kind is None:
            db.rollback()
            return
        if held(db, exploration_id) is not None:
            report.held.append(_label(exploration))
            if not run.dry_run:
                _save_run(run, report)
                db.commit()
            else:
                db.rollback()
            return
        if kind == "draft":
            delete_draft(exploration_id, run.dry_run, run.id, actor={"actor_kind": "system"})
            counts: Counter[str] = Counter({"drafts": 1})
        else:
            counts = purge_exploration(exploration_id, run.dry_run, run.id)
        report.counts.update(counts)
        report.explorations += 1
        if run.dry_run:
            db.rollback()
            return
        _save_run(run, report)
        db.commit()
    except BaseException:
        db.rollback()
        raise
