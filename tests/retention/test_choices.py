"""People's own choices: the lead withdraws or deletes, a respondent deletes their answers
(without taking released answers back out of the partner's results), and staff answer an
access request or remove one person's information."""

from __future__ import annotations

from io import BytesIO

from lxml import html as lxml_html
from openpyxl import load_workbook
from sqlalchemy import func, select

from core.audit import AuditEvent
from core.db import db
from core.labels import REMOVED
from intake.models import Exploration, Stakeholder, StatusChange
from surveys import results as survey_results
from surveys import service
from surveys.models import PracticeComment, Rating, Respondent
from tests import factory
from tests.conftest import html, sign_in


def _text(response) -> str:
    return lxml_html.fromstring(html(response)).text_content()


# --- The lead -------------------------------------------------------------------------------


def test_the_lead_withdraws_a_submitted_request_and_staff_see_who_did(app, client):
    made = factory.exploration(app, "accepted", survey_open=True)
    page = f"/en/request/{made.token}/"
    assert "Withdraw this request" in _text(client.get(page))
    confirm = client.get(f"/fr/request/{made.token}/withdraw")
    assert confirm.status_code == 200 and "Retirer ma demande" in _text(confirm)
    done = client.submit(f"/en/request/{made.token}/withdraw")
    assert done.status_code == 303 and done.location.endswith(page)
    with app.app_context():
        exploration = db.get(Exploration, made.id)
        assert exploration.status == "withdrawn" and not exploration.survey_open
        change = db.scalars(
            select(StatusChange).where(StatusChange.exploration_id == made.id)
        ).one()
        assert (change.from_status, change.to_status, change.by_user_id) == (
            "accepted",
            "withdrawn",
            None,
        )
    assert "This request was withdrawn." in _text(client.get(page))
    sign_in(app, client, "viewer")
    assert "Withdrawn by the partner" in _text(client.get(f"/en/staff/requests/{made.id}"))
    assert "Retirée par le partenaire" in _text(client.get(f"/fr/staff/requests/{made.id}"))


def test_a_scheduled_request_cannot_be_withdrawn_from_the_link(app, client):
    made = factory.exploration(app, "scheduled")
    assert "Withdraw this request" not in _text(client.get(f"/en/request/{made.token}/"))
    refused = client.submit(
        f"/en/request/{made.token}/withdraw", form_url="/en/request/organization"
    )
    assert refused.status_code == 409
    assert "can no longer be withdrawn" in _text(refused)
    with app.app_context():
        assert db.get(Exploration, made.id).status == "scheduled"


def test_the_lead_deletes_a_draft_at_once(app, client):
    made = factory.exploration(app, "draft")
    page = f"/fr/request/{made.token}/"
    assert "Supprimer cette ébauche" in _text(client.get(page))
    done = client.submit(f"/fr/request/{made.token}/delete")
    assert done.status_code == 303 and done.location.endswith("/fr/request/deleted")
    assert "Votre ébauche est supprimée" in _text(client.get(done.location))
    with app.app_context():
        assert db.get(Exploration, made.id) is None
        assert db.scalar(select(func.count()).select_from(Stakeholder)) == 0
        assert db.scalar(
            select(AuditEvent.action).where(AuditEvent.action == "request.draft_deleted")
        )
    assert client.get(page).status_code == 404


def test_a_submitted_request_is_not_deleted(app, client):
    made = factory.exploration(app, "submitted")
    refused = client.submit(f"/en/request/{made.token}/delete", form_url="/en/request/organization")
    assert refused.status_code == 409
    with app.app_context():
        assert db.get(Exploration, made.id) is not None


# --- A respondent ----------------------------------------------------------------------------


def test_answers_not_yet_released_are_deleted_whole(app, client):
    made = factory.exploration(app, survey_open=True)
    respondent_id, token = factory.respondent(
        app, made.id, submitted=False, comments={"open": "Mon avis"}
    )
    home = _text(client.get(f"/en/survey/r/{token}/"))
    assert "Delete my answers" in home
    done = client.submit(f"/en/survey/r/{token}/delete")
    assert done.status_code == 303
    assert "All your answers are deleted" in _text(client.get(done.location))
    with app.app_context():
        assert db.get(Respondent, respondent_id) is None
        assert db.scalar(select(func.count()).select_from(Rating)) == 0
        assert db.scalar(select(func.count()).select_from(PracticeComment)) == 0
    assert client.get(f"/en/survey/r/{token}/").status_code == 404


def test_released_answers_stay_in_the_partners_results_unlinked(app, client):
    """The release rule: the lead saw results with these ratings; results without them
    would differ by exactly one person's grid. So the ratings stay, linked to no one."""
    made = factory.exploration(app, survey_open=True)
    tokens = [
        factory.respondent(app, made.id, index=i, default=level, comments={"open": f"Avis {i}"})
        for i, level in enumerate((1, 2, 4))
    ]
    with app.test_request_context():
        before = survey_results.results_for(made.id, staff=False)
    respondent_id, token = tokens[0]
    confirm = _text(client.get(f"/fr/survey/r/{token}/delete"))
    assert "sans lien avec personne" in confirm
    done = client.submit(f"/en/survey/r/{token}/delete")
    assert "Your comments and your private link are deleted" in _text(client.get(done.location))
    with app.test_request_context():
        after = survey_results.results_for(made.id, staff=False)
        respondent = db.get(Respondent, respondent_id)
        assert respondent is not None and not respondent.comments
        assert respondent.overall_comment is None
    assert after["aggregate"].cells == before["aggregate"].cells
    assert after["aggregate"].overall == before["aggregate"].overall
    assert after["released"] == before["released"] == 3
    assert "Avis 0" not in after["aggregate"].comment_texts("open")
    assert client.get(f"/en/survey/r/{token}/").status_code == 404


def test_answers_cannot_be_deleted_once_the_survey_is_closed(app, client):
    made = factory.exploration(app, survey_open=True)
    respondent_id, token = factory.respondent(app, made.id, submitted=False)
    form = client.csrf_token(f"/en/survey/r/{token}/delete")
    with app.test_request_context():
        service.close_survey(db.get(Exploration, made.id))
        db.commit()
    closed = client.post(f"/en/survey/r/{token}/delete", data={"csrf_token": form})
    assert closed.status_code == 403
    with app.app_context():
        assert db.get(Respondent, respondent_id) is not None


# --- Staff: one person -----------------------------------------------------------------------


def test_an_access_request_exports_everything_held_about_an_address(app, client):
    made = factory.exploration(app, "completed", lead_email="Elodie.Berube@example.gc.ca")
    factory.exploration(app, "submitted", lead_email="someone.else@example.gc.ca")
    sign_in(app, client, "admin")
    url = "/en/staff/retention/person"
    found = client.submit(url, {"email": "elodie.berube@example.gc.ca", "action": "find"})
    assert found.status_code == 200
    assert "Lead and sponsor: names, titles, emails, phones: 4" in _text(found)
    book = client.submit(url, {"email": "person1@example.gc.ca", "action": "export"})
    assert book.status_code == 200 and book.mimetype.endswith("sheet")
    assert b"person1" not in book.headers.get("Content-Disposition", "").encode()
    sheets = load_workbook(BytesIO(book.data)).worksheets
    values = [c.value for ws in sheets for row in ws.iter_rows(min_row=2) for c in row]
    assert "Œdipe Côté" in values and "person1@example.gc.ca" in values
    assert "Léa Tremblay-Gagnon" not in values  # person0, another address
    with app.app_context():
        assert (
            db.scalar(
                select(AuditEvent.detail).where(AuditEvent.action == "retention.access_exported")
            )
            == "rows:2"
        )  # one person, named on two requests
    del made


def test_removing_one_person_on_request_is_logged_with_counts_only(app, client):
    made = factory.exploration(app, "in_progress")
    sign_in(app, client, "admin")
    url = "/en/staff/retention/person"
    unconfirmed = client.submit(url, {"email": "person2@example.gc.ca", "action": "remove"})
    assert unconfirmed.status_code == 400
    assert "Confirm that the person asked for the removal." in _text(unconfirmed)
    bad = client.submit(url, {"email": "not an address", "action": "find"})
    assert bad.status_code == 400
    done = client.submit(
        url, {"email": "PERSON2@example.gc.ca ", "action": "remove", "confirm": "y"}
    )
    assert done.status_code == 200 and "People to interview" in _text(done)
    with app.app_context():
        people = db.scalars(
            select(Stakeholder)
            .where(Stakeholder.exploration_id == made.id)
            .order_by(Stakeholder.id)
        ).all()
        assert people[2].name == REMOVED and people[2].email == REMOVED
        assert people[0].name == "Léa Tremblay-Gagnon"
        details = db.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "retention.person_removed")
        ).all()
        assert sorted(details) == ["stakeholders:5", "stakeholders:5"]
    assert "removed under the retention schedule" in _text(
        client.get(f"/en/staff/requests/{made.id}")
    )
