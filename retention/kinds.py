"""The personal information that the email outbox, survey invitations and the plan keep, as
kinds of the retention schedule (retention.purge's registry), and the schedule's daily run as
scheduled work (core.jobs).

Those features sit below retention in the dependency order, so they cannot register
themselves here: retention registers them, reading their tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from core.jobs import scheduled
from core.outbox import OutboxMessage
from intake.models import StatusChange
from planning.models import Interview, Plan
from retention import purge
from surveys.invitations import SurveyInvitation


def outbox_addresses(session: Session, exploration_id: int, dry_run: bool) -> int:
    """Recipients and bodies of the emails about one exploration (a body may hold a name)."""
    return purge.remove_values(
        session,
        OutboxMessage,
        (OutboxMessage.recipient, OutboxMessage.body),
        OutboxMessage.exploration_id == exploration_id,
        dry_run,
    )


def invitation_addresses(session: Session, exploration_id: int, dry_run: bool) -> int:
    return purge.remove_values(
        session,
        SurveyInvitation,
        (SurveyInvitation.email,),
        SurveyInvitation.exploration_id == exploration_id,
        dry_run,
    )


def plan_notes(session: Session, exploration_id: int, dry_run: bool) -> int:
    """Text people typed on the plan: the partner's availability notes, the agreement's note."""
    return purge.remove_values(
        session,
        Interview,
        (Interview.partner_note,),
        Interview.exploration_id == exploration_id,
        dry_run,
    ) + purge.remove_values(
        session, Plan, (Plan.agreement_note,), Plan.exploration_id == exploration_id, dry_run
    )


def status_reasons(session: Session, exploration_id: int, dry_run: bool) -> int:
    """The reasons staff gave when they declined or withdrew a request (a reason may name
    someone)."""
    return purge.remove_values(
        session,
        StatusChange,
        (StatusChange.reason,),
        StatusChange.exploration_id == exploration_id,
        dry_run,
    )


purge.register("email_addresses", outbox_addresses)
purge.register("invitation_addresses", invitation_addresses)
purge.register("plan_notes", plan_notes)
purge.register("status_reasons", status_reasons)


@scheduled("retention.run", every=timedelta(days=1))
def run_daily(now: datetime) -> Mapping[str, int]:
    """The retention schedule, once a day (each exploration in its own transaction)."""
    from retention.run import run_retention

    report = run_retention(now)
    return {**report.counts, "explorations": report.explorations}
