"""What CDS staff record on a request: internal notes.

Accounts and sessions live in core.auth, because every staff route (exports too) checks them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth import StaffUser
from core.db import Base
from core.timeutil import utcnow


class Note(Base):
    """An internal staff note on a request; never shown to the partner."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    author: Mapped[StaffUser | None] = relationship()
