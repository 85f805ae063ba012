"""The request page and what editors do with it: status along the workflow, agreed dates,
notes, the partner's private link and the survey. Every change names the version it saw."""

from __future__ import annotations

import re
from datetime import date

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from core.audit import AuditEvent
from core.db import db
from core.tokens import hash_token
from intake.models import StatusChange
from intake.reference import DOCUMENTS
from planning import service
from staff.models import Note
from surveys.framework import FRAMEWORK
from tests import factory
from tests.conftest import html, sign_in
from tests.markup import choice_values, field_error, link_targets
from tests.staff.helpers import (
    DOCUMENT_NOTE,
    PARTNER_TEXT,
    STAKEHOLDER_NAME,
    load,
    make_request,
    version_of,
)


def page_url(e) -> str:
    return f"/en/staff/requests/{e.id}"


def act(client, e, action: str, data: dict, version: int | None = None):
    payload = {"version": version if version is not None else e.version, **data}
    return client.submit(f"{page_url(e)}/{action}", payload, form_url=page_url(e))


def events(app, action: str | None = None) -> list[AuditEvent]:
    with app.app_context():
        stmt = select(AuditEvent).order_by(AuditEvent.id)
        if action:
            stmt = stmt.where(AuditEvent.action == action)
        return list(db.scalars(stmt))


def test_the_page_shows_everything_the_partner_entered(app, client):
    sign_in(app, client, "viewer")
    e = make_request(app, topics_named=3, documents_shared=2)
    response = client.get(page_url(e))
    assert response.status_code == 200
    page = html(response)
    assert f"<h1>Request {e.reference}</h1>" in page
    for text in PARTNER_TEXT.values():
        assert text.replace("’", "&#39;") in page or text in page, text
    assert STAKEHOLDER_NAME in page and DOCUMENT_NOTE.replace("’", "’") in page
    assert "Canada Border Services Agency" in page
    assert "To be confirmed by the partner." in page  # the last topic
    assert "2 of 15 shared" in page
    assert "Topics with at least one person named: 3 of 9." in page
    assert 'lang="fr"' in page  # the partner wrote in French: marked for screen readers
    ref = e.reference
    for link in (
        f'href="/en/staff/exports/{ref}.xlsx"',
        f'href="/en/staff/exports/{ref}-en.pdf"',
        f'href="/en/staff/exports/{ref}-fr.pdf"',
        f'href="/en/staff/requests/{ref}/summary"',
    ):
        assert link in page, link
        assert client.get(link[6:-1]).status_code == 200, link


def test_what_the_partner_left_empty_reads_not_given(app, client):
    sign_in(app, client, "viewer")
    e = make_request(app, constraints=None, timing_note=None, latest_start=None)
    tree = lxml_html.fromstring(html(client.get(page_url(e))))
    for term in ("Constraints", "Latest start", "Notes on timing"):
        (value,) = tree.xpath("//dt[normalize-space()=$t]/following-sibling::dd[1]", t=term)
        assert value.text_content().strip() == "Not given", term
        assert value.xpath("ancestor-or-self::*[@lang][1]/@lang") == ["en"], term


def test_a_table_cell_with_nothing_to_show_reads_a_dash(app, client):
    """A blank cell reads as nothing at all to a screen reader; a dash says "none" alike in
    both languages: a document without a note, a colleague who wrote no comment."""
    sign_in(app, client, "viewer")
    e = make_request(app, "accepted", respondents=[{"comments": {}}, {"comments": {}}])
    for lang in ("en", "fr"):
        tree = lxml_html.fromstring(html(client.get(f"/{lang}/staff/requests/{e.id}")))
        blank = [
            cell.xpath("string(ancestor::table/caption)").strip()
            for cell in tree.xpath("//main//td")
            if not cell.text_content().strip() and not len(cell)
        ]
        assert blank == [], (lang, blank)
        notes = [
            cell.text_content().strip()
            for cell in tree.xpath("//table[caption/@id='documents-caption']//td[2]")
        ]
        assert notes.count(DOCUMENT_NOTE) == 1 and notes.count("—") == len(DOCUMENTS) - 1
        comments = [
            cell.text_content().strip() for cell in tree.xpath("//td[@class='comment-cell']")
        ]
        assert len(comments) == 2 * (len(FRAMEWORK.practices) + 1) and set(comments) == {"—"}


def test_a_viewer_sees_no_action_forms(app, client):
    sign_in(app, client, "viewer")
    e = make_request(app)
    page = html(client.get(page_url(e)))
    for action in ("status", "dates", "notes", "partner-link/reissue", "survey"):
        assert f'action="{page_url(e)}/{action}"' not in page


def test_an_editor_sees_only_the_allowed_moves(app, client):
    sign_in(app, client, "editor")
    e = make_request(app, "accepted")
    page = html(client.get(page_url(e)))
    offered = choice_values(page, "status")
    assert offered == ["scheduled", "withdrawn", "declined"]


def test_partner_text_is_escaped(app, client):
    sign_in(app, client, "viewer")
    e = make_request(app, problem="<script>alert(1)</script>")
    page = html(client.get(page_url(e)))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_reference_address_and_unknown_requests(app, client):
    sign_in(app, client, "viewer")
    e = make_request(app)
    response = client.get(f"/en/staff/requests/{e.reference.lower()}")
    assert response.status_code == 302 and response.location == page_url(e)
    assert client.get("/en/staff/requests/EXP-2026-9999").status_code == 404
    assert client.get("/en/staff/requests/999999").status_code == 404
    assert client.get("/en/staff/requests/" + "X" * 300).status_code == 404


# --- Status -------------------------------------------------------------------------------


def test_changing_the_status_records_who_when_from_and_to(app, client):
    editor_id = sign_in(app, client, "editor", name="Alex Martin")
    e = make_request(app, "submitted")
    response = act(client, e, "status", {"status": "accepted"})
    assert response.status_code == 302
    assert response.location == f"{page_url(e)}#status-and-dates"
    state = load(app, e.id)
    assert state["status"] == "accepted" and state["version"] == e.version + 1
    with app.app_context():
        changes = db.scalars(select(StatusChange)).all()
        assert [(c.from_status, c.to_status, c.by_user_id) for c in changes] == [
            ("submitted", "accepted", editor_id)
        ]
    [event] = events(app, "status_changed")
    assert (event.actor_kind, event.actor_id, event.exploration_id, event.detail) == (
        "staff",
        editor_id,
        e.id,
        "submitted>accepted",
    )
    page = html(client.get(response.location))
    assert "Status changed to Accepted." in page
    history = page[page.index('id="history"') : page.index('id="notes"')]
    assert "Alex Martin" in history and "Submitted" in history and "Accepted" in history


def test_the_whole_workflow_one_step_at_a_time(app, client):
    sign_in(app, client, "editor")
    e = make_request(app, "submitted", agreed_start=date(2026, 9, 14), agreed_end=date(2026, 10, 9))
    for target in ("accepted", "scheduled", "in_progress", "completed"):
        if target == "scheduled":  # Scheduled needs a signed agreement (planning)
            with app.app_context():
                service.ensure_plan(e.id).agreement_signed_on = date(2026, 8, 3)
                db.commit()
        response = act(client, e, "status", {"status": target}, version_of(app, e.id))
        assert response.status_code == 302, target
    assert load(app, e.id)["status"] == "completed"
    page = html(client.get(page_url(e)))
    assert 'name="status"' not in page
    assert "its status cannot change any more" in page


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("submitted", "completed"),
        ("submitted", "scheduled"),
        ("submitted", "draft"),
        ("accepted", "submitted"),
        ("declined", "accepted"),
        ("completed", "in_progress"),
        ("draft", "submitted"),
        ("draft", "accepted"),
        ("submitted", "bogus"),
        ("submitted", ""),
    ],
)
def test_moves_outside_the_workflow_are_refused(app, client, start, target):
    sign_in(app, client, "editor")
    e = make_request(app, start)
    response = act(client, e, "status", {"status": target})
    assert response.status_code == 400
    page = html(response)
    assert 'class="error-summary"' in page
    assert load(app, e.id)["status"] == start
    assert events(app, "status_changed") == []
    with app.app_context():
        assert db.scalars(select(StatusChange)).all() == []


def test_a_stale_version_gets_the_conflict_page(app, client):
    sign_in(app, client, "editor")
    e = make_request(app, "submitted")
    other = app.test_client()
    sign_in(app, other, "editor")
    assert act(other, e, "status", {"status": "accepted"}).status_code == 302
    response = act(client, e, "status", {"status": "declined"})  # built from version 1
    assert response.status_code == 409
    page = html(response)
    assert "This information was changed by someone else" in page
    assert "Declined" in page  # what they chose is shown back
    assert f"{page_url(e)}" in link_targets(page)
    assert load(app, e.id)["status"] == "accepted"


@pytest.mark.parametrize("version", ["", "abc", "0", "-1", "99"])
def test_a_missing_or_wrong_version_is_a_conflict(app, client, version):
    sign_in(app, client, "editor")
    e = make_request(app, "submitted")
    response = act(client, e, "status", {"status": "accepted"}, version=version)
    assert response.status_code == 409
    assert load(app, e.id)["status"] == "submitted"


# --- Dates --------------------------------------------------------------------------------


def test_setting_and_clearing_the_agreed_dates(app, client):
    editor_id = sign_in(app, client, "editor")
    e = make_request(app, "accepted")
    response = act(client, e, "dates", {"agreed_start": "2026-10-05", "agreed_end": "2026-10-30"})
    assert response.status_code == 302
    state = load(app, e.id)
    assert (state["agreed_start"], state["agreed_end"]) == (date(2026, 10, 5), date(2026, 10, 30))
    [event] = events(app, "dates_set")
    assert (event.actor_id, event.detail) == (editor_id, "2026-10-05/2026-10-30")
    assert "2026-10-05 to 2026-10-30" in html(client.get(page_url(e)))
    cleared = act(client, e, "dates", {"agreed_start": "", "agreed_end": ""}, version_of(app, e.id))
    assert cleared.status_code == 302
    assert load(app, e.id)["agreed_start"] is None


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("2026-10-30", "2026-10-05", "agreed_end", "The end date must be after the start date."),
        ("2026-10-05", "2026-10-05", "agreed_end", "The end date must be after the start date."),
        ("2026-10-05", "", "agreed_end", "Enter the agreed end date."),
        ("", "2026-10-05", "agreed_start", "Enter the agreed start date."),
        ("2026-02-30", "2026-10-05", "agreed_start", "Enter the date as year-month-day"),
        ("5 octobre", "2026-10-30", "agreed_start", "Enter the date as year-month-day"),
    ],
)
def test_bad_dates_are_refused_next_to_the_field(app, client, start, end, field, message):
    sign_in(app, client, "editor")
    e = make_request(app, "accepted")
    response = act(client, e, "dates", {"agreed_start": start, "agreed_end": end})
    assert response.status_code == 400
    page = html(response)
    assert message in (field_error(page, field) or "") and f"#{field}" in link_targets(page)
    if start:
        assert f'value="{start}"' in page  # what was typed stays
    assert load(app, e.id)["agreed_start"] is None
    assert events(app, "dates_set") == []


# --- Notes --------------------------------------------------------------------------------


def test_notes_are_added_and_shown_to_staff_only(app, client):
    editor_id = sign_in(app, client, "editor", name="Sam Roy")
    e = make_request(app)
    body = "Appeler la cheffe de projet jeudi.\nPrévoir l’ATIP."
    response = act(client, e, "notes", {"body": body})
    assert response.status_code == 302
    with app.app_context():
        [note] = db.scalars(select(Note)).all()
        assert (note.author_id, note.body, note.exploration_id) == (editor_id, body, e.id)
    page = html(client.get(page_url(e)))
    assert "Appeler la cheffe de projet jeudi." in page and "Sam Roy" in page
    [event] = events(app, "note_added")
    assert event.detail is None  # never the note's text
    assert load(app, e.id)["version"] == e.version
    partner = app.test_client().get(f"/en/request/{e.token}/")
    assert partner.status_code == 200
    assert "Appeler la cheffe" not in html(partner)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Enter the note."),
        ("   ", "Enter the note."),
        ("x" * 5001, "Enter 5000 characters or fewer."),
        ("bell\x07", "Remove the special control characters."),
    ],
)
def test_bad_notes_are_refused(app, client, body, message):
    sign_in(app, client, "editor")
    e = make_request(app)
    response = act(client, e, "notes", {"body": body})
    assert response.status_code == 400
    assert message in html(response)
    with app.app_context():
        assert db.scalars(select(Note)).all() == []


def test_a_double_clicked_note_is_stored_once(app, client):
    sign_in(app, client, "editor")
    e = make_request(app)
    page = html(client.get(page_url(e)))
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    for _attempt in range(2):
        response = act(client, e, "notes", {"body": "Une seule fois", "submission_key": key})
        assert response.status_code == 302
    with app.app_context():
        assert [n.body for n in db.scalars(select(Note))] == ["Une seule fois"]
    fresh = re.search(r'name="submission_key" value="([^"]+)"', html(client.get(page_url(e))))
    assert fresh.group(1) != key  # the next note gets a new key


def test_a_note_on_a_stale_page_is_shown_back_not_lost(app, client):
    sign_in(app, client, "editor")
    e = make_request(app, "submitted")
    act(client, e, "status", {"status": "accepted"})
    response = act(client, e, "notes", {"body": "Ma note importante"})
    assert response.status_code == 409
    assert "Ma note importante" in html(response)


# --- Private link and survey -------------------------------------------------------------


def test_revoking_the_partner_link(app, client):
    editor_id = sign_in(app, client, "editor")
    e = make_request(app)
    assert app.test_client().get(f"/en/request/{e.token}/").status_code == 200
    response = act(client, e, "partner-link/revoke", {})
    assert response.status_code == 302
    assert load(app, e.id)["partner_token_hash"] is None
    [event] = events(app, "partner_link_revoked")
    assert (event.actor_id, event.exploration_id) == (editor_id, e.id)
    assert app.test_client().get(f"/en/request/{e.token}/").status_code == 404
    assert "The partner has no working private link." in html(client.get(page_url(e)))


def test_reissuing_the_partner_link_shows_it_once(app, client):
    """Without an address on the request; with one, the link is emailed to the lead instead
    (tests/notify/test_messages.py)."""
    sign_in(app, client, "editor")
    e = make_request(app, lead_email=None)
    response = act(client, e, "partner-link/reissue", {})
    assert response.status_code == 200
    page = html(response)
    match = re.search(r'value="[^"]*/fr/request/([A-Za-z0-9_-]{43})/"', page)
    assert match, "the new link, in the partner's language"
    token = match.group(1)
    assert token != e.token
    assert load(app, e.id)["partner_token_hash"] == hash_token(token)
    assert token not in html(client.get(page_url(e)))  # shown once only
    assert len(events(app, "partner_link_reissued")) == 1
    assert app.test_client().get(f"/fr/request/{token}/").status_code == 200
    assert app.test_client().get(f"/fr/request/{e.token}/").status_code == 404


def test_opening_closing_and_reissuing_the_survey(app, client):
    editor_id = sign_in(app, client, "editor")
    e = make_request(app)
    opened = act(client, e, "survey", {"action": "open"})
    assert opened.status_code == 200  # the new survey link, shown once
    assert "New survey link" in html(opened)
    assert load(app, e.id)["survey_open"] is True
    first_hash = load(app, e.id)["survey_token_hash"]
    closed = act(client, e, "survey", {"action": "close"})
    assert closed.status_code == 302 and load(app, e.id)["survey_open"] is False
    assert "The survey is closed." in html(client.get(closed.location))
    reopened = act(client, e, "survey", {"action": "open"})
    assert reopened.status_code == 302  # same link as before: nothing new to show
    assert load(app, e.id)["survey_open"] is True
    reissued = act(client, e, "survey", {"action": "reissue"})
    assert reissued.status_code == 200
    link = re.search(r'value="http://localhost/fr/survey/([A-Za-z0-9_-]{43})"', html(reissued))
    assert link, "the new survey link, in the partner's language"
    assert load(app, e.id)["survey_token_hash"] == hash_token(link.group(1))
    assert app.test_client().get(f"/fr/survey/{link.group(1)}").status_code == 200
    assert load(app, e.id)["survey_token_hash"] != first_hash
    actions = [(ev.action, ev.actor_id) for ev in events(app) if ev.action.startswith("survey")]
    assert actions == [
        ("survey_opened", editor_id),
        ("survey_closed", editor_id),
        ("survey_opened", editor_id),
        ("survey_link_reissued", editor_id),
    ]
    assert act(client, e, "survey", {"action": "explode"}).status_code == 400


def test_survey_results_and_individual_answers_are_on_the_page(app, client):
    sign_in(app, client, "viewer")
    e = make_request(app)
    for level in (1, 3, 4):
        cell = {("open", "leadership"): level}
        factory.respondent(app, e.id, levels=cell, default=None, level="working")
    page = html(client.get(page_url(e)))
    assert "3 people submitted their answers" in page
    assert "Individual answers" in page and "Respondent 3" in page
    assert "Median experience level" in page  # the staff view of the aggregate
