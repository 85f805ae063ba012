"""What CDS concludes from an exploration: each team member's rating of the 6 x 3 grid, the
reconciled rating, findings per practice, recommendations (with the partner's week-4 order)
and the state of the final report.

Who and when: every row keeps who last changed it and when (`by_user_id`, `updated_at`), and
every change is an audit event (codes only). Conflicting edits are caught two ways:
recommendations and the per-exploration `Outcome` row carry a `version` (SQLAlchemy's
version counter, as `Exploration` does); grids of ratings and findings carry a fingerprint of
what the page showed (outcome.service.fingerprint).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth import StaffUser
from core.db import Base
from core.timeutil import utcnow

HORIZONS = ("now", "next", "later")
SIZES = ("small", "medium", "large")
CARRIERS = ("partner", "with_cds", "other")


class CdsRating(Base):
    """One team member's rating of one cell: a level 1-4, or None for "not enough evidence"."""

    __tablename__ = "cds_ratings"
    __table_args__ = (
        UniqueConstraint("exploration_id", "staff_user_id", "practice_id", "role_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(ForeignKey("explorations.id", ondelete="CASCADE"))
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    practice_id: Mapped[str] = mapped_column(String(40))
    role_id: Mapped[str] = mapped_column(String(40))
    level: Mapped[int | None] = mapped_column(SmallInteger)
    rationale: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[StaffUser] = relationship()


class ReconciledRating(Base):
    """The team lead's rating of one cell, after comparing the members'; rationale required."""

    __tablename__ = "reconciled_ratings"
    __table_args__ = (UniqueConstraint("exploration_id", "practice_id", "role_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(ForeignKey("explorations.id", ondelete="CASCADE"))
    practice_id: Mapped[str] = mapped_column(String(40))
    role_id: Mapped[str] = mapped_column(String(40))
    level: Mapped[int | None] = mapped_column(SmallInteger)
    rationale: Mapped[str] = mapped_column(Text)
    by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Finding(Base):
    """What CDS learned about one practice: what helps, what blocks, and where (roles)."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("exploration_id", "practice_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(ForeignKey("explorations.id", ondelete="CASCADE"))
    practice_id: Mapped[str] = mapped_column(String(40))
    helps: Mapped[str | None] = mapped_column(Text)
    blocks: Mapped[str | None] = mapped_column(Text)
    role_ids: Mapped[str] = mapped_column(String(200), default="")  # space-separated role ids
    by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Recommendation(Base):
    """One recommendation. Three orders: the staff's draft order (`staff_position`), the
    partner lead's in the week-4 workshop (`partner_position`) and the settled one
    (`final_position`); the report uses the most settled one there is."""

    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    practice_ids: Mapped[str] = mapped_column(String(400), default="")  # space-separated
    role_ids: Mapped[str] = mapped_column(String(200), default="")  # space-separated
    horizon: Mapped[str] = mapped_column(String(10))  # HORIZONS
    effort: Mapped[str] = mapped_column(String(10))  # SIZES
    impact: Mapped[str] = mapped_column(String(10))  # SIZES
    carrier: Mapped[str] = mapped_column(String(10))  # CARRIERS
    carrier_name: Mapped[str | None] = mapped_column(String(200))  # the other organization
    staff_position: Mapped[int] = mapped_column(Integer)
    partner_position: Mapped[int | None] = mapped_column(Integer)
    final_position: Mapped[int | None] = mapped_column(Integer)
    partner_wants_help: Mapped[bool] = mapped_column(Boolean, default=False)
    partner_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )

    by_user: Mapped[StaffUser | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def practices(self) -> list[str]:
        return self.practice_ids.split()

    @property
    def roles(self) -> list[str]:
        return self.role_ids.split()

    @property
    def with_cds(self) -> bool:
        """CDS may carry it: staff said so, or the partner asked for CDS's help."""
        return self.carrier == "with_cds" or self.partner_wants_help

    @property
    def position(self) -> tuple[int, int, int]:
        """The sort key of the settled order: final, else the partner's, else the draft's."""
        chosen = self.final_position or self.partner_position or self.staff_position
        return (chosen, self.staff_position, self.id)


class Outcome(Base):
    """Where an exploration's outcome stands: the workshop opened to the partner lead, the
    partner's order sent, the final order settled, the report published (who and when)."""

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), unique=True
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    workshop_opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    workshop_opened_by: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    partner_ordered_at: Mapped[datetime | None] = mapped_column(DateTime)
    final_settled_at: Mapped[datetime | None] = mapped_column(DateTime)
    final_settled_by: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_by: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )

    __mapper_args__ = {"version_id_col": version}
