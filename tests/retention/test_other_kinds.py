"""The schedule also removes what email, survey invitations and the plan keep about people, and
it runs by itself once a day beside the outbox's retries."""

from __future__ import annotations

from sqlalchemy import select

from core.db import db
from core.jobs import SCHEDULES
from core.labels import REMOVED
from core.outbox import OutboxMessage
from planning import service as planning
from planning.models import Interview
from retention.run import run_retention
from surveys.invitations import SurveyInvitation
from tests import factory
from tests.retention.helpers import LONG_AGO, NOW


def test_email_invitation_and_plan_text_of_a_due_exploration_are_removed(app):
    made = factory.aged_exploration(app, "completed", changed_at=LONG_AGO)
    with app.test_request_context():
        db.add(
            OutboxMessage(
                kind="receipt",
                exploration_id=made.id,
                language="fr",
                recipient="lea@canada.ca",
                subject="Sujet",
                body="Bonjour Léa",
                status="sent",
            )
        )
        db.add(SurveyInvitation(exploration_id=made.id, email="collegue@canada.ca"))
        plan = planning.ensure_plan(made.id)
        plan.agreement_note = "Signée par Léa Tremblay"
        db.commit()

    with app.app_context():
        report = run_retention(NOW)
        message = db.scalar(select(OutboxMessage).where(OutboxMessage.exploration_id == made.id))
        invitation = db.scalar(select(SurveyInvitation))
        plan = planning.plan_for(made.id)
        assert (message.recipient, message.body) == (REMOVED, REMOVED)
        assert message.subject == "Sujet"  # what was sent and when stays; who to, does not
        assert invitation.email == REMOVED
        assert plan.agreement_note == REMOVED
        assert db.scalar(select(Interview.id)) is None
    assert report.counts["email_addresses"] == 2
    assert report.counts["invitation_addresses"] == 1
    assert report.counts["plan_notes"] == 1


def test_the_outbox_and_the_schedule_run_as_scheduled_work(app):
    assert {"outbox.deliver", "retention.run", "jobs.sweep"} <= set(SCHEDULES)
    assert SCHEDULES["retention.run"].every.days == 1
