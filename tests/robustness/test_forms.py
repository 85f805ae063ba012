"""Every form of the service, public and staff, against random and hostile input.

The forms are found from the app itself: every URL rule that accepts POST must be reachable
as a form on some page (so a new form cannot escape these tests), and each gets Hypothesis
input (control characters, emoji, combining marks, right-to-left text, empty values, values
at and over the length limit, fields left out, any button). No answer may be a server error.
For the request's text fields, what is stored is exactly what the page shows back and what the
staff workbook holds.
"""

from __future__ import annotations

import io
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.robustness.inputs import KEEP_AS_IS, fuzzed_payload, normalized, printable_text
from tests.robustness.world import (
    build_world,
    discover_forms,
    form_page,
    page_forms,
    post_rules,
    sign_in,
)
from tests.serving import Form


def _post_endpoints() -> list[str]:
    from tests.conftest import make_test_app

    app = make_test_app("sqlite://")
    return sorted({rule.endpoint for rule in post_rules(app)})


POST_ENDPOINTS = _post_endpoints()


def fuzz(app) -> settings:
    """15 examples per form on SQLite; 6 on PostgreSQL, where the same code runs and only
    what the database itself refuses (a NUL character, an over-long value) can differ."""
    postgres = app.config["DATABASE_URL"].startswith("postgresql")
    return settings(
        max_examples=6 if postgres else 15,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def test_every_post_route_is_a_form_on_some_page(app):
    world = build_world(app)
    found = discover_forms(world)
    missing = [endpoint for endpoint in POST_ENDPOINTS if endpoint not in found]
    assert not missing, f"POST routes with no form on any page: {missing}"


def _same_form(forms: list[Form], action: str) -> Form | None:
    path = urllib.parse.urlsplit(action).path
    for form in forms:
        if urllib.parse.urlsplit(form.action).path == path:
            return form
    return None


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_random_input_never_breaks_a_form(app, endpoint):
    world = build_world(app)
    page_url, first = form_page(world, endpoint)
    client = world.client_for(page_url)
    statuses: dict[int, int] = {}

    @fuzz(app)
    @given(data=st.data())
    def post_anything(data: st.DataObject) -> None:
        if endpoint == "staff.sign_out" and not _signed_in(world):
            sign_in(world)
        # Drawn from the first form, so that every example draws the same way; the fresh
        # page gives the current version, submission key and CSRF token.
        payload = fuzzed_payload(data, first)
        _response, forms = page_forms(client, page_url)
        form = _same_form(forms, first.action)
        if form is None:  # the form is gone (the request was submitted, a person deleted...)
            return
        fresh = {k: v for k, v in form.fields if k in KEEP_AS_IS}
        payload = [(k, fresh.get(k, v)) if k in KEEP_AS_IS else (k, v) for k, v in payload]
        response = client.post(form.action, data=MultiDict(payload))
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, (endpoint, payload, response.status_code)
        if response.status_code >= 400:
            page = response.get_data(as_text=True)
            assert "Traceback" not in page

    post_anything()
    assert statuses, f"{endpoint}: no example was posted"


def _signed_in(world) -> bool:
    return world.staff.get("/en/staff/").status_code == 200


TEXT_STEPS = {
    "organization": ["branch", "lead_name", "lead_title", "sponsor_name", "sponsor_title"],
    "context": ["service_name", "problem", "users", "impact", "why_now", "constraints"],
    "timing": ["timing_note"],
}


def _workbook_strings(world) -> set[str]:
    from openpyxl import load_workbook

    response = world.staff.get("/en/staff/exports/portfolio.xlsx?status=draft")
    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    strings = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            strings.update(value for value in row if isinstance(value, str))
    return strings


@pytest.mark.parametrize("step", sorted(TEXT_STEPS))
def test_what_is_stored_is_what_is_shown_and_what_the_workbook_holds(app, step):
    from core.db import db
    from intake.forms import LIMITS
    from intake.models import Exploration

    world = build_world(app)
    url = f"/en/request/{world.draft.token}/{step}"
    names = TEXT_STEPS[step]

    @fuzz(app)
    @given(data=st.data())
    def round_trip(data: st.DataObject) -> None:
        _page, forms = page_forms(world.partner, url)
        form = forms[0]
        typed = {
            name: data.draw(printable_text(LIMITS.get(name, LIMITS.get(name.split("_")[-1], 200))))
            for name in names
        }
        response = world.partner.post(
            form.action,
            data=MultiDict(form.with_values(typed, button=("action", "continue"))),
        )
        assert response.status_code < 500
        if response.status_code not in {302, 303, 400}:
            raise AssertionError(response.status_code)
        _page, forms = page_forms(world.partner, url)
        shown = forms[0]
        with app.app_context():
            stored = db.get(Exploration, world.draft.id)
            for name in names:
                if response.status_code == 400 and not normalized(typed[name]):
                    continue
                expected = normalized(typed[name]) or None
                value = getattr(stored, name)
                if response.status_code in {302, 303}:
                    assert value == expected, (name, typed[name], value)
                assert (shown.get(name) or None) == value, (name, shown.get(name), value)
        if response.status_code in {302, 303}:
            strings = _workbook_strings(world)
            for name in names:
                value = normalized(typed[name])
                if value:
                    assert value in strings, (name, value)

    round_trip()
