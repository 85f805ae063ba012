"""Audit events: who (a staff account or which kind of link) did what, when, to which request.

Events carry codes and ids only, never free text a partner typed, so the audit trail can be
shown and exported without exposing personal information.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, db
from core.timeutil import utcnow

ACTOR_KINDS = ("staff", "partner_link", "survey_link", "respondent_link", "system")


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(Integer)  # staff user id or respondent id
    action: Mapped[str] = mapped_column(String(40), index=True)
    exploration_id: Mapped[int | None] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), index=True
    )
    detail: Mapped[str | None] = mapped_column(String(200))  # codes only, e.g. "draft>submitted"


def record(
    action: str,
    *,
    actor_kind: str,
    actor_id: int | None = None,
    exploration_id: int | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (committed with the change it records)."""
    if actor_kind not in ACTOR_KINDS:
        raise ValueError(f"unknown actor kind {actor_kind!r}")
    event = AuditEvent(
        action=action,
        actor_kind=actor_kind,
        actor_id=actor_id,
        exploration_id=exploration_id,
        detail=detail,
    )
    db.add(event)
    return event
