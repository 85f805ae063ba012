"""The language toggle keeps what was typed on staff pages (core.kept_typing): the header's
button posts the page's form, the same page opens in the other language with the form as it
was, and nothing is saved, validated or applied. Passwords and tokens are never kept."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from core.db import db
from core.kept_typing import KeptTyping
from intake.models import Exploration
from staff.models import Note
from tests import factory
from tests.conftest import html, sign_in
from tests.markup import hidden_fields, parse

HALF_TYPED_NOTE = "Appel avec Ahmed : il faudra revoir la portée…\nÀ suivre"


def toggle(page: str):
    """The header's language button: (the form it submits, where it posts, its value)."""
    [button] = parse(page).xpath("//button[@name='switch_lang']")
    return button.get("form"), button.get("formaction"), button.get("value")


def switch_language(client, url: str, typed: dict, form_id: str | None = None):
    """What a browser does when the toggle is pressed after typing `typed` in the form the
    toggle names (or `form_id`, the form app.js points it to): follow the redirect."""
    page = html(client.get(url))
    toggle_form, action, lang = toggle(page)
    form_id = form_id or toggle_form
    if form_id != toggle_form:  # what app.js does when someone types in another form
        query = parse_qs(urlsplit(action).query)
        action = f"{urlsplit(action).path}?page={query['page'][0]}&form={form_id}"
    payload = {**hidden_fields(page, form_id), **typed, "switch_lang": lang}
    return client.post(action, data=payload, follow_redirects=True)


def field_value(page: str, name: str, form_id: str) -> str:
    [control] = parse(page).xpath(f"//form[@id='{form_id}']//*[@name='{name}']")
    if control.tag == "textarea":  # HTML drops the newline that follows <textarea>
        return (control.text or "").replace("\r\n", "\n").removeprefix("\n")
    return control.get("value") or ""


def rows(app) -> int:
    with app.app_context():
        return db.scalar(select(func.count()).select_from(KeptTyping))


@pytest.fixture
def request_page(app, client):
    sign_in(app, client, "admin")
    made = factory.exploration(app, "submitted")
    return made, f"/en/staff/requests/{made.id}"


def test_a_half_typed_note_survives_the_toggle(app, client, request_page):
    made, url = request_page
    page = html(client.get(url))
    assert toggle(page)[0] == "note-form"
    response = switch_language(client, url, {"body": HALF_TYPED_NOTE})
    assert response.status_code == 200
    assert response.request.path == f"/fr/staff/requests/{made.id}"
    page = html(response)
    assert parse(page).get("lang") == "fr"
    assert field_value(page, "body", "note-form") == HALF_TYPED_NOTE
    with app.app_context():
        assert db.scalar(select(func.count()).select_from(Note)) == 0  # nothing was saved
    assert rows(app) == 0  # handed back once, then gone
    # Back to English with the note still there, then a reload: the form is empty again.
    page = html(switch_language(client, f"/fr/staff/requests/{made.id}", {"body": "Encore"}))
    assert field_value(page, "body", "note-form") == "Encore"
    assert field_value(html(client.get(url)), "body", "note-form") == ""


def test_the_toggle_follows_the_form_typed_in(app, client, request_page):
    """With JavaScript the toggle posts whichever form was typed in last: here the reason of
    a decline, with the status chosen; the other forms are left as they were."""
    made, url = request_page
    typed = {"status": "declined", "reason": "Hors de notre mandat pour l’instant."}
    page = html(switch_language(client, url, typed, form_id="status-form"))
    assert field_value(page, "reason", "status-form") == typed["reason"]
    checked = parse(page).xpath("//form[@id='status-form']//input[@name='status'][@checked]")
    assert [c.get("value") for c in checked] == ["declined"]
    assert field_value(page, "body", "note-form") == ""
    # The hold's reason has the same name: it is not filled from the status form.
    assert field_value(page, "reason", "hold-form") == ""
    with app.app_context():
        assert db.get(Exploration, made.id).status == "submitted"  # nothing was applied


def test_typed_dates_survive_even_when_they_are_not_dates(app, client, request_page):
    _made, url = request_page
    typed = {"agreed_start": "2027-03-15", "agreed_end": "le 2 avril"}
    page = html(switch_language(client, url, typed, form_id="dates-form"))
    assert field_value(page, "agreed_start", "dates-form") == "2027-03-15"
    assert field_value(page, "agreed_end", "dates-form") == "le 2 avril"
    assert "error-summary" not in page  # kept, not validated


def test_the_plan_page_keeps_the_agreement_note(app, client):
    sign_in(app, client, "editor")
    made = factory.exploration(app, "accepted")
    url = f"/en/staff/requests/{made.id}/plan"
    assert toggle(html(client.get(url)))[0] == "agreement-form"
    typed = {"sent_on": "2027-02-01", "note": "Signature attendue d’Isabelle"}
    page = html(switch_language(client, url, typed))
    assert field_value(page, "note", "agreement-form") == typed["note"]
    assert field_value(page, "sent_on", "agreement-form") == "2027-02-01"


def test_the_new_account_page_keeps_everything_but_the_passwords(app, client):
    sign_in(app, client, "admin")
    url = "/en/staff/accounts/new"
    typed = {
        "email": "ines.roy@cds-snc.ca",
        "name": "Inès Roy",
        "role": "editor",
        "password": "correct horse battery staple 42",
        "confirm": "correct horse battery staple 42",
    }
    response = switch_language(client, url, typed)
    assert response.request.path == "/fr/staff/accounts/new"
    page = html(response)
    form_id = toggle(page)[0]
    assert field_value(page, "email", form_id) == typed["email"]
    assert field_value(page, "name", form_id) == typed["name"]
    assert field_value(page, "password", form_id) == ""
    assert rows(app) == 0
    assert "correct horse" not in page


def test_passwords_are_never_stored(app, client):
    sign_in(app, client, "admin")
    page = html(client.get("/en/staff/accounts/new"))
    form_id, action, _lang = toggle(page)
    payload = {
        **hidden_fields(page, form_id),
        "email": "a@cds-snc.ca",
        "password": "secret-one-1234567",
        "confirm": "secret-one-1234567",
        "switch_lang": "fr",
    }
    assert client.post(action, data=payload).status_code == 303
    with app.app_context():
        [row] = db.scalars(select(KeptTyping)).all()
        assert "secret-one" not in row.fields and "a@cds-snc.ca" in row.fields
        assert row.form_id == form_id and "csrf" not in row.fields


def test_the_account_edit_page_keeps_the_name(app, client):
    sign_in(app, client, "admin")
    other = factory.staff_account(app, "viewer", name="Jo")
    url = f"/en/staff/accounts/{other}"
    page = html(switch_language(client, url, {"name": "Joséphine Ouellet", "role": "editor"}))
    form_id = toggle(page)[0]
    assert field_value(page, "name", form_id) == "Joséphine Ouellet"
    checked = parse(page).xpath(f"//form[@id='{form_id}']//input[@name='role'][@checked]")
    assert [c.get("value") for c in checked] == ["editor"]


def test_the_retention_person_page_keeps_the_address(app, client):
    sign_in(app, client, "admin")
    url = "/en/staff/retention/person"
    page = html(switch_language(client, url, {"email": "olivier.aube@example.gc.ca"}))
    assert field_value(page, "email", toggle(page)[0]) == "olivier.aube@example.gc.ca"


def test_the_hold_reason_on_the_request_page_is_kept(app, client, request_page):
    _made, url = request_page
    typed = {"reason": "Demande d’accès A-2027-0001"}
    page = html(switch_language(client, url, typed, form_id="hold-form"))
    assert field_value(page, "reason", "hold-form") == typed["reason"]
    assert field_value(page, "reason", "status-form") == ""


def test_sign_in_keeps_the_email_and_where_to_go_next(app, client):
    factory.staff_account(app, "viewer")
    url = "/en/staff/sign-in?next=/en/staff/accounts"
    response = switch_language(client, url, {"email": "lea@cds-snc.ca", "password": "x"})
    assert response.request.path == "/fr/staff/sign-in"
    assert response.request.args.get("next") == "/en/staff/accounts"
    page = html(response)
    assert field_value(page, "email", "sign-in-form") == "lea@cds-snc.ca"
    assert field_value(page, "password", "sign-in-form") == ""


@pytest.mark.parametrize(
    "page",
    [
        "https://example.com/en/staff/",
        "//example.com/en/",
        "/en/no-such-page",
        "/en/staff/requests/1/notes",  # a POST-only address: not a page
        "/\\example.com",
    ],
)
def test_the_toggle_never_leads_off_the_site_or_to_a_missing_page(app, client, page):
    token = client.csrf_token("/en/staff/sign-in")
    response = client.post(
        "/en/keep-typed",
        query_string={"page": page, "form": "sign-in-form"},
        data={"csrf_token": token, "email": "x@cds-snc.ca", "switch_lang": "fr"},
    )
    assert response.status_code == 400
    assert rows(app) == 0


def test_the_toggle_needs_the_csrf_token_and_a_language(app, client):
    query = {"page": "/fr/staff/sign-in", "form": "sign-in-form"}
    no_token = client.post("/en/keep-typed", query_string=query, data={"switch_lang": "fr"})
    assert no_token.status_code == 400
    token = client.csrf_token("/en/staff/sign-in")
    bad_lang = client.post(
        "/en/keep-typed", query_string=query, data={"csrf_token": token, "switch_lang": "de"}
    )
    assert bad_lang.status_code == 400
    assert rows(app) == 0


def test_what_was_kept_waits_for_its_page(app, client, request_page):
    """A stylesheet or another page opened first does not use it up."""
    made, url = request_page
    page = html(client.get(url))
    form_id, action, _lang = toggle(page)
    payload = {**hidden_fields(page, form_id), "body": "Pas perdu", "switch_lang": "fr"}
    response = client.post(action, data=payload)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/fr/staff/requests/{made.id}"
    client.get("/fr/staff/")
    assert client.get("/static/css/app.css").status_code == 200
    page = html(client.get(f"/fr/staff/requests/{made.id}"))
    assert field_value(page, "body", "note-form") == "Pas perdu"
