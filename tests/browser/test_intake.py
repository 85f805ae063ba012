"""The request form in real Chromium: the whole flow in French with JavaScript on, the key steps
with JavaScript off, and axe and the W3C checker on every step, normal and in error."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from core.timeutil import today
from intake.models import Exploration
from tests.browser.conftest import assert_accessible, assert_valid_html

pytestmark = pytest.mark.browser


def check(page: Any) -> None:
    assert_accessible(page)
    assert_valid_html(page)


def check_without_scripts(page: Any, browser: Any, live_server: Any) -> None:
    """axe and vnu on a page shown with JavaScript off.

    axe itself is JavaScript, so the page's HTML (as the JavaScript-off browser got it) is
    replayed at the same address in a second browser whose own page scripts are blocked:
    the layout is the JavaScript-off one, and axe can run in it."""
    html = page.content()
    assert_valid_html(page)
    url = page.url.split("#")[0]
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    try:
        replay = context.new_page()
        replay.route("**/*.js", lambda route: route.abort())
        replay.route(
            url,
            lambda route: route.fulfill(
                status=200, body=html, content_type="text/html; charset=utf-8"
            ),
        )
        replay.goto(url)
        assert_accessible(replay)
    finally:
        context.close()


def weekday(days_ahead: int) -> str:
    day = today() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.isoformat()


def saturday(days_ahead: int) -> str:
    day = today() + timedelta(days=days_ahead)
    while day.weekday() != 5:
        day += timedelta(days=1)
    return day.isoformat()


def click_and_wait(page: Any, locator: Any) -> Any:
    with page.expect_navigation() as navigation:
        locator.click()
    return navigation.value


def continue_button(page: Any, name: str) -> Any:
    return page.locator("main").get_by_role("button", name=name, exact=True)


def fill_organization(page: Any, lang: str = "fr") -> None:
    page.select_option("#department_code", "pch")
    page.fill("#branch", "Direction générale des arts")
    page.fill("#lead_name", "Gaëlle Lœuillet")
    page.fill("#lead_title", "Gestionnaire, Services numériques")
    page.fill("#lead_email", "gaelle.loeuillet@pch.gc.ca")
    page.check(f"#lead_language-{1 if lang == 'en' else 2}")
    page.fill("#sponsor_name", "ᓯᓚ ᐅᑲᓕᒃ")
    page.fill("#sponsor_title", "Directrice générale")
    page.fill("#sponsor_email", "sila.okalik@pch.gc.ca")


def fill_context(page: Any) -> None:
    page.fill("#service_name", "Subventions aux festivals")
    page.fill("#problem", "Les organismes attendent 16 semaines une réponse.")
    page.fill("#users", "De petits organismes culturels, souvent bénévoles.")
    page.fill("#impact", "Des festivals annulés faute de réponse à temps.")
    page.fill("#why_now", "Le programme est renouvelé cette année.")


def fill_person(page: Any, name: str) -> None:
    page.fill("#name", name)
    page.fill("#title", "Conseillère principale en politiques")
    page.fill("#daily_role", "Elle rédige les politiques du programme.")
    page.check("#involvement-1")
    page.fill("#frequency", "Chaque semaine")
    page.check("#language-2")


def test_whole_flow_in_french_with_javascript(page, live_server):
    response = page.goto("/fr/request/start")
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Demander une exploration"
    assert page.get_by_role("heading", name="Énoncé de confidentialité").is_visible()
    check(page)

    click_and_wait(page, page.get_by_role("link", name="Commencer une demande"))
    assert page.url.endswith("/fr/request/organization")
    # "Other" stays hidden until chosen (JavaScript on), then shows.
    assert not page.locator("#department_other").is_visible()
    check(page)

    # Error state: nothing filled in.
    response = click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert response.status == 400
    assert page.title().startswith("Erreur")
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "Choisissez votre ministère ou organisme." in summary.inner_text()
    check(page)

    page.select_option("#department_code", "other")
    assert page.locator("#department_other").is_visible()
    fill_organization(page)
    # Pressing Enter in a field continues; it does not switch the language.
    with page.expect_navigation():
        page.press("#sponsor_email", "Enter")
    assert re.search(r"/fr/request/[A-Za-z0-9_-]{43}/context$", page.url)
    token = page.url.split("/")[-2]
    check(page)

    # The character counter (JavaScript) counts down as the lead types.
    page.fill("#problem", "abc")
    counter = page.locator('[data-count-for="problem"]')
    assert counter.inner_text() == "Il vous reste 2997 caractères."
    page.fill("#problem", "a" * 2999)
    assert counter.inner_text() == "Il vous reste 1 caractère."
    page.fill("#problem", "a" * 3001)
    assert counter.inner_text() == "Vous avez 1 caractère de trop."
    page.fill("#problem", "")
    response = click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert response.status == 400
    check(page)

    # The language button keeps what was typed on the page, and lands on the same step.
    fill_context(page)
    click_and_wait(page, page.get_by_role("button", name="English"))
    assert page.url.endswith(f"/en/request/{token}/context")
    assert page.input_value("#service_name") == "Subventions aux festivals"
    click_and_wait(page, page.get_by_role("button", name="Français"))
    assert page.url.endswith(f"/fr/request/{token}/context")
    click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert page.url.endswith(f"/fr/request/{token}/stakeholders")
    check(page)

    response = click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert response.status == 400
    check(page)

    click_and_wait(
        page,
        page.locator("#topic-policy").get_by_role(
            "button", name=re.compile("^Ajouter une nouvelle personne")
        ),
    )
    assert page.get_by_label("4. Politiques").is_checked()
    check(page)
    response = click_and_wait(page, continue_button(page, "Enregistrer cette personne"))
    assert response.status == 400
    check(page)
    fill_person(page, "Noémie Thériault")
    page.get_by_label("6. Équipe juridique").check()
    click_and_wait(page, continue_button(page, "Enregistrer cette personne"))
    assert page.url.endswith("/stakeholders#topic-policy")

    # The same person for topic 1, chosen instead of typed again.
    topic = page.locator("#topic-design_direction")
    topic.get_by_label("Ajouter une personne déjà nommée").select_option(label="Noémie Thériault")
    click_and_wait(page, topic.get_by_role("button", name=re.compile("^Ajouter cette personne")))
    assert "Noémie Thériault" in page.locator("#topic-design_direction").inner_text()
    for topic_id in (
        "work_methods",
        "program_design",
        "privacy_atip",
        "it_working",
        "communications",
        "it_leadership",
    ):
        page.check(f"#tbc_{topic_id}")
    click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert page.url.endswith("/documents")
    check(page)

    page.locator("#doc_org_chart_status").get_by_label("Fourni", exact=True).check()
    page.fill("#doc_org_chart_note", "n" * 501)
    response = click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert response.status == 400
    check(page)
    page.fill("#doc_org_chart_note", "Envoyé par courriel")
    click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert page.url.endswith("/timing")
    assert "20 à 38 heures" not in page.content()  # 1 person on 3 topics: 4 hours, not 6
    assert "22 à 40 heures" in page.content()
    check(page)

    page.fill("#preferred_start", saturday(30))
    response = click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert response.status == 400
    assert "Choisissez un jour de semaine" in page.content()
    check(page)
    page.fill("#preferred_start", weekday(30))
    click_and_wait(page, continue_button(page, "Enregistrer et continuer"))
    assert page.url.endswith("/check")
    assert page.get_by_role("heading", level=1).inner_text() == "Vérifiez vos réponses"
    check(page)

    click_and_wait(page, page.get_by_role("button", name="Soumettre la demande"))
    assert page.url.endswith(f"/fr/request/{token}/confirmation")
    reference = page.locator(".reference-number").inner_text()
    assert re.fullmatch(r"EXP-\d{4}-\d{4}", reference)
    check(page)

    click_and_wait(page, page.get_by_role("link", name="Voir votre demande"))
    assert reference in page.content() and "Soumise" in page.content()
    check(page)
    with live_server.app.app_context():
        from core.db import db

        stored = db.scalars(select(Exploration).where(Exploration.reference == reference)).one()
        assert stored.department_other is None and stored.department_code == "pch"
        assert stored.sponsor_name == "ᓯᓚ ᐅᑲᓕᒃ"


def test_key_steps_with_javascript_off(js_off_page, browser, live_server):
    page = js_off_page

    def check(page: Any) -> None:
        check_without_scripts(page, browser, live_server)

    page.goto("/en/request/organization")
    # Without JavaScript, the "Other" field is simply there.
    assert page.locator("#department_other").is_visible()
    check(page)
    response = click_and_wait(page, continue_button(page, "Save and continue"))
    assert response.status == 400
    check(page)
    fill_organization(page, "en")
    # Enter in a field saves and continues, without JavaScript too (not the language button).
    with page.expect_navigation():
        page.press("#lead_title", "Enter")
    assert re.search(r"/en/request/[A-Za-z0-9_-]{43}/context$", page.url)
    token = page.url.split("/")[-2]

    # The language button works without JavaScript too, and keeps what was typed.
    fill_context(page)
    click_and_wait(page, page.get_by_role("button", name="Français"))
    assert page.url.endswith(f"/fr/request/{token}/context")
    assert page.input_value("#why_now") == "Le programme est renouvelé cette année."
    click_and_wait(page, page.get_by_role("button", name="English"))
    click_and_wait(page, continue_button(page, "Save and continue"))

    # Adding people works without JavaScript: one page per person.
    click_and_wait(
        page,
        page.locator("#topic-legal").get_by_role("button", name=re.compile("^Add a new person")),
    )
    fill_person(page, "Liam O’Brien")
    response = click_and_wait(page, continue_button(page, "Save this person"))
    assert response.status == 302 or page.url.endswith("#topic-legal")
    check(page)
    page.locator("#topic-policy").get_by_label("Add someone you already named").select_option(
        label="Liam O’Brien"
    )
    click_and_wait(
        page, page.locator("#topic-policy").get_by_role("button", name=re.compile("^Add this"))
    )
    assert "Liam O’Brien" in page.locator("#topic-policy .people-list").inner_text()
    click_and_wait(
        page,
        page.locator("#topic-policy").get_by_role("button", name=re.compile("^Remove")),
    )
    assert page.locator("#topic-policy .people-list").count() == 0
    assert "Liam O’Brien" in page.locator("#topic-legal .people-list").inner_text()

    page.goto(f"/en/request/{token}/check")
    assert page.get_by_role("heading", name="Some answers are still missing").is_visible()
    check(page)
    response = click_and_wait(page, page.get_by_role("button", name="Submit the request"))
    assert response.status == 400
    assert page.locator(".error-summary").is_visible()
    check(page)

    page.goto(f"/en/request/{token}/")
    assert page.get_by_role("link", name="Continue your request").is_visible()
    check(page)


def test_conflict_page_is_accessible_and_keeps_what_was_typed(browser, live_server):
    first = browser.new_context(base_url=live_server.url, bypass_csp=True)
    tab_a = first.new_page()
    tab_a.goto("/en/request/organization")
    fill_organization(tab_a, "en")
    click_and_wait(tab_a, continue_button(tab_a, "Save and continue"))
    token = tab_a.url.split("/")[-2]
    tab_b = first.new_page()
    tab_b.goto(f"/en/request/{token}/context")
    tab_a.fill("#problem", "Typed in tab A")
    tab_b.fill("#problem", "Typed in tab B")
    click_and_wait(tab_b, continue_button(tab_b, "Save and continue"))
    response = click_and_wait(tab_a, continue_button(tab_a, "Save and continue"))
    assert response.status == 409
    assert "Typed in tab A" in tab_a.locator("main").inner_text()
    assert_valid_html(tab_a.content())  # before axe adds its own nodes to the document
    assert_accessible(tab_a)
    first.close()
