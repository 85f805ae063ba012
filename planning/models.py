"""The CDS team of an exploration: who from CDS works on it, and who leads.

Other parts ask the team through `team_of` and `is_on_team` (the outcome's ratings are entered
by team members; the dashboard filters on "my explorations")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth import StaffUser
from core.db import Base, db
from core.timeutil import utcnow

TEAM_ROLES = ("lead", "member")


class TeamMember(Base):
    """One staff account on one exploration's CDS team; at most one `lead` per exploration
    (enforced where the team is saved)."""

    __tablename__ = "team_members"
    __table_args__ = (UniqueConstraint("exploration_id", "staff_user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), index=True
    )
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(10), default="member")  # TEAM_ROLES
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[StaffUser] = relationship()


def team_of(exploration_id: int) -> list[TeamMember]:
    """The team, lead first, then members by name."""
    members = db.scalars(
        select(TeamMember)
        .join(TeamMember.user)
        .where(TeamMember.exploration_id == exploration_id)
        .order_by(TeamMember.role != "lead", StaffUser.name, StaffUser.email)
    )
    return list(members)


def is_on_team(exploration_id: int, staff_user_id: int) -> bool:
    return (
        db.scalar(
            select(TeamMember.id).where(
                TeamMember.exploration_id == exploration_id,
                TeamMember.staff_user_id == staff_user_id,
            )
        )
        is not None
    )


def team_lead_id(exploration_id: int) -> int | None:
    return db.scalar(
        select(TeamMember.staff_user_id).where(
            TeamMember.exploration_id == exploration_id, TeamMember.role == "lead"
        )
    )
