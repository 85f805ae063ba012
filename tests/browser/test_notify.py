"""Email in real Chromium, as `make run` serves it (no NOTIFY_API_KEY: every email is kept and
shown on the Outbox): a request submitted in French shows its French receipt on the Outbox,
and the receipt's private link opens the request; the Outbox page and the "email me a link"
flow (a draft step, a respondent's page) in both languages. axe and the W3C checker on every
page, and no sideways scrolling at 320 px."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests import factory
from tests.browser.conftest import assert_accessible, assert_valid_html, sign_in
from tests.browser.test_intake import (
    click_and_wait,
    continue_button,
    fill_context,
    fill_organization,
    weekday,
)

pytestmark = pytest.mark.browser

WORDS = {
    "en": {
        "box": "Email me a link to come back",
        "button": "Email me the link",
        "sent": "Check your email",
        "back": "Back to where you were",
        "address": "Your email address",
        "outbox": "Outbox",
        "show": "Show the message",
        "wrong": "Enter an email address in the right format, like name@canada.ca.",
    },
    "fr": {
        "box": "M’envoyer par courriel un lien pour revenir",
        "button": "M’envoyer le lien",
        "sent": "Consultez vos courriels",
        "back": "Retour à la page où vous étiez",
        "address": "Votre adresse courriel",
        "outbox": "Boîte d’envoi",
        "show": "Afficher le message",
        "wrong": "Entrez une adresse courriel dans le bon format, comme nom@canada.ca.",
    },
}

# How far the page scrolls sideways at its current width (0 when it fits).
SIDEWAYS_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def check(page: Any) -> None:
    assert_accessible(page)
    assert_valid_html(page)


def check_at_320(page: Any) -> None:
    """The page, read at 320 CSS pixels: no sideways scroll, still accessible."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        assert page.evaluate(SIDEWAYS_JS) <= 0, f"{page.url} scrolls sideways at 320 px"
        assert_accessible(page)
    finally:
        page.set_viewport_size(size)


def sign_in_as_admin(page: Any, live_server: Any, lang: str) -> None:
    admin_id = factory.staff_account(live_server.app, "admin")
    sign_in(page, factory.staff_email(live_server.app, admin_id), lang=lang)
    page.wait_for_url(f"**/{lang}/staff/")


def test_a_request_submitted_in_french_shows_its_receipt_whose_link_opens_it(page, live_server):
    # The lead submits a request in French, through the pages.
    page.goto("/fr/request/start")
    click_and_wait(page, page.get_by_role("link", name="Commencer une demande"))
    fill_organization(page, "fr")
    click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert page.url.endswith("/context")
    fill_context(page)
    click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert page.url.endswith("/stakeholders")
    for box in page.locator("input[id^='tbc_']").all():
        box.check()
    click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert page.url.endswith("/documents")
    click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert page.url.endswith("/timing")
    page.fill("#preferred_start", weekday(40))
    click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert page.url.endswith("/check")
    click_and_wait(page, page.get_by_role("button", name="Soumettre la demande"))
    assert page.url.endswith("/confirmation")
    reference = page.locator(".reference-number").inner_text()
    assert "Nous avons envoyé par courriel un accusé de réception" in page.content()
    assert "gaelle.loeuillet@pch.gc.ca" in page.locator(".receipt-sent").inner_text()
    check(page)

    # An administrator opens the Outbox: the receipt is there, in French, kept (not sent).
    sign_in_as_admin(page, live_server, "fr")
    page.goto("/fr/staff/outbox")
    assert page.get_by_role("heading", level=1).inner_text() == "Boîte d’envoi"
    receipt = page.locator("li.outbox-message").filter(
        has=page.get_by_role(
            "heading", name=f"Nous avons reçu votre demande d’exploration {reference}"
        )
    )
    assert receipt.count() == 1
    assert "Accusé de réception au responsable du projet" in receipt.inner_text()
    assert "gaelle.loeuillet@pch.gc.ca" in receipt.inner_text()
    receipt.get_by_text("Afficher le message").click()
    body = receipt.locator(".email-body")
    assert body.is_visible()
    text = body.inner_text()
    assert f"Son numéro de référence est {reference}." in text
    assert "Votre lien privé vers la demande" in text
    check(page)

    # Its private link opens the request.
    link = body.locator("a[href*='/fr/request/']")
    assert link.count() == 1
    assert re.search(r"/fr/request/[A-Za-z0-9_-]{43}/$", link.get_attribute("href"))
    click_and_wait(page, link)
    assert re.search(r"/fr/request/[A-Za-z0-9_-]{43}/$", page.url)
    assert reference in page.locator("main").inner_text()
    assert "Soumise" in page.locator("main").inner_text()
    check(page)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_outbox_page(page, live_server, lang):
    from core.db import db

    made = factory.exploration(live_server.app, "submitted")
    with live_server.app.app_context():
        factory.failed_email(db, made.id)
        db.commit()
    sign_in_as_admin(page, live_server, lang)
    page.goto(f"/{lang}/staff/outbox")
    assert page.get_by_role("heading", level=1).inner_text() == WORDS[lang]["outbox"]
    assert page.locator("ol.outbox-list > li.outbox-message").count() >= 1
    check(page)
    check_at_320(page)
    # A kept email, opened: its body and links still fit at 320 px.
    page.locator(".outbox-body summary").first.click()
    check(page)
    check_at_320(page)
    # The failed one offers "send again", named after its subject.
    failed = page.locator("li.outbox-message").filter(has=page.locator("form"))
    assert failed.count() >= 1
    styles = page.evaluate(
        """() => {
            const s = getComputedStyle(document.querySelector('.outbox-list'));
            return {listStyle: s.listStyleType, padding: s.paddingLeft};
        }"""
    )
    assert styles == {"listStyle": "none", "padding": "0px"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_draft_step_emails_the_lead_a_link_to_come_back(page, live_server, lang):
    words = WORDS[lang]
    made = factory.exploration(live_server.app, "draft")
    page.goto(f"/{lang}/request/{made.token}/context")
    box = page.locator("section.email-link-box")
    assert box.get_by_role("heading", name=words["box"]).is_visible()
    assert (
        page.evaluate(
            "() => getComputedStyle(document.querySelector('.email-link-box')).borderTopWidth"
        )
        == "4px"
    )
    check(page)
    check_at_320(page)

    click_and_wait(page, box.get_by_role("button", name=words["button"]))
    assert page.get_by_role("heading", level=1).inner_text() == words["sent"]
    check(page)
    check_at_320(page)
    click_and_wait(page, page.get_by_role("link", name=words["back"]))
    assert page.url.endswith(f"/{lang}/request/{made.token}/context")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_respondent_types_their_address_for_a_link_to_come_back(page, live_server, lang):
    from sqlalchemy import select

    from core.db import db
    from core.outbox import OutboxMessage

    words = WORDS[lang]
    made = factory.exploration(live_server.app, "accepted", survey_open=True)
    _id, token = factory.respondent(live_server.app, made.id, submitted=False)
    page.goto(f"/{lang}/survey/r/{token}/")
    box = page.locator("section.email-link-box")
    assert box.get_by_role("heading", name=words["box"]).is_visible()
    check(page)
    check_at_320(page)

    # A wrong address: the error next to the field and in the summary, what was typed kept.
    box.get_by_label(words["address"]).fill("pas une adresse")
    response = click_and_wait(page, box.get_by_role("button", name=words["button"]))
    assert response.status == 400
    assert page.locator(".error-summary").is_visible()
    assert words["wrong"] in page.locator(".email-link-box").inner_text()
    assert page.get_by_label(words["address"]).input_value() == "pas une adresse"
    check(page)
    check_at_320(page)

    address = f"repondant.{lang}.{_id}@canada.ca"
    page.get_by_label(words["address"]).fill(address)
    click_and_wait(page, page.get_by_role("button", name=words["button"]))
    assert page.get_by_role("heading", level=1).inner_text() == words["sent"]
    check(page)
    check_at_320(page)
    with live_server.app.app_context():
        [kept] = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)).all()
        assert kept.language == lang and kept.status == "held"
        assert f"/{lang}/survey/r/{token}/" in (kept.body or "")
