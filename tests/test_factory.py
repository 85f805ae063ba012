"""The one factory makes what the pages then show: a request a partner link opens, a survey a
respondent link opens, and a staff account that signs in."""

from __future__ import annotations

from tests import factory
from tests.conftest import html, sign_in


def test_an_exploration_opens_from_its_partner_link(app, client):
    made = factory.exploration(app, "submitted", survey_open=True)
    page = html(client.get(f"/en/request/{made.token}/"))
    assert made.reference and made.reference in page
    assert client.get(f"/en/survey/{made.survey_token}").status_code == 200


def test_a_draft_has_no_reference(app):
    assert factory.exploration(app, "draft").reference is None


def test_a_respondent_link_opens_its_answers(app, client):
    made = factory.exploration(app, survey_open=True)
    _id, token = factory.respondent(app, made.id, submitted=False)
    assert client.get(f"/en/survey/r/{token}/").status_code == 200


def test_a_staff_account_signs_in(app, client):
    user_id = sign_in(app, client, "editor")
    assert user_id and client.get("/en/staff/").status_code == 200
