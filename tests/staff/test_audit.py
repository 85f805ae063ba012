"""The audit trail: every staff action and partner submission is recorded with codes only,
shown on the request page and to administrators as a filterable list."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import lxml.html
import pytest
from lxml import html as lxml_html
from sqlalchemy import select, update

from core.audit import AuditEvent
from core.db import db
from core.tokens import new_token
from intake import service as intake
from intake.models import Exploration
from surveys import service as surveys
from tests.conftest import html, sign_in
from tests.staff.helpers import make_request, version_of

TYPED = {
    "service_name": "Portail Tatouine des permis",
    "problem": "Délais interminables pour les demandeurs Zorglub",
    "users": "Agriculteurs Quimperlé",
    "lead_name": "Gaspard Ténébreux",
    "lead_email": "gaspard.tenebreux@example.gc.ca",
    "branch": "Direction Bételgeuse",
    "timing_note": "Après la saison Kerguelen",
}
PERSON = {
    "name": "Philomène Astrolabe",
    "title": "Analyste Vortex",
    "daily_role": "Rôle Cumulonimbus",
}
DOC_NOTE = "Lien Sharepoint Mirabelle"
COMMENT = "Commentaire Saperlipopette sur la transparence"
NOTE = "Note interne Hurluberlu"


def act(client, exploration_id, action, data):
    url = f"/en/staff/requests/{exploration_id}"
    version = version_of(client.application, exploration_id)
    return client.submit(f"{url}/{action}", {"version": version, **data}, form_url=url)


def test_audit_events_hold_no_free_text_the_partner_typed(app, client):
    """A partner fills in and submits a request, a respondent comments, staff act on it:
    not one audit event carries a word of what people typed."""
    with app.test_request_context("/fr/"):
        exploration = intake.create_draft(new_token()[1], "fr")
        intake.save_fields(exploration, {**TYPED, "department_code": "cbsa"}, "about", "fr")
        intake.save_person(exploration, None, PERSON, ["policy", "legal"], "fr")
        intake.save_documents(exploration, {"org_chart": ("shared", DOC_NOTE)}, "fr")
        intake.submit(exploration)
        db.commit()
        exploration_id = exploration.id
        surveys.open_survey(exploration)
        respondent, _token = surveys.start_respondent(exploration, "policy", "working")
        surveys.save_overall(respondent, 3, COMMENT)
        db.commit()
    sign_in(app, client, "editor")
    assert act(client, exploration_id, "notes", {"body": NOTE}).status_code == 302
    assert act(client, exploration_id, "status", {"status": "accepted"}).status_code == 302
    assert (
        act(
            client,
            exploration_id,
            "dates",
            {"agreed_start": "2026-10-05", "agreed_end": "2026-10-30"},
        ).status_code
        == 302
    )
    # With the lead's address on the request, the new link is emailed (302), never shown.
    assert act(client, exploration_id, "partner-link/reissue", {}).status_code in (200, 302)
    with app.app_context():
        rows = db.scalars(select(AuditEvent)).all()
    actions = {row.action for row in rows}
    assert {"request.created", "request.saved", "stakeholder.added", "request.submitted"} <= actions
    assert {"note_added", "status_changed", "dates_set", "partner_link_reissued"} <= actions
    typed = [*TYPED.values(), *PERSON.values(), DOC_NOTE, COMMENT, NOTE]
    words = {w.lower() for text in typed for w in re.findall(r"\w{5,}", text)}
    for row in rows:
        stored = f"{row.action} {row.detail or ''}".lower()
        for word in words:
            assert word not in stored, (row.action, row.detail, word)
    # The event list on the request page shows them too.
    page = html(client.get(f"/en/staff/requests/{exploration_id}"))
    activity = page[page.index('id="activity"') :]
    assert "Request submitted" in activity and "Status changed" in activity
    assert "Internal note added" in activity and "Hurluberlu" not in activity


def seed_events(app, client):
    admin_id = sign_in(app, client, "admin", email="admin@cds-snc.ca")
    e1 = make_request(app, reference="EXP-2026-0101")
    e2 = make_request(app, reference="EXP-2026-0102")
    act(client, e1.id, "status", {"status": "accepted"})
    act(client, e2.id, "notes", {"body": "Bonjour"})
    with app.app_context():
        db.add(
            AuditEvent(
                action="request.submitted",
                actor_kind="partner_link",
                exploration_id=e2.id,
                detail="draft>submitted",
                at=datetime(2026, 1, 15, 12),
            )
        )
        db.commit()
    return admin_id, e1, e2


def actions_listed(client, query: str) -> list[str]:
    response = client.get(f"/en/staff/audit?{query}")
    assert response.status_code == 200, query
    page = html(response)
    if "<tbody>" not in page:
        return []
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    return [
        m.strip()
        for m in re.findall(r"<tr>\s*<td>.*?</td>\s*<td>.*?</td>\s*<td>(.*?)</td>", table, re.S)
    ]


def test_the_audit_log_lists_and_filters(app, client):
    admin_id, e1, _e2 = seed_events(app, client)
    everything = actions_listed(client, "")
    assert everything[:2] == ["Internal note added", "Status changed"]
    assert "Request submitted" in everything and "Signed in" in everything
    assert actions_listed(client, "action=status_changed") == ["Status changed"]
    assert actions_listed(client, "actor=partner_link") == ["Request submitted"]
    by_admin = actions_listed(client, f"actor=staff:{admin_id}")
    assert "Request submitted" not in by_admin and "Status changed" in by_admin
    assert sorted(actions_listed(client, "exploration=exp-2026-0102")) == [
        "Internal note added",
        "Request submitted",
    ]
    assert actions_listed(client, "from=2026-01-15&to=2026-01-15") == ["Request submitted"]
    assert "Request submitted" not in actions_listed(client, "from=2026-01-16")
    page = html(client.get("/en/staff/audit?action=status_changed"))
    assert f'href="/en/staff/requests/{e1.id}">EXP-2026-0101</a>' in page
    assert "Submitted → Accepted" in page
    assert "admin@cds-snc.ca" in page
    tree = lxml_html.fromstring(html(client.get("/en/staff/audit")))
    details = {
        row.xpath("string(td[3])").strip(): row.xpath("string(td[5])").strip()
        for row in tree.xpath("//tbody/tr")
    }
    assert details["Internal note added"] == "—"  # an event without details says so


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("action=drop_tables", "Choose an action from the list."),
        ("actor=staff:999999", "Choose who from the list."),
        ("exploration=%3Cb%3E", "Enter a reference like EXP-2026-0042."),
        ("from=2026-99-01", "Enter the date as year-month-day"),
        ("page=zero", "The page number must be a whole number"),
    ],
)
def test_bad_audit_filters_get_a_message_and_400(app, client, query, message):
    seed_events(app, client)
    response = client.get(f"/en/staff/audit?{query}")
    assert response.status_code == 400
    assert message in html(response)


def test_old_events_page(app, client):
    sign_in(app, client, "admin")
    with app.app_context():
        start = datetime(2026, 3, 1)
        for n in range(60):
            db.add(
                AuditEvent(
                    action="request.saved",
                    actor_kind="partner_link",
                    at=start + timedelta(minutes=n),
                )
            )
        db.commit()
    page = html(client.get("/en/staff/audit?action=request.saved"))
    assert "60 events found" in page and "Page 1 of 2" in page
    second = html(client.get("/en/staff/audit?action=request.saved&page=2"))
    assert second.count("<tr>") == 10 + 1  # ten events and the header row


def test_submission_by_link_shows_who_on_the_request_page(app, client):
    sign_in(app, client, "viewer")
    e = make_request(app)
    with app.app_context():
        db.add(
            AuditEvent(
                action="request.submitted",
                actor_kind="partner_link",
                exploration_id=e.id,
                detail="draft>submitted",
            )
        )
        db.execute(
            update(Exploration).where(Exploration.id == e.id).values(version=Exploration.version)
        )
        db.commit()
    page = html(client.get(f"/en/staff/requests/{e.id}"))
    activity = page[page.index('id="activity"') :]
    assert "Partner’s private link" in activity and "Draft → Submitted" in activity


def test_a_bad_audit_filter_is_reported_next_to_its_field_and_kept(app, client):
    seed_events(app, client)
    response = client.get("/en/staff/audit?exploration=%C2%B2&from=2026-01-15&action=sign_in")
    assert response.status_code == 400
    doc = lxml.html.fromstring(response.get_data())
    assert doc.xpath("//div[@class='error-summary']//a/@href") == ["#audit-exploration"]
    field = doc.get_element_by_id("audit-exploration")
    assert field.get("value") == "²" and field.get("aria-invalid") == "true"
    message = doc.get_element_by_id("audit-exploration-error")
    assert message.getparent() is field.getparent()
    assert "Enter a reference like EXP-2026-0042." in message.text_content()
    assert field.get("aria-describedby").split() == [
        "audit-exploration-hint",
        "audit-exploration-error",
    ]
    assert doc.get_element_by_id("audit-from").get("value") == "2026-01-15"
    assert doc.xpath("//select[@name='action']/option[@selected]/@value") == ["sign_in"]
    # The date range is the dashboard's macro: one hint for both dates.
    assert doc.get_element_by_id("audit-to").get("aria-describedby") == "audit-from-hint"


@pytest.mark.parametrize(
    "query", ["page=%C2%B2", "page=" + "9" * 5000, "to=2026-01-01&from=2026-02-01"]
)
def test_bad_audit_pages_and_ranges_get_a_message_never_a_500(app, client, query):
    seed_events(app, client)
    response = client.get(f"/en/staff/audit?{query}")
    assert response.status_code == 400
    assert "There is a problem" in html(response)


def test_an_exploration_id_too_large_for_the_column_is_no_match(app, client):
    seed_events(app, client)
    response = client.get("/en/staff/audit?exploration=99999999999999999999")
    assert response.status_code == 200
    assert "0 events found" in html(response)
