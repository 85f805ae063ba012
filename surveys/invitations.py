"""Survey invitations by email: the lead types colleagues' addresses, each colleague gets a
private link of their own (a respondent row) and may get one reminder.

An address is kept only while the invitation may still need it: it is dropped once the
reminder is written, once that colleague submits, or when the survey closes however it
closes (surveys.service.close_survey: the lead, staff, a withdrawal, the planning survey
window). The outbox keeps an address written into a message only until it is sent
(core.outbox). Respondents never see any address.
"""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import DateTime, ForeignKey, Integer, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from core.audit import record
from core.db import Base, db
from core.outbox import enqueue
from core.timeutil import utcnow
from core.tokens import new_token
from intake.models import Exploration
from surveys.models import Respondent

MAX_ADDRESSES = 50


class SurveyInvitation(Base):
    """One colleague invited by address; `email` is None once it is no longer needed."""

    __tablename__ = "survey_invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), index=True
    )
    respondent_id: Mapped[int | None] = mapped_column(
        ForeignKey("respondents.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(254))
    invited_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime)


def pending(exploration_id: int) -> list[SurveyInvitation]:
    """Invitations that still hold an address (sent, not yet answered, not yet reminded)."""
    return list(
        db.scalars(
            select(SurveyInvitation)
            .where(
                SurveyInvitation.exploration_id == exploration_id,
                SurveyInvitation.email.is_not(None),
            )
            .order_by(SurveyInvitation.id)
        )
    )


def invitation_count(exploration_id: int) -> int:
    return len(
        db.scalars(
            select(SurveyInvitation.id).where(SurveyInvitation.exploration_id == exploration_id)
        ).all()
    )


def _respondent_url(token: str, lang: str) -> str:
    return url_for("surveys.respondent_home", respondent_token=token, lang=lang, _external=True)


def _compose(exploration: Exploration, token: str, reminder: bool) -> tuple[str, str]:
    """Both languages in one message: the lead knows the colleague, the service does not."""
    subjects, bodies = [], []
    for lang in ("en", "fr"):
        with force_locale(lang):
            if reminder:
                subjects.append(_("Reminder: your colleagues’ survey for the CDS exploration"))
                intro = _(
                    "This is a reminder: %(name)s asked for your view before the exploration of "
                    "%(service)s with the Canadian Digital Service. If you already answered, "
                    "thank you: you can ignore this email.",
                    name=exploration.lead_name or _("a colleague"),
                    service=exploration.service_name or _("your service"),
                )
            else:
                subjects.append(_("Your view on how your team works: a 15-minute survey"))
                intro = _(
                    "%(name)s invites you to a short survey before the exploration of "
                    "%(service)s with the Canadian Digital Service (CDS). You rate how present "
                    "six digital practices are in your organization: it is not a grade.",
                    name=exploration.lead_name or _("A colleague"),
                    service=exploration.service_name or _("your service"),
                )
            bodies.append(
                "\n\n".join(
                    [
                        intro,
                        _("Your own private link:") + "\n" + _respondent_url(token, lang),
                        _(
                            "CDS sees each person’s answers; your colleagues see only combined "
                            "results. Keep this link to yourself."
                        ),
                    ]
                )
            )
    return " / ".join(subjects), "\n\n---\n\n".join(bodies)


def invite(exploration: Exploration, addresses: list[str]) -> int:
    """A private link and an invitation for each new address; returns how many were sent.
    An address already waiting for an answer is not invited twice. The caller commits."""
    waiting = {i.email for i in pending(exploration.id)}
    sent = 0
    for address in addresses:
        if address in waiting:
            continue
        waiting.add(address)
        token, token_hash = new_token()
        respondent = Respondent(exploration_id=exploration.id, token_hash=token_hash)
        db.add(respondent)
        db.flush()
        db.add(
            SurveyInvitation(
                exploration_id=exploration.id, respondent_id=respondent.id, email=address
            )
        )
        subject, body = _compose(exploration, token, reminder=False)
        enqueue(
            "survey_invitation",
            to=address,
            language="bi",
            subject=subject,
            body=body,
            exploration_id=exploration.id,
        )
        sent += 1
    if sent:
        record(
            "survey_invited",
            actor_kind="partner_link",
            exploration_id=exploration.id,
            detail=f"count:{sent}",
        )
    return sent


def remind(exploration: Exploration) -> int:
    """One reminder to each invited colleague who has not submitted; their link is renewed
    (only its hash was kept) and their address forgotten. Returns how many were sent."""
    now = utcnow()
    sent = 0
    for invitation in pending(exploration.id):
        respondent = (
            db.get(Respondent, invitation.respondent_id) if invitation.respondent_id else None
        )
        if invitation.reminded_at is None and respondent and respondent.submitted_at is None:
            token, token_hash = new_token()
            respondent.token_hash = token_hash
            subject, body = _compose(exploration, token, reminder=True)
            enqueue(
                "survey_reminder",
                to=invitation.email or "",
                language="bi",
                subject=subject,
                body=body,
                exploration_id=exploration.id,
            )
            sent += 1
        invitation.reminded_at = now
        invitation.email = None
    if sent:
        record(
            "survey_reminded",
            actor_kind="partner_link",
            exploration_id=exploration.id,
            detail=f"count:{sent}",
        )
    return sent


def forget_answered(exploration_id: int) -> None:
    """Drop the addresses of colleagues who submitted: the invitation needs them no more."""
    answered = select(Respondent.id).where(
        Respondent.exploration_id == exploration_id, Respondent.submitted_at.is_not(None)
    )
    db.execute(
        update(SurveyInvitation)
        .where(
            SurveyInvitation.exploration_id == exploration_id,
            SurveyInvitation.respondent_id.in_(answered),
        )
        .values(email=None)
    )


def forget_all(exploration_id: int) -> int:
    """The survey closed: no invitation needs an address any more (messages already written
    keep theirs only until sent, core.outbox). Returns how many addresses were dropped."""
    result = db.execute(
        update(SurveyInvitation)
        .where(
            SurveyInvitation.exploration_id == exploration_id,
            SurveyInvitation.email.is_not(None),
        )
        .values(email=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
