"""What a partner lead enters: the request (a draft until submitted), its stakeholders per
interview topic and its documents checklist."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth import StaffUser
from core.db import Base
from core.timeutil import utcnow

STATUSES = (
    "draft",
    "submitted",
    "accepted",
    "declined",
    "withdrawn",
    "scheduled",
    "in_progress",
    "completed",
)


class Exploration(Base):
    """One request for an exploration, from first draft to completion.

    `version` guards against lost updates: every save must name the version it started from.
    """

    __tablename__ = "explorations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    form_language: Mapped[str] = mapped_column(String(2), default="en")
    last_step: Mapped[str | None] = mapped_column(String(30))

    # Organization and contact
    department_code: Mapped[str | None] = mapped_column(String(40))
    department_other: Mapped[str | None] = mapped_column(String(200))
    branch: Mapped[str | None] = mapped_column(String(200))
    lead_name: Mapped[str | None] = mapped_column(String(120))
    lead_title: Mapped[str | None] = mapped_column(String(200))
    lead_email: Mapped[str | None] = mapped_column(String(254))
    lead_phone: Mapped[str | None] = mapped_column(String(40))
    lead_language: Mapped[str | None] = mapped_column(String(2))
    sponsor_name: Mapped[str | None] = mapped_column(String(120))
    sponsor_title: Mapped[str | None] = mapped_column(String(200))
    sponsor_email: Mapped[str | None] = mapped_column(String(254))

    # Service and problem context
    service_name: Mapped[str | None] = mapped_column(String(200))
    problem: Mapped[str | None] = mapped_column(Text)
    users: Mapped[str | None] = mapped_column(Text)
    impact: Mapped[str | None] = mapped_column(Text)
    why_now: Mapped[str | None] = mapped_column(Text)
    constraints: Mapped[str | None] = mapped_column(Text)

    # Timing
    preferred_start: Mapped[date | None] = mapped_column(Date)
    latest_start: Mapped[date | None] = mapped_column(Date)
    timing_note: Mapped[str | None] = mapped_column(Text)

    # Set by staff
    agreed_start: Mapped[date | None] = mapped_column(Date)
    agreed_end: Mapped[date | None] = mapped_column(Date)

    # Capability links: only hashes are stored (core.tokens).
    partner_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    survey_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    survey_open: Mapped[bool] = mapped_column(Boolean, default=False)

    # When the lead of an abandoned draft was told of its deletion (retention.notice): a notice
    # counts until the draft changes again.
    deletion_notice_at: Mapped[datetime | None] = mapped_column(DateTime)

    stakeholders: Mapped[list[Stakeholder]] = relationship(
        back_populates="exploration", cascade="all, delete-orphan", order_by="Stakeholder.id"
    )
    topic_states: Mapped[list[TopicState]] = relationship(
        back_populates="exploration", cascade="all, delete-orphan"
    )
    documents: Mapped[list[DocumentStatus]] = relationship(
        back_populates="exploration", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class Stakeholder(Base):
    """A person the partner proposes for one or more interview topics."""

    __tablename__ = "stakeholders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str | None] = mapped_column(String(200))
    daily_role: Mapped[str | None] = mapped_column(Text)
    involvement: Mapped[str | None] = mapped_column(String(20))  # direct | supporting
    frequency: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str | None] = mapped_column(String(2))

    exploration: Mapped[Exploration] = relationship(back_populates="stakeholders")
    topics: Mapped[list[StakeholderTopic]] = relationship(
        back_populates="stakeholder", cascade="all, delete-orphan"
    )


class StakeholderTopic(Base):
    """Links a stakeholder to an interview topic (intake.reference.TOPICS ids)."""

    __tablename__ = "stakeholder_topics"
    __table_args__ = (UniqueConstraint("stakeholder_id", "topic_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"))
    topic_id: Mapped[str] = mapped_column(String(40))

    stakeholder: Mapped[Stakeholder] = relationship(back_populates="topics")


class TopicState(Base):
    """Per-topic state that is not a person: "to be confirmed"."""

    __tablename__ = "topic_states"
    __table_args__ = (UniqueConstraint("exploration_id", "topic_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(ForeignKey("explorations.id", ondelete="CASCADE"))
    topic_id: Mapped[str] = mapped_column(String(40))
    to_be_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)

    exploration: Mapped[Exploration] = relationship(back_populates="topic_states")


DOCUMENT_STATUSES = ("will_share", "shared", "not_available", "not_applicable")


class DocumentStatus(Base):
    """Where one checklist document stands; the document itself never comes here."""

    __tablename__ = "document_statuses"
    __table_args__ = (UniqueConstraint("exploration_id", "document_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(ForeignKey("explorations.id", ondelete="CASCADE"))
    document_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    exploration: Mapped[Exploration] = relationship(back_populates="documents")


class StatusChange(Base):
    """One step of the workflow: who moved which request from what to what, and when."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    # Why staff declined or withdrew the request (required then; optional otherwise): shown in
    # the history and, for a decline or a withdrawal, to the partner on their page.
    reason: Mapped[str | None] = mapped_column(Text)

    by_user: Mapped[StaffUser | None] = relationship()


class ReferenceCounter(Base):
    """Last reference number handed out per year (EXP-2026-0042)."""

    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class IdempotencyKey(Base):
    """A submission key already processed, so that a retried POST is not stored twice."""

    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Indexed: deleting a request deletes its keys (ON DELETE CASCADE) by this column.
    exploration_id: Mapped[int | None] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
