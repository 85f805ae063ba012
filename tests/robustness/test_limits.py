"""Sizes at and over every limit, and requests that are not what a browser sends.

- A text field at its limit is accepted; one character over gets the field's message (400),
  never a 500, and nothing of that post is stored over the previous value.
- A body over MAX_CONTENT_LENGTH gets the bilingual 413 page, on every POST route.
- Truncated or malformed multipart, duplicate fields and a wrong content type get a 400, and
  the stored request is unchanged.
"""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from tests.robustness.inputs import field_limit
from tests.robustness.world import build_world, discover_forms, page_forms
from tests.serving import multipart_body

EN_413 = "What you sent is too large"
FR_413 = "Ce que vous avez envoyé est trop volumineux"


def _snapshot(app, exploration_id: int) -> dict:
    from core.db import db
    from intake.models import Exploration

    with app.app_context():
        row = db.get(Exploration, exploration_id)
        return {c.name: getattr(row, c.name) for c in Exploration.__table__.columns}


@pytest.mark.parametrize("step", ["organization", "context", "timing"])
def test_text_fields_at_and_over_their_limit(app, step):
    world = build_world(app)
    url = f"/en/request/{world.draft.token}/{step}"
    _page, forms = page_forms(world.partner, url)
    form = forms[0]
    texts = [
        c
        for c in form.controls
        if (c["tag"] == "textarea" or (c["tag"] == "input" and c.get("type", "text") == "text"))
        and c.get("name")
        and not c["name"].endswith("_start")
    ]
    assert texts, f"no text field on {url}"
    for control in texts:
        name = control["name"]
        limit = field_limit(control)
        before = _snapshot(app, world.draft.id)
        _page, forms = page_forms(world.partner, url)
        over = world.partner.post(
            url, data=MultiDict(forms[0].with_values({name: "é" * (limit + 1)}))
        )
        assert over.status_code == 400, (name, limit, over.status_code)
        page = over.get_data(as_text=True)
        assert f'id="{name}-error"' in page, name
        after = _snapshot(app, world.draft.id)
        assert after[name] == before[name], name
        _page, forms = page_forms(world.partner, url)
        at = world.partner.post(url, data=MultiDict(forms[0].with_values({name: "é" * limit})))
        assert at.status_code in {302, 303, 400}, (name, at.status_code)
        if at.status_code == 400:  # another rule of the field (an email, a phone), not length
            assert f'id="{name}-error"' not in at.get_data(as_text=True) or name.endswith(
                ("email", "phone")
            ), name
        else:
            assert _snapshot(app, world.draft.id)[name] == "é" * limit, name


def _post_pages(world) -> list[tuple[str, str, object]]:
    found = discover_forms(world)
    return [(endpoint, pages[0][0], pages[0][1]) for endpoint, pages in sorted(found.items())]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_body_over_the_limit_is_a_bilingual_413_on_every_form(app, lang):
    world = build_world(app)
    limit = app.config["MAX_CONTENT_LENGTH"]
    checked = 0
    for endpoint, _page_url, form in _post_pages(world):
        client = world.client_for(form.action)
        action = form.action.replace("/en/", f"/{lang}/", 1)
        payload = MultiDict(form.with_values({"padding": "x" * (limit + 10)}))
        response = client.post(action, data=payload)
        assert response.status_code == 413, (endpoint, response.status_code)
        page = response.get_data(as_text=True)
        assert EN_413 in page and FR_413 in page, endpoint
        checked += 1
    assert checked >= 10


def test_malformed_requests_are_400_and_change_nothing(app):
    world = build_world(app)
    url = f"/en/request/{world.draft.token}/context"
    before = _snapshot(app, world.draft.id)
    _page, forms = page_forms(world.partner, url)
    fields = forms[0].with_values({"problem": "Changé par une requête malformée"})
    boundary = "robustness-boundary"
    body = multipart_body(fields, boundary)
    cases = {
        "truncated multipart": (
            body[: len(body) // 2],
            f"multipart/form-data; boundary={boundary}",
        ),
        "multipart without boundary": (body, "multipart/form-data"),
        "multipart, wrong boundary": (body, "multipart/form-data; boundary=other"),
        "JSON body": (b'{"problem": "x"}', "application/json"),
        "plain text": (b"problem=x", "text/plain"),
        "no content type": (b"problem=x", ""),
        "binary garbage": (bytes(range(256)) * 4, "application/x-www-form-urlencoded"),
    }
    outcomes = {}
    for name, (data, content_type) in cases.items():
        headers = {"Content-Type": content_type} if content_type else {}
        response = world.partner.post(url, data=data, headers=headers)
        outcomes[name] = response.status_code
        assert _snapshot(app, world.draft.id) == before, name
    assert all(status == 400 for status in outcomes.values()), outcomes


def test_duplicate_fields_are_refused_and_change_nothing(app):
    """Two values for a one-value field: a browser never sends that, so it is a 400 and the
    request is unchanged (which of the two was meant cannot be known)."""
    world = build_world(app)
    url = f"/en/request/{world.draft.token}/context"
    before = _snapshot(app, world.draft.id)
    _page, forms = page_forms(world.partner, url)
    fields = forms[0].with_values({"problem": ["Première valeur", "Seconde valeur"]})
    response = world.partner.post(url, data=MultiDict(fields))
    assert response.status_code == 400, response.status_code
    assert _snapshot(app, world.draft.id) == before


def test_every_counted_text_box_refuses_one_character_over_its_limit(app):
    """Every text box that shows a character count, on every form (public and staff): at the
    limit it raises no length message; one character over, the answer is a 400 with the
    message next to the field."""
    world = build_world(app)
    checked = []
    for endpoint, page_url, form in _post_pages(world):
        client = world.client_for(page_url)
        for control in form.controls:
            limit = control.get("data-maxlength")
            if control["tag"] != "textarea" or not limit or not control.get("name"):
                continue
            name, field_id, limit = control["name"], control.get("id", control["name"]), int(limit)
            _page, forms = page_forms(client, page_url)
            fresh = next(f for f in forms if f.action == form.action)
            over = client.post(
                form.action, data=MultiDict(fresh.with_values({name: "é" * (limit + 1)}))
            )
            assert over.status_code == 400, (endpoint, name, over.status_code)
            assert f'id="{field_id}-error"' in over.get_data(as_text=True), (endpoint, name)
            _page, forms = page_forms(client, page_url)
            fresh = next(f for f in forms if f.action == form.action)
            at = client.post(form.action, data=MultiDict(fresh.with_values({name: "é" * limit})))
            assert at.status_code < 500, (endpoint, name, at.status_code)
            if at.status_code == 400:
                assert f'id="{field_id}-error"' not in at.get_data(as_text=True), (endpoint, name)
            checked.append((endpoint, name))
    endpoints = {endpoint for endpoint, _name in checked}
    assert {"surveys.practice", "surveys.overall", "staff.add_note"} <= endpoints, checked
    assert len(checked) >= 8, checked


def test_every_form_refuses_a_field_sent_twice(app):
    """On every form, public and staff: a one-value text field posted twice is a 400."""
    world = build_world(app)
    refused, accepted = [], []
    for endpoint, page_url, form in _post_pages(world):
        client = world.client_for(page_url)
        texts = [
            c["name"]
            for c in form.controls
            if c.get("name")
            and (
                c["tag"] == "textarea"
                or (c["tag"] == "input" and c.get("type") in {"text", "email"})
            )
        ]
        if not texts:
            continue
        _page, forms = page_forms(client, page_url)
        fresh = next(f for f in forms if f.action == form.action)
        payload = fresh.with_values({texts[0]: ["Première valeur", "Seconde valeur"]})
        response = client.post(form.action, data=MultiDict(payload))
        (refused if response.status_code == 400 else accepted).append(
            (endpoint, texts[0], response.status_code)
        )
    assert not accepted, accepted
    assert len(refused) >= 8, refused
