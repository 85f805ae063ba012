"""An invited colleague's address is kept only while the invitation may need it: closing the
survey drops every address still held, whether the lead closes it, staff do, or the planning
survey window closes it by itself."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.db import db
from core.timeutil import utcnow
from intake.models import Exploration
from planning.models import Plan
from surveys.invitations import SurveyInvitation
from tests import factory
from tests.conftest import sign_in

ADDRESSES = "a@canada.ca\nb@canada.ca"


def invite(client, made) -> str:
    manage = f"/en/request/{made.token}/survey"
    response = client.submit(f"{manage}/invitations", {"addresses": ADDRESSES}, form_url=manage)
    assert response.status_code == 303
    return manage


def addresses(app, exploration_id: int) -> list[str | None]:
    with app.app_context():
        return list(
            db.scalars(
                select(SurveyInvitation.email)
                .where(SurveyInvitation.exploration_id == exploration_id)
                .order_by(SurveyInvitation.id)
            )
        )


def test_the_lead_closing_the_survey_drops_the_addresses(notify_app, notify_client):
    made = factory.exploration(notify_app, survey_open=True)
    other = factory.exploration(notify_app, survey_open=True)
    manage = invite(notify_client, made)
    invite(notify_client, other)
    assert addresses(notify_app, made.id) == ["a@canada.ca", "b@canada.ca"]
    response = notify_client.submit_form(manage, {"action": "close"})
    assert response.status_code == 303
    assert addresses(notify_app, made.id) == [None, None]
    assert addresses(notify_app, other.id) == ["a@canada.ca", "b@canada.ca"]  # its own survey
    page = notify_client.get(manage).get_data(as_text=True)
    assert "a@canada.ca" not in page


def test_staff_closing_the_survey_drops_the_addresses(notify_app, notify_client):
    made = factory.exploration(notify_app, "accepted", survey_open=True)
    invite(notify_client, made)
    sign_in(notify_app, notify_client, "editor")
    url = f"/en/staff/requests/{made.id}"
    response = notify_client.submit(
        f"{url}/survey", {"action": "close", "version": made.version}, form_url=url
    )
    assert response.status_code in (302, 303)
    assert addresses(notify_app, made.id) == [None, None]


def test_the_survey_window_closing_drops_the_addresses(notify_app, notify_client):
    monday = utcnow().date() + timedelta(days=63 - utcnow().weekday())
    made = factory.planned_exploration(
        notify_app, start=monday, end=monday + timedelta(days=25), kickoff=True, survey_open=True
    )
    invite(notify_client, made)
    assert addresses(notify_app, made.id) == ["a@canada.ca", "b@canada.ca"]
    with notify_app.app_context():
        plan = db.scalar(select(Plan).where(Plan.exploration_id == made.id))
        plan.survey_closes_at = utcnow() - timedelta(minutes=1)
        plan.survey_window_applied = False
        db.commit()
    # The window is applied before any survey page answers: the lead's next visit closes it.
    closed = notify_client.get(f"/en/request/{made.token}/survey")
    assert closed.status_code == 200
    with notify_app.app_context():
        assert db.get(Exploration, made.id).survey_open is False
    assert addresses(notify_app, made.id) == [None, None]
