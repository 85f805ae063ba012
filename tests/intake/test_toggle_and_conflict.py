"""The language button keeps what was typed on the page; two tabs never overwrite each other
silently."""

from __future__ import annotations

from sqlalchemy import func, select, text

from intake import service
from intake.models import Exploration, Stakeholder
from tests.conftest import html
from tests.intake.helpers import CONTEXT, ORGANIZATION, PERSON, post_step
from tests.intake.test_flow import start_draft
from tests.markup import checked_values, hidden_fields, link_targets, selected_values


def stored(app, **columns):
    with app.app_context():
        from core.db import db

        exploration = db.scalars(select(Exploration)).one()
        return {name: getattr(exploration, name) for name in columns}


def test_toggle_on_a_new_request_saves_and_lands_on_the_same_step_in_french(client, app):
    response = post_step(client, "/en/request/organization", {**ORGANIZATION, "switch_lang": "fr"})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/fr/request/") and location.endswith("/organization")
    page = client.get(location)
    text_fr = html(page)
    assert '<html lang="fr">' in text_fr
    assert ORGANIZATION["lead_name"] in text_fr and ORGANIZATION["sponsor_name"] in text_fr
    assert selected_values(text_fr, "department_code") == ["esdc"]
    assert stored(app, lead_email=1)["lead_email"] == ORGANIZATION["lead_email"]


def test_toggle_with_nothing_typed_creates_nothing(client, app):
    response = post_step(client, "/en/request/organization", {"switch_lang": "fr"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/fr/request/organization"
    with app.app_context():
        from core.db import db

        assert db.scalar(select(func.count()).select_from(Exploration)) == 0


def test_toggle_with_incomplete_answers_saves_them_without_complaining(client, app):
    token = start_draft(client)
    partial = {"service_name": "Permis de pêche", "problem": "Trop de papier.", "switch_lang": "fr"}
    response = post_step(client, f"/en/request/{token}/context", partial)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/fr/request/{token}/context"
    page = html(client.get(response.headers["Location"]))
    assert "Permis de pêche" in page and "Trop de papier." in page
    assert "error-summary" not in page


def test_toggle_with_an_invalid_value_keeps_it_and_shows_the_page_in_french(client, app):
    token = start_draft(client)
    data = {**ORGANIZATION, "lead_email": "pas-une-adresse", "lead_name": "Zoë Ève-Lœuillet"}
    response = post_step(client, f"/en/request/{token}/organization", {**data, "switch_lang": "fr"})
    assert response.status_code == 400
    page = html(response)
    assert '<html lang="fr">' in page
    assert 'value="pas-une-adresse"' in page  # the typed value is still there
    assert "Zoë Ève-Lœuillet" in page
    assert f'action="/fr/request/{token}/organization"' in page
    assert "Entrez une adresse courriel" in page  # the message in French
    # What could be stored was stored; the bad email was not.
    saved = stored(app, lead_name=1, lead_email=1)
    assert saved["lead_name"] == "Zoë Ève-Lœuillet"
    assert saved["lead_email"] == ORGANIZATION["lead_email"]


def test_toggle_on_the_person_page_keeps_the_person(client, app):
    token = start_draft(client)
    response = post_step(client, f"/en/request/{token}/stakeholders", {"action": "new:legal"})
    new_url = response.headers["Location"]
    response = post_step(client, new_url, {**PERSON, "topics": ["legal"], "switch_lang": "fr"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/fr/request/{token}/stakeholders/")
    assert PERSON["daily_role"] in html(client.get(response.headers["Location"]))
    # Incomplete: nothing to save yet, but the page comes back in French with what was typed.
    response = post_step(
        client, new_url, {"name": "Noémie Gagné", "topics": ["policy"], "switch_lang": "fr"}
    )
    assert response.status_code == 400
    page = html(response)
    assert '<html lang="fr">' in page and "Noémie Gagné" in page


def test_toggle_on_documents_and_stakeholders(client):
    token = start_draft(client)
    response = post_step(
        client,
        f"/en/request/{token}/documents",
        {
            "doc_it_roadmap_status": "shared",
            "doc_it_roadmap_note": "Voir Marc",
            "switch_lang": "fr",
        },
    )
    assert response.headers["Location"] == f"/fr/request/{token}/documents"
    page = html(client.get(response.headers["Location"]))
    assert checked_values(page, "doc_it_roadmap_status") == ["shared"] and "Voir Marc" in page
    response = post_step(
        client, f"/en/request/{token}/stakeholders", {"tbc_legal": "y", "switch_lang": "fr"}
    )
    assert response.headers["Location"] == f"/fr/request/{token}/stakeholders"
    page = html(client.get(response.headers["Location"]))
    assert checked_values(page, "tbc_legal") == ["y"]


def test_a_stale_version_gets_a_conflict_page_that_keeps_what_was_typed(client, app):
    token = start_draft(client)
    url = f"/en/request/{token}/context"
    tab_a = html(client.get(url))
    tab_b = html(client.get(url))
    first = {
        **hidden_fields(tab_b, "step-form"),
        **CONTEXT,
        "why_now": "Version B",
        "action": "continue",
    }
    assert client.post(url, data=first).status_code == 302
    second = {
        **hidden_fields(tab_a, "step-form"),
        **CONTEXT,
        "why_now": "Version A, typed with care",
    }
    response = client.post(url, data={**second, "action": "continue"})
    assert response.status_code == 409
    page = html(response)
    assert "This information was changed by someone else" in page
    assert "Version A, typed with care" in page  # what they typed is on the page
    assert f"/en/request/{token}/context" in link_targets(page)  # the latest version
    assert stored(app, why_now=1)["why_now"] == "Version B"  # no silent overwrite


def test_a_stale_version_is_refused_on_every_kind_of_page(client, app):
    token = start_draft(client)
    response = post_step(client, f"/en/request/{token}/stakeholders", {"action": "new:legal"})
    person_url = response.headers["Location"]
    pages = {
        f"/en/request/{token}/documents": {"doc_org_chart_status": "shared"},
        f"/en/request/{token}/stakeholders": {"tbc_legal": "y"},
        person_url: {**PERSON, "topics": ["legal"]},
        f"/en/request/{token}/timing": {"timing_note": "Pas en juillet"},
        f"/en/request/{token}/check": {"action": "submit"},
    }
    for url, data in pages.items():
        form = hidden_fields(html(client.get(url)), "step-form")
        post_step(client, f"/en/request/{token}/context", {**CONTEXT, "action": "continue"})
        response = client.post(url, data={**form, **data})
        assert response.status_code == 409, url
    with app.app_context():
        from core.db import db

        assert db.scalar(select(func.count()).select_from(Stakeholder)) == 0


def test_a_concurrent_commit_is_caught_by_the_version_column(client, app, monkeypatch):
    """Between reading and writing, another worker commits: the UPDATE finds no row with the
    version it read (StaleDataError), and the answer is a 409, never a lost update."""
    token = start_draft(client)
    original = service.touch

    def racing_touch(exploration, step, lang):
        from core.db import db

        db.execute(
            text("UPDATE explorations SET version = version + 1 WHERE id = :id"),
            {"id": exploration.id},
        )
        original(exploration, step, lang)

    monkeypatch.setattr(service, "touch", racing_touch)
    data = {**CONTEXT, "why_now": "Texte à ne pas perdre", "action": "continue"}
    response = post_step(client, f"/en/request/{token}/context", data)
    assert response.status_code == 409
    assert "Texte à ne pas perdre" in html(response)
    assert stored(app, why_now=1)["why_now"] is None  # rolled back, nothing half-stored


def test_changes_are_refused_once_the_exploration_has_started(client, app):
    token = start_draft(client)
    with app.app_context():
        from core.db import db

        exploration = db.scalars(select(Exploration)).one()
        exploration.status = "scheduled"
        db.commit()
    url = f"/en/request/{token}/stakeholders"
    form = hidden_fields(html(client.get(url)), "step-form")  # still open while scheduled
    with app.app_context():
        from core.db import db

        exploration = db.scalars(select(Exploration)).one()
        exploration.status = "in_progress"
        db.commit()
    response = client.post(url, data={**form, "tbc_policy": "y", "action": "continue"})
    assert response.status_code == 409
    page = html(response)
    assert "In progress" in page and "can no longer be changed" in page
    assert client.get(url).status_code == 302
    partner = html(client.get(f"/en/request/{token}/"))
    assert "This request can no longer be changed here" in partner
    assert f'href="/en/request/{token}/stakeholders"' not in partner
