"""The CDS team of an exploration: who from CDS works on it, and who leads.

Other parts ask the team through `team_of` and `is_on_team` (the outcome's ratings are entered
by team members; the dashboard filters on "my explorations")."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    select,
)
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
    exploration_id: Mapped[int] = mapped_column(ForeignKey("explorations.id", ondelete="CASCADE"))
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


# --- The plan: agreement, time zone, kickoff, survey window; the interviews -------------------

DEFAULT_TIME_ZONE = "America/Toronto"
INTERVIEW_STATUSES = ("scheduled", "cancelled")


class Plan(Base):
    """What staff agree with the partner for one exploration, besides the dates and the team.

    Instants (`kickoff_at`, `survey_closes_at`) are stored as naive UTC; `time_zone` says where
    they are shown and where the interview slots are laid. `version` guards the whole plan,
    interviews included: every change to the schedule raises it, so two people editing one
    schedule meet the conflict page rather than each other's changes.
    """

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), unique=True
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    time_zone: Mapped[str] = mapped_column(String(40), default=DEFAULT_TIME_ZONE)
    partner_time_zone: Mapped[str | None] = mapped_column(String(40))
    agreement_sent_on: Mapped[date | None] = mapped_column(Date)
    agreement_signed_on: Mapped[date | None] = mapped_column(Date)
    agreement_note: Mapped[str | None] = mapped_column(Text)
    kickoff_at: Mapped[datetime | None] = mapped_column(DateTime)
    kickoff_minutes: Mapped[int] = mapped_column(Integer, default=60)
    morning_time: Mapped[time] = mapped_column(Time, default=time(10, 0))
    afternoon_time: Mapped[time] = mapped_column(Time, default=time(14, 0))
    survey_closes_at: Mapped[datetime | None] = mapped_column(DateTime)
    # True once the window has closed the survey, so a survey staff reopen stays open.
    survey_window_applied: Mapped[bool] = mapped_column(Boolean, default=False)
    week_sequence: Mapped[int] = mapped_column(Integer, default=0)  # the week's .ics SEQUENCE
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}


class Interview(Base):
    """One conversation of week 2: one or more interview topics (merged), with every person the
    partner named for them. `uid` and `sequence` make its calendar entry updatable."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), index=True
    )
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    topic_ids: Mapped[str] = mapped_column(String(400))  # comma-separated TOPICS ids
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(12), default="scheduled")  # INTERVIEW_STATUSES
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    partner_unavailable: Mapped[bool] = mapped_column(Boolean, default=False)
    partner_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def topics(self) -> list[str]:
        return [t for t in self.topic_ids.split(",") if t]
