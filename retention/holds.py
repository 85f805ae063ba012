"""Holds: an admin keeps one exploration out of the purge, with a reason, until they lift it.
Setting and lifting are audit events (the reason stays on the hold, not in the audit log)."""

from __future__ import annotations

from sqlalchemy import select

from core.audit import record
from core.db import db
from core.timeutil import utcnow
from retention.models import RetentionHold
from retention.schedule import held

REASON_MAX = 500


def set_hold(exploration_id: int, reason: str, staff_id: int) -> RetentionHold:
    """Put the exploration on hold (the caller commits). An exploration already held keeps its
    hold: one active hold at a time."""
    current = held(db, exploration_id)
    if current is not None:
        return current
    hold = RetentionHold(exploration_id=exploration_id, reason=reason, set_by_id=staff_id)
    db.add(hold)
    db.flush()
    record(
        "retention.hold_set",
        actor_kind="staff",
        actor_id=staff_id,
        exploration_id=exploration_id,
        detail=f"hold:{hold.id}",
    )
    return hold


def lift_hold(exploration_id: int, staff_id: int) -> RetentionHold | None:
    """Lift the active hold, if any (the caller commits); the lifting is logged."""
    hold = held(db, exploration_id)
    if hold is None:
        return None
    hold.lifted_at = utcnow()
    hold.lifted_by_id = staff_id
    record(
        "retention.hold_lifted",
        actor_kind="staff",
        actor_id=staff_id,
        exploration_id=exploration_id,
        detail=f"hold:{hold.id}",
    )
    return hold


def holds_of(exploration_id: int) -> list[RetentionHold]:
    """Every hold of the exploration, the latest first."""
    return list(
        db.scalars(
            select(RetentionHold)
            .where(RetentionHold.exploration_id == exploration_id)
            .order_by(RetentionHold.set_at.desc(), RetentionHold.id.desc())
        )
    )
