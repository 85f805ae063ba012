"""`next` after sign-in: only ever a path on this site. The corpus covers the ways browsers
and servers have been fooled into leaving the site."""

from __future__ import annotations

import pytest

from staff.redirects import safe_next
from tests import factory
from tests.staff.helpers import post_sign_in

OFF_SITE = [
    "//evil.example",
    "//evil.example/en/staff/",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,hi",
    "http://evil",
    "https://evil.example/en/staff/",
    "http:/evil.example",
    "http:evil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "%2F%5Cevil.example",
    "/%5Cevil",
    "/%5cevil",
    "/%255Cevil",
    "/%252F/evil.example",
    "/en/staff/\\..\\evil",
    "/\tevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/%09/evil.example",
    "/%0d%0a/evil.example",
    "/\x00evil",
    "/en/\x7fstaff",
    "evil.example",
    "en/staff/",
    "",
    "?next=/",
    "#/en/staff/",
    "/" + "a" * 2100,
]

ON_SITE = [
    "/en/staff/",
    "/fr/staff/requests/12",
    "/en/staff/?status=submitted&status=accepted&sort=reference&dir=asc",
    "/en/staff/?q=Ottawa%20Hydro",
    "/en/staff/?q=a+b",
    "/",
]


@pytest.mark.parametrize("value", OFF_SITE)
def test_off_site_values_are_refused(value):
    assert safe_next(value) is None


@pytest.mark.parametrize("value", ON_SITE)
def test_on_site_paths_are_kept(value):
    assert safe_next(value) == value


@pytest.mark.parametrize("value", [None, 42, ["/en/staff/"]])
def test_non_strings_are_refused(value):
    assert safe_next(value) is None


@pytest.mark.parametrize("value", OFF_SITE[:31])
def test_sign_in_falls_back_to_the_dashboard(app, client, value):
    user_id = factory.staff_account(app, "viewer")
    response = post_sign_in(client, factory.staff_email(app, user_id), next_url=value)
    assert response.status_code == 302
    assert response.location == "/en/staff/"


def test_sign_in_goes_to_a_safe_next(app, client):
    user_id = factory.staff_account(app, "viewer")
    target = "/en/staff/?status=accepted&sort=reference&dir=asc"
    response = post_sign_in(client, factory.staff_email(app, user_id), next_url=target)
    assert response.status_code == 302
    assert response.location == target


def test_a_refused_next_is_not_echoed_into_the_form(app, client):
    page = client.get("/en/staff/sign-in", query_string={"next": "//evil.example"})
    assert "evil.example" not in page.get_data(as_text=True)


def test_anonymous_visit_sends_to_sign_in_with_next_and_back(app, client):
    response = client.get("/en/staff/?status=accepted")
    assert response.status_code == 302
    assert response.location.startswith("/en/staff/sign-in?next=")
    user_id = factory.staff_account(app, "viewer")
    signed = post_sign_in(
        client, factory.staff_email(app, user_id), next_url="/en/staff/?status=accepted"
    )
    assert signed.location == "/en/staff/?status=accepted"
