"""What the retention schedule records: holds, runs of the purge, and which explorations were
purged (the mark is written in the purge's own transaction, so it is true exactly when the
values are gone)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth import StaffUser
from core.db import Base
from core.timeutil import utcnow


class RetentionHold(Base):
    """A hold on one exploration (an access-to-information request, a complaint, a legal
    matter): the purge leaves it whole while the hold is not lifted. Lifted holds are kept
    as the record of who held what, and when."""

    __tablename__ = "retention_holds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(500))
    set_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )

    set_by: Mapped[StaffUser | None] = relationship(foreign_keys=[set_by_id])
    lifted_by: Mapped[StaffUser | None] = relationship(foreign_keys=[lifted_by_id])


class RetentionRun(Base):
    """One run of the purge: when, what kinds went and how many values of each, and which
    explorations a hold kept. Counts are committed with each exploration's purge, so a run
    that was stopped half-way still says what it did. No value and no name is ever kept."""

    __tablename__ = "retention_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    trigger: Mapped[str] = mapped_column(String(20), default="command")  # command | schedule
    explorations: Mapped[int] = mapped_column(Integer, default=0)  # purged or deleted
    counts_json: Mapped[str] = mapped_column(Text, default="{}")  # kind -> values
    held_json: Mapped[str] = mapped_column(Text, default="[]")  # references kept by a hold

    @property
    def counts(self) -> dict[str, int]:
        return json.loads(self.counts_json or "{}")

    @property
    def held(self) -> list[str]:
        return json.loads(self.held_json or "[]")


class RetentionPurge(Base):
    """The mark of an exploration whose personal information the schedule removed."""

    __tablename__ = "retention_purges"

    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    purged_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("retention_runs.id", ondelete="SET NULL"))
