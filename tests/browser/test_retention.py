"""People's own choices in real Chromium, in both languages: the lead withdraws a request and
deletes a draft, a respondent deletes their answers; and the retention pages staff use (a
purged request, holds with an error, the runs, one person's information). Every page passes
axe and the W3C checker."""

from __future__ import annotations

import pytest

from core.db import db
from retention.run import run_retention
from tests import factory
from tests.browser.conftest import assert_accessible, assert_valid_html, sign_in
from tests.retention.helpers import LONG_AGO, NOW

pytestmark = pytest.mark.browser

WORDS = {
    "en": {
        "withdraw_link": "Withdraw this request",
        "withdraw_button": "Withdraw my request",
        "withdrawn": "This request was withdrawn.",
        "delete_link": "Delete this draft",
        "delete_button": "Delete my draft",
        "deleted": "Your draft is deleted",
        "answers_link": "Delete my answers",
        "answers_deleted": "Your answers are deleted",
    },
    "fr": {
        "withdraw_link": "Retirer cette demande",
        "withdraw_button": "Retirer ma demande",
        "withdrawn": "Cette demande a été retirée.",
        "delete_link": "Supprimer cette ébauche",
        "delete_button": "Supprimer mon ébauche",
        "deleted": "Votre ébauche est supprimée",
        "answers_link": "Supprimer mes réponses",
        "answers_deleted": "Vos réponses sont supprimées",
    },
}


def check(page) -> None:
    assert_accessible(page)
    assert_valid_html(page)


def press(page, name: str) -> None:
    """Press a form's button and wait for the page it answers with."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_lead_withdraws_a_request(page, live_server, lang):
    words = WORDS[lang]
    made = factory.exploration(live_server.app, "submitted", survey_open=True)
    page.goto(f"/{lang}/request/{made.token}/")
    check(page)
    page.get_by_role("link", name=words["withdraw_link"]).click()
    page.wait_for_url(f"**/{lang}/request/*/withdraw")
    check(page)
    page.get_by_role("button", name=words["withdraw_button"]).click()
    page.wait_for_url(f"**/{lang}/request/*/")
    assert words["withdrawn"] in page.content()
    check(page)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_lead_deletes_a_draft(page, live_server, lang):
    words = WORDS[lang]
    made = factory.exploration(live_server.app, "draft")
    page.goto(f"/{lang}/request/{made.token}/")
    check(page)
    page.get_by_role("link", name=words["delete_link"]).click()
    check(page)
    page.get_by_role("button", name=words["delete_button"]).click()
    page.wait_for_url(f"**/{lang}/request/deleted")
    assert words["deleted"] in page.content()
    check(page)
    assert page.goto(f"/{lang}/request/{made.token}/").status == 404


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("released", [False, True])
def test_a_respondent_deletes_their_answers(page, live_server, lang, released):
    words = WORDS[lang]
    made = factory.exploration(live_server.app, "accepted", survey_open=True)
    _id, token = factory.respondent(live_server.app, made.id, submitted=released)
    page.goto(f"/{lang}/survey/r/{token}/")
    check(page)
    page.get_by_role("link", name=words["answers_link"]).click()
    page.wait_for_url(f"**/{lang}/survey/r/*/delete")
    check(page)
    page.get_by_role("button", name=words["answers_link"]).click()
    page.wait_for_url(f"**/{lang}/survey/deleted*")
    assert words["answers_deleted"] in page.content()
    check(page)


def test_the_retention_pages_staff_use(page, live_server):
    app = live_server.app
    purged = factory.aged_exploration(app, "completed", changed_at=LONG_AGO)
    with app.app_context():
        run_retention(NOW)
        db.commit()
    open_one = factory.exploration(app, "declined")
    admin_id = factory.staff_account(app, "admin", name="Camille Admin")
    sign_in(page, factory.staff_email(app, admin_id))
    page.wait_for_url("**/en/staff/")
    for lang in ("en", "fr"):
        for path in (
            f"/{lang}/staff/requests/{purged.id}",
            f"/{lang}/staff/requests/{open_one.id}",
            f"/{lang}/staff/retention",
            f"/{lang}/staff/retention/person",
        ):
            page.goto(path)
            check(page)
    page.goto(f"/en/staff/requests/{open_one.id}")
    press(page, "Put on hold")
    assert "Enter the reason for the hold." in page.content()
    check(page)
    page.get_by_label("Reason for the hold").fill("Plainte 2028-17")
    press(page, "Put on hold")
    assert "On hold" in page.content()
    check(page)
    page.goto("/en/staff/retention/person")
    page.get_by_label("Email address").fill("person0@example.gc.ca")
    press(page, "Find")
    check(page)
    press(page, "Remove this person’s information")
    assert "Confirm that the person asked for the removal." in page.content()
    check(page)
