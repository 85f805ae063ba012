"""Self-assessment answers: one respondent per colleague, one rating per practice x role."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.timeutil import utcnow
from intake.models import Exploration


class Respondent(Base):
    """One colleague answering the survey of one exploration, through a private link."""

    __tablename__ = "respondents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    functional_area: Mapped[str | None] = mapped_column(String(40))  # an interview topic id
    level: Mapped[str | None] = mapped_column(String(20))  # executive | management | working
    overall_level: Mapped[int | None] = mapped_column(SmallInteger)  # 1-4; None = not answered
    overall_dont_know: Mapped[bool] = mapped_column(default=False)
    overall_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # When these answers joined the partner's results (surveys.service.release_results).
    released_at: Mapped[datetime | None] = mapped_column(DateTime)

    exploration: Mapped[Exploration] = relationship()
    ratings: Mapped[list[Rating]] = relationship(
        back_populates="respondent", cascade="all, delete-orphan"
    )
    comments: Mapped[list[PracticeComment]] = relationship(
        back_populates="respondent", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class Rating(Base):
    """One cell of the 6 x 3 grid. `level` 1-4, or None for "don't know / not applicable"."""

    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("respondent_id", "practice_id", "role_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondents.id", ondelete="CASCADE"))
    practice_id: Mapped[str] = mapped_column(String(40))
    role_id: Mapped[str] = mapped_column(String(40))
    level: Mapped[int | None] = mapped_column(SmallInteger)

    respondent: Mapped[Respondent] = relationship(back_populates="ratings")


class PracticeComment(Base):
    """A respondent's optional comment on one practice."""

    __tablename__ = "practice_comments"
    __table_args__ = (UniqueConstraint("respondent_id", "practice_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondents.id", ondelete="CASCADE"))
    practice_id: Mapped[str] = mapped_column(String(40))
    comment: Mapped[str] = mapped_column(Text)

    respondent: Mapped[Respondent] = relationship(back_populates="comments")
