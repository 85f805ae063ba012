"""The staff area in real Chromium: sign in, filter the dashboard, open a request, change its
status. Every page passes axe and the W3C checker, in both languages, with JavaScript on and
off."""

from __future__ import annotations

import re
import secrets
from datetime import date

import pytest

from tests import factory
from tests.browser.conftest import assert_accessible, assert_valid_html, sign_in
from tests.staff.helpers import make_request, post_sign_in


@pytest.fixture
def seeded(live_server) -> dict:
    """An editor and three requests whose service names are unique to this test."""
    app = live_server.app
    tag = secrets.token_hex(3)
    year = 2040 + secrets.randbelow(50)
    base = secrets.randbelow(9000)

    def make(n: int, status: str, department: str, start: date) -> dict:
        return make_request(
            app,
            status,
            reference=f"EXP-{year}-{base + n:04d}",
            department=department,
            preferred_start=start,
            service_name=f"Service {tag} numéro {n}",
        )

    requests = [
        make(1, "submitted", "cbsa", date(2026, 9, 14)),
        make(2, "submitted", "esdc", date(2026, 10, 5)),
        make(3, "accepted", "esdc", date(2026, 11, 2)),
    ]
    editor_id = factory.staff_account(app, "editor", name="Dominique Tremblay")
    return {"tag": tag, "requests": requests, "email": factory.staff_email(app, editor_id)}


def check(page) -> None:
    assert_accessible(page)
    assert_valid_html(page)


def test_sign_in_filter_open_and_change_status(page, seeded):
    page.goto("/en/staff/sign-in")
    check(page)
    sign_in(page, seeded["email"], "not the password at all")
    assert "The email address or password is not right" in page.content()
    check(page)  # the page with its error summary

    sign_in(page, seeded["email"])
    page.wait_for_url("**/en/staff/")
    check(page)

    page.get_by_label("Search").fill(seeded["tag"])
    page.get_by_label("Department").select_option("esdc")
    page.get_by_role("checkbox", name="Submitted").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r".*/en/staff/\?.*department=esdc.*"))
    rows = page.locator("#requests tbody tr")
    assert rows.count() == 1
    second = seeded["requests"][1]
    assert second.reference in rows.first.inner_text()
    check(page)

    page.get_by_role("link", name=re.compile("^Preferred start")).click()
    assert page.locator('th[aria-sort="ascending"]').inner_text().startswith("Preferred start")
    check(page)

    page.get_by_role("link", name=second.reference).click()
    page.wait_for_url(f"**/en/staff/requests/{second.id}")
    assert page.get_by_role("heading", level=1).inner_text() == f"Request {second.reference}"
    check(page)

    page.get_by_role("radio", name="Accepted").check()
    page.get_by_role("button", name="Change status").click()
    page.wait_for_url(f"**/en/staff/requests/{second.id}#status-and-dates")
    assert page.get_by_role("status").inner_text().strip() == "Status changed to Accepted."
    history = page.locator("section[aria-labelledby=history] tbody tr")
    assert history.count() == 1
    assert "Dominique Tremblay" in history.first.inner_text()
    check(page)

    # The language toggle keeps a half-typed note (core.kept_typing)...
    note = "Appel avec Ahmed : revoir la portée"
    page.get_by_label("Add a note").fill(note)
    page.get_by_role("button", name="Français").click()
    page.wait_for_url(f"**/fr/staff/requests/{second.id}")
    assert page.get_by_role("heading", level=1).inner_text() == f"Demande {second.reference}"
    assert page.get_by_label("Ajouter une note").input_value() == note
    check(page)
    # ... and, with JavaScript, whichever form was typed in last: here a date, typed in the
    # format its hint gives, in a text box that shows it as typed.
    start = page.get_by_label("Date de début convenue")
    assert start.get_attribute("type") == "text"
    start.fill("2027-03-15")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"**/en/staff/requests/{second.id}")
    assert page.get_by_label("Agreed start date").input_value() == "2027-03-15"
    assert page.get_by_label("Add a note").input_value() == ""


def test_a_stale_form_gets_the_conflict_page(page, seeded, live_server):
    sign_in(page, seeded["email"])
    page.wait_for_url("**/en/staff/")
    first = seeded["requests"][0]
    page.goto(f"/en/staff/requests/{first.id}")
    other = page.context.new_page()
    other.goto(f"/en/staff/requests/{first.id}")
    other.get_by_role("radio", name="Declined").check()
    other.get_by_label("Reason", exact=True).fill("Nos équipes sont prises.")
    other.get_by_role("button", name="Change status").click()
    other.wait_for_url("**#status-and-dates")
    page.get_by_role("radio", name="Accepted").check()
    page.get_by_role("button", name="Change status").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "This information was changed by someone else"
    )
    check(page)


def test_the_staff_area_works_without_javascript(js_off_page, seeded):
    page = js_off_page
    sign_in(page, seeded["email"], lang="fr")
    page.wait_for_url("**/fr/staff/")
    page.get_by_label("Rechercher").fill(seeded["tag"])
    page.get_by_role("checkbox", name="Acceptée").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    rows = page.locator("#requests tbody tr")
    assert rows.count() == 1
    assert seeded["requests"][2].reference in rows.first.inner_text()
    assert_valid_html(page)  # axe needs JavaScript; the JS-on tests run it
    page.goto("/fr/staff/?from=pas-une-date")
    assert "Erreur" in page.title()
    assert_valid_html(page)  # axe needs JavaScript; the JS-on tests run it
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/fr/staff/sign-in")
    assert "Votre session est fermée." in page.content()
    page.goto("/fr/staff/")
    page.wait_for_url(re.compile(r".*/fr/staff/sign-in\?next=.*"))


def test_admin_pages(page, live_server):
    app = live_server.app
    admin_id = factory.staff_account(app, "admin", name="Camille Admin")
    page.goto("/en/staff/sign-in")
    page.get_by_label("Email address").fill(factory.staff_email(app, admin_id))
    page.get_by_label("Password").fill(factory.PASSWORD)
    page.get_by_label("Password").press("Enter")  # Enter signs in; it does not switch language
    page.wait_for_url("**/en/staff/")
    for path in (
        "/en/staff/accounts",
        "/en/staff/accounts/new",
        f"/en/staff/accounts/{admin_id}",
        "/en/staff/audit",
        "/en/staff/account",
        "/fr/staff/audit",
        "/fr/staff/accounts/new",
    ):
        page.goto(path)
        check(page)
    page.goto("/en/staff/accounts/new")
    with page.expect_navigation():
        page.get_by_role("button", name="Create the account").click()
    assert "There is a problem" in page.content()
    check(page)


def test_error_states_are_valid_html(live_server, seeded):
    """Pages a browser cannot easily reach by typing: a date that is not a date, a stale form
    (409) and too many sign-in attempts (429)."""
    from app import create_app
    from tests.conftest import Client

    app = live_server.app
    client = app.test_client()
    assert post_sign_in(client, seeded["email"]).status_code == 302
    first = seeded["requests"][0]
    url = f"/en/staff/requests/{first.id}"
    bad_dates = client.submit(
        f"{url}/dates",
        {"version": first.version, "agreed_start": "5 octobre", "agreed_end": "2026-10-30"},
        form_url=url,
    )
    assert bad_dates.status_code == 400
    assert_valid_html(bad_dates.get_data(as_text=True))
    stale = client.submit(f"{url}/notes", {"version": 999, "body": "Ma note"}, form_url=url)
    assert stale.status_code == 409
    assert_valid_html(stale.get_data(as_text=True))

    limited = create_app(
        {
            "SECRET_KEY": "browser-tests-secret-key",
            "DATABASE_URL": app.config["DATABASE_URL"],
            "RATELIMIT_ENABLED": True,
            "SIGNIN_LIMIT": "1 per minute",
            "SCHEDULER_THREAD": False,  # as the live app: no scheduler outliving this test
        }
    )
    limited.test_client_class = Client
    other = limited.test_client()
    for _ in range(2):
        response = other.post(
            "/fr/staff/sign-in",
            data={
                "csrf_token": other.csrf_token("/fr/staff/sign-in"),
                "email": "x@cds-snc.ca",
                "password": "wrong",
            },
        )
    assert response.status_code == 429
    assert_valid_html(response.get_data(as_text=True))
