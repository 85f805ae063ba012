"""A partner lead requests an exploration from start to confirmation, in both languages, and
comes back through the private link."""

from __future__ import annotations

import re

import lxml.html
import pytest
from sqlalchemy import func, select

from core.audit import AuditEvent
from core.timeutil import utcnow
from intake.models import (
    DocumentStatus,
    Exploration,
    IdempotencyKey,
    ReferenceCounter,
    Stakeholder,
    StatusChange,
)
from tests.conftest import html
from tests.intake.helpers import CONTEXT, ORGANIZATION, PERSON, post_step, timing_data, token_from
from tests.markup import checked_values, hidden_fields, link_targets

OTHER_TOPICS = ["work_methods", "program_design", "privacy_atip", "it_working", "communications"]

TEXT = {
    "en": {
        "step2": "Step 2 of 7",
        "privacy": "Privacy notice statement",
        "check": "Check your answers",
        "submitted": "Request submitted",
        "status": "Submitted",
        "change": "Change",
        "tbc": "To be confirmed",
        "total": "24 to 42 hours",
    },
    "fr": {
        "step2": "Étape 2 sur 7",
        "privacy": "Énoncé de confidentialité",
        "check": "Vérifiez vos réponses",
        "submitted": "Demande soumise",
        "status": "Soumise",
        "change": "Modifier",
        "tbc": "À confirmer",
        "total": "24 à 42 heures",
    },
}


def start_draft(client, lang="en", data=None):
    """Post step 2 of a new request; return the private link token."""
    response = post_step(
        client, f"/{lang}/request/organization", {**(data or ORGANIZATION), "action": "continue"}
    )
    assert response.status_code == 302, html(response)
    assert response.headers["Location"].endswith("/context")
    return token_from(response.headers["Location"])


def complete_request(client, lang, token):
    """Walk steps 3 to 6 with valid answers; two people, one of them on three topics."""
    base = f"/{lang}/request/{token}"
    response = post_step(client, f"{base}/context", {**CONTEXT, "action": "continue"})
    assert response.headers["Location"].endswith("/stakeholders")

    response = post_step(client, f"{base}/stakeholders", {"action": "new:policy"})
    assert response.status_code == 302
    assert "/stakeholders/new?topic=policy" in response.headers["Location"]
    new_person_page = client.get(response.headers["Location"])
    assert checked_values(html(new_person_page), "topics") == ["policy"]
    response = post_step(
        client,
        response.headers["Location"],
        {**PERSON, "topics": ["policy", "legal"], "action": "save"},
    )
    assert response.status_code == 302, html(response)
    assert response.headers["Location"].endswith("/stakeholders#topic-policy")

    # The same person for a third topic, chosen instead of typed again.
    with client.application.app_context():
        from core.db import db

        person_id = db.scalar(select(func.max(Stakeholder.id)))
    response = post_step(
        client,
        f"{base}/stakeholders",
        {"existing_design_direction": str(person_id), "action": "add:design_direction"},
    )
    assert response.status_code == 302

    response = post_step(client, f"{base}/stakeholders", {"action": "new:it_leadership"})
    second = {**PERSON, "name": "ᓯᓚ ᑯᓱᒐᒃ", "email": "", "language": "fr"}
    response = post_step(
        client, response.headers["Location"], {**second, "topics": ["it_leadership"]}
    )
    assert response.status_code == 302, html(response)

    tbc = {f"tbc_{topic}": "y" for topic in OTHER_TOPICS}
    response = post_step(client, f"{base}/stakeholders", {**tbc, "action": "continue"})
    assert response.status_code == 302, html(response)
    assert response.headers["Location"].endswith("/documents")

    documents = {
        "doc_org_chart_status": "shared",
        "doc_org_chart_note": "Envoyé par courriel le 3 mars",
        "doc_it_roadmap_status": "will_share",
        "doc_call_centre_status": "not_available",
        "action": "continue",
    }
    response = post_step(client, f"{base}/documents", documents)
    assert response.headers["Location"].endswith("/timing"), html(response)

    response = post_step(client, f"{base}/timing", {**timing_data(), "action": "continue"})
    assert response.status_code == 302, html(response)
    assert response.headers["Location"].endswith("/check")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_whole_flow_from_start_to_confirmation(client, app, lang):
    text = TEXT[lang]
    start = client.get(f"/{lang}/request/start")
    assert start.status_code == 200
    assert text["privacy"] in html(start)
    assert "partnerships-partenariat@cds-snc.ca" in html(start)
    assert f"/{lang}/request/organization" in link_targets(html(start))

    first = client.get(f"/{lang}/request/organization")
    assert text["step2"] in html(first)

    token = start_draft(client, lang)
    complete_request(client, lang, token)

    check = client.get(f"/{lang}/request/{token}/check")
    page = html(check)
    assert check.status_code == 200
    assert text["check"] in page
    for answer in (
        ORGANIZATION["lead_name"],
        ORGANIZATION["sponsor_name"],
        CONTEXT["service_name"],
        PERSON["name"],
        "ᓯᓚ ᑯᓱᒐᒃ",
        "Envoyé par courriel le 3 mars",
    ):
        assert answer in page
    # Every answer has a Change link back to its step (and comes back to this page).
    for step in ("organization", "context", "stakeholders", "documents", "timing"):
        assert f'href="/{lang}/request/{token}/{step}?from=check#' in page
    assert text["change"] in page and text["tbc"] in page
    # 2 people: 2 kick-off hours + 4 interviews (3 for one, 1 for the other): 6 hours.
    assert text["total"] in page

    response = post_step(client, f"/{lang}/request/{token}/check", {"action": "submit"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/{lang}/request/{token}/confirmation")

    confirmation = client.get(response.headers["Location"])
    page = html(confirmation)
    year = utcnow().year
    assert text["submitted"] in page
    assert f"EXP-{year}-0001" in page
    assert f"http://localhost/{lang}/request/{token}/" in page  # the private link

    partner = html(client.get(f"/{lang}/request/{token}/"))
    assert f"EXP-{year}-0001" in partner and text["status"] in partner
    assert ORGANIZATION["lead_email"] in partner

    with app.app_context():
        from core.db import db

        exploration = db.scalars(select(Exploration)).one()
        assert exploration.status == "submitted"
        assert exploration.reference == f"EXP-{year}-0001"
        assert exploration.submitted_at is not None
        history = db.scalars(select(StatusChange)).all()
        assert [(h.from_status, h.to_status, h.by_user_id) for h in history] == [
            ("draft", "submitted", None)
        ]
        assert exploration.form_language == lang
        assert exploration.department_code == "esdc"
        assert exploration.lead_phone == ORGANIZATION["lead_phone"]
        people = {p.name: sorted(t.topic_id for t in p.topics) for p in exploration.stakeholders}
        assert people == {
            PERSON["name"]: ["design_direction", "legal", "policy"],
            "ᓯᓚ ᑯᓱᒐᒃ": ["it_leadership"],
        }
        tbc = sorted(s.topic_id for s in exploration.topic_states if s.to_be_confirmed)
        assert tbc == sorted(OTHER_TOPICS)
        statuses = {d.document_id: d.status for d in exploration.documents}
        assert statuses == {
            "org_chart": "shared",
            "it_roadmap": "will_share",
            "call_centre": "not_available",
        }
        events = db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert {e.actor_kind for e in events} == {"partner_link"}
        assert events[0].action == "request.created"
        assert events[-1].action == "request.submitted"
        assert events[-1].detail == "draft>submitted"
        # Codes only: nothing the partner typed ends up in the audit trail.
        for event in events:
            assert event.detail is None or re.fullmatch(r"[a-z_>:0-9]+", event.detail)


def test_private_link_resumes_a_draft_in_a_fresh_session(client, app):
    token = start_draft(client)
    post_step(client, f"/en/request/{token}/context", {**CONTEXT, "action": "continue"})

    fresh = app.test_client()  # another browser: no cookie, no session
    page = fresh.get(f"/en/request/{token}/")
    assert page.status_code == 200
    text = html(page)
    assert "Continue your request" in text
    assert f"/en/request/{token}/stakeholders" in link_targets(
        text
    )  # the step after the last saved
    assert ORGANIZATION["lead_name"] in text

    context = fresh.get(f"/en/request/{token}/context")
    assert CONTEXT["problem"] in html(context)
    changed = {**CONTEXT, "why_now": "Un nouveau règlement.", "action": "continue"}
    response = post_step(fresh, f"/en/request/{token}/context", changed)
    assert response.status_code == 302
    assert "Un nouveau règlement." in html(client.get(f"/en/request/{token}/context"))


def test_submitted_request_reopens_with_its_private_link(client, app):
    token = start_draft(client)
    complete_request(client, "en", token)
    post_step(client, f"/en/request/{token}/check", {"action": "submit"})
    fresh = app.test_client()
    page = html(fresh.get(f"/en/request/{token}/"))
    assert "Submitted" in page and "Update the people to interview" in page
    # Steps fixed at submission send the lead to their page; check does too.
    for step in ("organization", "context", "timing", "check"):
        response = fresh.get(f"/en/request/{token}/{step}")
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/en/request/{token}/")


def test_retried_submit_keeps_one_reference_number(client, app):
    token = start_draft(client)
    complete_request(client, "en", token)
    page = html(client.get(f"/en/request/{token}/check"))
    payload = {**hidden_fields(page, "step-form"), "action": "submit"}
    first = client.post(f"/en/request/{token}/check", data=payload)
    again = client.post(f"/en/request/{token}/check", data=payload)  # double click / retry
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    with app.app_context():
        from core.db import db

        assert db.scalar(select(ReferenceCounter.last)) == 1
        assert db.scalar(select(func.count()).select_from(IdempotencyKey)) == 1
        submitted = db.scalars(
            select(AuditEvent).where(AuditEvent.action == "request.submitted")
        ).all()
        assert len(submitted) == 1


def test_double_posted_first_step_creates_one_draft(client, app):
    page = html(client.get("/en/request/organization"))
    payload = {**hidden_fields(page, "step-form"), **ORGANIZATION, "action": "continue"}
    first = client.post("/en/request/organization", data=payload)
    again = client.post("/en/request/organization", data=payload)
    assert first.status_code == again.status_code == 302
    assert token_from(first.headers["Location"]) == token_from(again.headers["Location"])
    with app.app_context():
        from core.db import db

        assert db.scalar(select(func.count()).select_from(Exploration)) == 1
    # Another browser posting the same form key gets its own draft, not this one.
    other = app.test_client()
    other_page = html(other.get("/en/request/organization"))
    stolen = {**hidden_fields(other_page, "step-form"), **ORGANIZATION, "action": "continue"}
    stolen["submission_key"] = payload["submission_key"]
    response = other.post("/en/request/organization", data=stolen)
    assert token_from(response.headers["Location"]) != token_from(first.headers["Location"])


def test_reference_numbers_follow_each_other(client, app):
    tokens = []
    for _ in range(2):
        fresh = app.test_client()
        token = start_draft(fresh)
        complete_request(fresh, "en", token)
        post_step(fresh, f"/en/request/{token}/check", {"action": "submit"})
        tokens.append(token)
    year = utcnow().year
    with app.app_context():
        from core.db import db

        references = sorted(db.scalars(select(Exploration.reference)).all())
    assert references == [f"EXP-{year}-0001", f"EXP-{year}-0002"]


def test_incomplete_request_cannot_be_submitted(client, app):
    token = start_draft(client)
    check = html(client.get(f"/en/request/{token}/check"))
    assert "Some answers are still missing" in check
    response = post_step(client, f"/en/request/{token}/check", {"action": "submit"})
    assert response.status_code == 400
    page = html(response)
    assert "There is a problem" in page
    assert "#row-problem" in link_targets(page) and "Describe the problem." in page
    assert "#row-topic-policy" in link_targets(page) and "#row-preferred_start" in link_targets(
        page
    )
    with app.app_context():
        from core.db import db

        exploration = db.scalars(select(Exploration)).one()
        assert exploration.status == "draft" and exploration.reference is None


def test_check_page_change_link_comes_back_to_check(client):
    token = start_draft(client)
    complete_request(client, "en", token)
    response = post_step(
        client,
        f"/en/request/{token}/context?from=check",
        {**CONTEXT, "impact": "Des files d’attente.", "action": "continue"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/en/request/{token}/check")


def test_stakeholders_step_asks_for_each_topic(client):
    token = start_draft(client)
    response = post_step(client, f"/en/request/{token}/stakeholders", {"action": "continue"})
    assert response.status_code == 400
    page = html(response)
    assert "#tbc_policy" in link_targets(page)
    assert "For 4. Policy, add a person" in page


def test_removing_a_person_from_their_last_topic_removes_them(client, app):
    token = start_draft(client)
    response = post_step(client, f"/en/request/{token}/stakeholders", {"action": "new:legal"})
    post_step(client, response.headers["Location"], {**PERSON, "topics": ["legal", "policy"]})
    with app.app_context():
        from core.db import db

        person_id = db.scalars(select(Stakeholder.id)).one()
    base = f"/en/request/{token}/stakeholders"
    post_step(client, base, {"action": f"remove:{person_id}:legal"})
    with app.app_context():
        from core.db import db

        person = db.get(Stakeholder, person_id)
        assert [t.topic_id for t in person.topics] == ["policy"]
    post_step(client, base, {"action": f"remove:{person_id}:policy"})
    with app.app_context():
        from core.db import db

        assert db.get(Stakeholder, person_id) is None


def test_person_can_be_changed_and_removed(client, app):
    token = start_draft(client)
    response = post_step(client, f"/en/request/{token}/stakeholders", {"action": "new:legal"})
    post_step(client, response.headers["Location"], {**PERSON, "topics": ["legal"]})
    with app.app_context():
        from core.db import db

        person_id = db.scalars(select(Stakeholder.id)).one()
    url = f"/en/request/{token}/stakeholders/{person_id}"
    assert PERSON["daily_role"] in html(client.get(url))
    response = post_step(
        client, url, {**PERSON, "title": "Avocate-conseil", "topics": ["legal", "policy"]}
    )
    assert response.status_code == 302
    with app.app_context():
        from core.db import db

        person = db.get(Stakeholder, person_id)
        assert person.title == "Avocate-conseil"
        assert sorted(t.topic_id for t in person.topics) == ["legal", "policy"]
    response = post_step(client, url, {"action": "delete"})
    assert response.status_code == 302
    with app.app_context():
        from core.db import db

        assert db.scalar(select(func.count()).select_from(Stakeholder)) == 0


def test_a_person_of_another_request_is_not_found(client, app):
    token = start_draft(client)
    response = post_step(client, f"/en/request/{token}/stakeholders", {"action": "new:legal"})
    post_step(client, response.headers["Location"], {**PERSON, "topics": ["legal"]})
    with app.app_context():
        from core.db import db

        person_id = db.scalars(select(Stakeholder.id)).one()
    other = start_draft(app.test_client())
    assert client.get(f"/en/request/{other}/stakeholders/{person_id}").status_code == 404


def test_documents_keep_status_and_note_and_can_be_cleared(client, app):
    token = start_draft(client)
    url = f"/en/request/{token}/documents"
    post_step(client, url, {"doc_logic_models_status": "not_applicable", "action": "continue"})
    page = html(client.get(url))
    assert checked_values(page, "doc_logic_models_status") == ["not_applicable"]
    assert "never" in page.lower() and "upload" in page.lower()
    assert "Program documents" in page
    post_step(client, url, {"doc_logic_models_note": "", "action": "continue"})
    with app.app_context():
        from core.db import db

        assert db.scalar(select(func.count()).select_from(DocumentStatus)) == 0


def test_timing_page_shows_weeks_and_hours_from_people_named(client):
    token = start_draft(client)
    response = post_step(client, f"/en/request/{token}/stakeholders", {"action": "new:legal"})
    post_step(client, response.headers["Location"], {**PERSON, "topics": ["legal", "policy"]})
    page = html(client.get(f"/en/request/{token}/timing"))
    assert "Introduction and set-up" in page and "Presenting and discussing next steps" in page
    assert "4 to 8 hours" in page and "8 to 16 hours" in page
    assert "1 person named" in page
    # Lead 18-36, plus 1 kick-off hour and 2 interview hours.
    assert "21 to 39 hours" in page


def test_private_link_is_shown_from_step_two(client):
    page = html(client.get("/en/request/organization"))
    assert "give you a private link" in page
    token = start_draft(client)
    for step in ("context", "stakeholders", "documents", "timing"):
        assert f"http://localhost/en/request/{token}/" in html(
            client.get(f"/en/request/{token}/{step}")
        )


def test_partner_page_links_to_the_self_assessment(client, app):
    token = start_draft(client)
    assert "Self-assessment survey" not in html(client.get(f"/en/request/{token}/"))
    complete_request(client, "en", token)
    post_step(client, f"/en/request/{token}/check", {"action": "submit"})
    page = html(client.get(f"/en/request/{token}/"))
    assert "Self-assessment survey" in page
    assert f"/en/request/{token}/survey" in link_targets(page)


def test_stakeholders_and_documents_stay_editable_until_kickoff(client, app):
    token = start_draft(client)
    complete_request(client, "en", token)
    post_step(client, f"/en/request/{token}/check", {"action": "submit"})
    for status in ("submitted", "accepted", "scheduled"):
        with app.app_context():
            from core.db import db

            db.scalars(select(Exploration)).one().status = status
            db.commit()
        response = post_step(
            client,
            f"/en/request/{token}/documents",
            {"doc_business_model_status": "shared", "action": "continue"},
        )
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/en/request/{token}/#answers-documents")
        response = post_step(
            client, f"/en/request/{token}/stakeholders", {"tbc_policy": "y", "action": "save"}
        )
        assert response.status_code == 302
    with app.app_context():
        from core.db import db

        exploration = db.scalars(select(Exploration)).one()
        assert {d.document_id for d in exploration.documents} >= {"business_model"}


def test_what_the_partner_typed_keeps_their_language_on_the_pages_in_the_other(client):
    """A partner who wrote in French and reads the English check page hears their own words
    in French; the page's own words, and "Not answered yet", stay in English."""
    token = start_draft(client, "fr")
    complete_request(client, "fr", token)
    tree = lxml.html.fromstring(html(client.get(f"/en/request/{token}/check")))
    assert tree.get("lang") == "en"
    for field in ("service_name", "problem", "users", "branch"):
        (typed,) = tree.xpath(f"//*[@id='row-{field}']/dd[1]/span")
        assert typed.get("lang") == "fr", field
        assert typed.text_content() in (CONTEXT.get(field), ORGANIZATION.get(field)), field
    person = tree.xpath("//dl[contains(@class, 'person-summary')]")[0]
    marked = [span.text_content() for span in person.xpath(".//span[@lang='fr']")]
    assert PERSON["title"] in marked and PERSON["daily_role"] in marked
    for missing in tree.xpath("//span[@class='not-answered']"):
        assert not missing.xpath("ancestor::*[@lang='fr']")
