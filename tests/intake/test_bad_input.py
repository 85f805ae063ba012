"""Bad input gets a 4xx and a clear message next to the field, in both languages, and keeps
what was typed; a bad private link gets the same 404 as any missing page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from intake.links import issue_partner_link
from intake.models import Exploration, Stakeholder
from tests.conftest import html
from tests.intake.helpers import (
    CONTEXT,
    ORGANIZATION,
    PERSON,
    next_weekday,
    next_weekend_day,
    post_step,
    timing_data,
)
from tests.intake.test_flow import start_draft
from tests.markup import field_error, hidden_fields, link_targets, parse

TOO_LONG = {
    # field: (limit, English message, French message)
    "lead_name": (120, "Enter a name of 120 characters or fewer.", "120 caractères"),
    "branch": (200, "Enter a branch, directorate or program of 200 characters or fewer.", "200"),
    "lead_title": (200, "Enter a job title of 200 characters or fewer.", "200 caractères"),
    "lead_phone": (40, "Enter a phone number of 40 characters or fewer.", "40 caractères"),
    "sponsor_name": (120, "Enter the executive sponsor’s name in 120 characters or fewer.", "120"),
}


def assert_field_error(page: str, field_id: str, message: str) -> None:
    """The message is in the error summary (linking to the field, or to the first choice of a
    group of radios or checkboxes) and next to the field."""
    first_choice = parse(page).xpath(
        f"//input[@id='{field_id}-1'][@type='radio' or @type='checkbox']"
    )
    target = f"#{field_id}-1" if first_choice else f"#{field_id}"
    assert target in link_targets(page, message), field_id
    assert message in (field_error(page, field_id) or ""), field_id
    assert page.count(message) >= 2  # summary and field


@pytest.mark.parametrize("field", sorted(TOO_LONG))
def test_every_organization_field_has_a_length_limit(client, field):
    limit, message, _fr = TOO_LONG[field]
    value = "é" * (limit + 1)
    if field == "lead_phone":
        value = "6" * (limit + 1)
    response = post_step(
        client, "/en/request/organization", {**ORGANIZATION, field: value, "action": "continue"}
    )
    assert response.status_code == 400
    page = html(response)
    assert_field_error(page, field, message)
    assert value in page  # kept for the person to shorten
    assert "<title>Error: Organization and contact - Exploration - CDS</title>" in page


def test_length_messages_in_french(client):
    data = {**ORGANIZATION, "lead_name": "x" * 121, "action": "continue"}
    response = post_step(client, "/fr/request/organization", data)
    assert response.status_code == 400
    page = html(response)
    assert "Il y a un problème" in page
    assert "120 caractères" in page


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("problem", 3000),
        ("users", 2000),
        ("impact", 2000),
        ("why_now", 1500),
        ("constraints", 2000),
    ],
)
def test_long_answers_have_limits_shown_and_enforced(client, field, limit):
    token = start_draft(client)
    url = f"/en/request/{token}/context"
    page = html(client.get(url))
    assert f'data-maxlength="{limit}"' in page  # the counter's limit
    response = post_step(client, url, {**CONTEXT, field: "a" * (limit + 1), "action": "continue"})
    assert response.status_code == 400
    assert f'id="{field}-error"' in html(response)
    response = post_step(client, url, {**CONTEXT, field: "a" * limit, "action": "continue"})
    assert response.status_code == 302


@pytest.mark.parametrize("field", ["lead_email", "sponsor_email"])
@pytest.mark.parametrize("value", ["amelie", "amelie@", "amélie tremblay@canada.ca", "@canada.ca"])
def test_bad_emails(client, field, value):
    response = post_step(
        client, "/en/request/organization", {**ORGANIZATION, field: value, "action": "continue"}
    )
    assert response.status_code == 400
    assert_field_error(
        html(response), field, "Enter an email address in the right format, like name@canada.ca."
    )


def test_bad_phone_number(client):
    data = {**ORGANIZATION, "lead_phone": "call me maybe", "action": "continue"}
    response = post_step(client, "/en/request/organization", data)
    assert response.status_code == 400
    assert 'id="lead_phone-error"' in html(response)


@pytest.mark.parametrize("bad", ["\x07", "\x00", "\x1b[31m", "\u0085"])
def test_control_characters_are_refused(client, app, bad):
    token = start_draft(client)
    data = {**CONTEXT, "problem": f"Trop de papier{bad} partout", "action": "continue"}
    response = post_step(client, f"/en/request/{token}/context", data)
    assert response.status_code == 400
    assert_field_error(html(response), "problem", "Remove the special control characters.")
    with app.app_context():
        from core.db import db

        assert db.scalars(select(Exploration.problem)).one() is None


def test_unknown_choices_are_refused(client):
    response = post_step(
        client,
        "/en/request/organization",
        {**ORGANIZATION, "department_code": "ministry-of-magic", "lead_language": "de"},
    )
    assert response.status_code == 400
    page = html(response)
    assert "Choose a department or agency from the list." in page
    assert "Choose English or French." in page


def test_other_department_needs_a_name(client):
    data = {**ORGANIZATION, "department_code": "other", "action": "continue"}
    response = post_step(client, "/en/request/organization", data)
    assert response.status_code == 400
    assert_field_error(
        html(response), "department_other", "Enter the name of your department or agency."
    )
    data["department_other"] = "Bureau de l’Ombudsman des contribuables"
    assert post_step(client, "/en/request/organization", data).status_code == 302


def test_missing_answers_are_listed_with_their_own_message(client):
    response = post_step(client, "/en/request/organization", {"action": "continue"})
    assert response.status_code == 400
    page = html(response)
    for field, message in {
        "department_code": "Choose your department or agency.",
        "lead_name": "Enter your full name.",
        "lead_email": "Enter your work email address.",
        "lead_language": "Choose your preferred official language.",
        "sponsor_email": "Enter the executive sponsor’s work email address.",
    }.items():
        assert_field_error(page, field, message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2027-02-30", "Enter a real date in the format YYYY-MM-DD, like 2027-03-15."),
        ("15/03/2027", "Enter a real date in the format YYYY-MM-DD, like 2027-03-15."),
        ("next tuesday", "Enter a real date in the format YYYY-MM-DD, like 2027-03-15."),
        ("99999-01-01", "Enter a real date in the format YYYY-MM-DD, like 2027-03-15."),
        ("2020-03-16", "Choose a date that is today or later."),
        ("2999-03-15", "Choose a date within the next two years."),
    ],
)
def test_invalid_start_dates(client, value, message):
    token = start_draft(client)
    response = post_step(
        client,
        f"/en/request/{token}/timing",
        {**timing_data(), "preferred_start": value, "action": "continue"},
    )
    assert response.status_code == 400
    page = html(response)
    assert_field_error(page, "preferred_start", message)
    assert f'value="{value}"' in page


def test_start_date_must_be_a_weekday_and_the_window_in_order(client):
    token = start_draft(client)
    url = f"/en/request/{token}/timing"
    weekend = next_weekend_day().isoformat()
    response = post_step(client, url, {"preferred_start": weekend, "action": "continue"})
    assert response.status_code == 400
    assert "Choose a weekday (Monday to Friday)." in html(response)
    data = {
        "preferred_start": next_weekday(60).isoformat(),
        "latest_start": next_weekday(20).isoformat(),
        "action": "continue",
    }
    response = post_step(client, url, data)
    assert response.status_code == 400
    assert_field_error(
        html(response),
        "latest_start",
        "Choose a latest start date on or after the preferred date.",
    )


def test_date_messages_in_french(client):
    token = start_draft(client)
    response = post_step(
        client,
        f"/fr/request/{token}/timing",
        {"preferred_start": "2027-13-45", "action": "continue"},
    )
    assert response.status_code == 400
    assert "AAAA-MM-JJ" in html(response)


def test_person_form_messages(client, app):
    token = start_draft(client)
    response = post_step(client, f"/en/request/{token}/stakeholders", {"action": "new:legal"})
    url = response.headers["Location"]
    response = post_step(
        client, url, {**PERSON, "email": "siobhan", "name": "N" * 121, "topics": []}
    )
    assert response.status_code == 400
    page = html(response)
    assert_field_error(page, "email", "Enter an email address in the right format")
    assert_field_error(page, "name", "Enter a name of 120 characters or fewer.")
    assert_field_error(page, "topics", "Choose at least one interview topic.")
    response = post_step(client, url, {**PERSON, "topics": ["legal", "astrology"]})
    assert response.status_code == 400
    assert "Choose interview topics from the list." in html(response)
    with app.app_context():
        from core.db import db

        assert db.scalar(select(func.count()).select_from(Stakeholder)) == 0


def test_document_note_limit_names_the_document(client):
    token = start_draft(client)
    response = post_step(
        client,
        f"/en/request/{token}/documents",
        {"doc_it_roadmap_note": "n" * 501, "doc_it_roadmap_status": "maybe", "action": "continue"},
    )
    assert response.status_code == 400
    page = html(response)
    assert "IT roadmap: Enter a note of 500 characters or fewer." in page
    assert "IT roadmap: Choose one of the statuses." in page


def test_oversize_body_is_refused_with_413(client):
    page = html(client.get("/en/request/organization"))
    data = {**hidden_fields(page, "step-form"), **ORGANIZATION, "branch": "x" * (300 * 1024)}
    response = client.post("/en/request/organization", data=data)
    assert response.status_code == 413
    assert "What you sent is too large" in html(response)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("version", "not-a-number"),
        ("version", ""),
        ("submission_key", "short"),
        ("submission_key", "<script>alert(1)</script>aaaaaaaaaaaaaa"),
        ("switch_lang", "de"),
        ("action", "remove:abc:legal"),
    ],
)
def test_tampered_hidden_fields_get_400_not_500(client, field, value):
    token = start_draft(client)
    url = f"/en/request/{token}/stakeholders"
    form = hidden_fields(html(client.get(url)), "step-form")
    response = client.post(url, data={**form, field: value})
    assert response.status_code == 400


def test_missing_csrf_token_is_400(client):
    response = client.post("/en/request/organization", data=ORGANIZATION)
    assert response.status_code == 400


def not_found_body(client) -> str:
    return html(client.get("/en/request/this-page-does-not-exist/really"))


@pytest.mark.parametrize(
    "token",
    [
        "A" * 43,  # well-formed, unknown
        "short",
        "A" * 44,
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%00",
        "../../etc/passwd",
        "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ",
    ],
)
@pytest.mark.parametrize("page", ["", "context", "check", "confirmation", "stakeholders/1"])
def test_unknown_or_malformed_links_are_plain_404s(client, token, page):
    response = client.get(f"/en/request/{token}/{page}")
    assert response.status_code == 404
    assert "We could not find that page" in html(response)


def test_revoked_link_is_a_404_and_the_new_one_works(client, app):
    token = start_draft(client)
    with app.app_context(), app.test_request_context():
        from core.db import db

        exploration = db.scalars(select(Exploration)).one()
        new_token = issue_partner_link(exploration)
        db.commit()
    old = client.get(f"/en/request/{token}/")
    assert old.status_code == 404
    missing = client.get("/en/request/nothing-here/at-all")
    assert missing.status_code == 404
    # The same page as any missing page (apart from the per-request nonce).
    strip = lambda body: body.split("<main", 1)[1]  # noqa: E731
    assert strip(html(old)) == strip(html(missing))
    assert client.get(f"/en/request/{new_token}/").status_code == 200
    posted = client.post(f"/en/request/{token}/context", data={"problem": "x"})
    assert posted.status_code in (400, 404)  # CSRF first (no token), never a save


def test_posting_to_a_revoked_link_with_a_valid_form_is_404(client, app):
    token = start_draft(client)
    form = hidden_fields(html(client.get(f"/en/request/{token}/context")), "step-form")
    with app.app_context(), app.test_request_context():
        from core.db import db

        exploration = db.scalars(select(Exploration)).one()
        exploration.partner_token_hash = None
        db.commit()
    response = client.post(f"/en/request/{token}/context", data={**form, **CONTEXT})
    assert response.status_code == 404


def test_unknown_language_is_404(client):
    assert client.get("/de/request/start").status_code == 404
