"""Bodies no browser sends and numbers that are not numbers: a 4xx on every route, never a 500.

A multipart part without a name gave CSRF protection a key of None (500 before sign-in or
CSRF); ids past 2**63 - 1 overflowed SQLite; digits such as "²" passed `str.isdigit()`.
"""

from __future__ import annotations

import pytest

from core.numbers import LARGEST, parse_int
from tests.robustness.world import build_world, post_rules

NAMELESS_PART = b"--x\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--x--\r\n"


def test_a_form_part_without_a_name_is_refused_on_every_route(app):
    world = build_world(app)
    tried = 0
    for rule in post_rules(app):
        url = world.url(rule)
        if url is None:
            continue
        for client in (world.partner, world.staff, app.test_client()):
            response = client.post(
                url, data=NAMELESS_PART, content_type="multipart/form-data; boundary=x"
            )
            assert response.status_code == 400, (url, response.status_code)
            tried += 1
    assert tried >= 3 * 20  # every POST route was reached, for three kinds of caller


def test_the_curl_of_the_report_answers_400(client):
    response = client.post(
        "/en/staff/sign-in",
        data=b"--x\r\nContent-Disposition: form-data\r\n\r\n--x--\r\n",
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 400


@pytest.mark.parametrize("number", [str(LARGEST + 1), "99999999999999999999", "²", "٣"])
def test_ids_that_no_database_holds_are_not_found(app, number):
    world = build_world(app)
    assert world.staff.get(f"/en/staff/requests/{number}").status_code == 404


@pytest.mark.parametrize("part", ["%00", "EXP%00", "%1F", "%7F"])
def test_a_url_part_with_a_control_character_is_not_found(app, part):
    """PostgreSQL refuses a NUL in text: such a part must not reach a query (it was a 500)."""
    world = build_world(app)
    for method in ("GET", "HEAD"):
        assert world.staff.open(f"/en/staff/requests/{part}", method=method).status_code == 404
        assert world.partner.open(f"/en/request/{part}/context", method=method).status_code == 404
        assert world.partner.open(f"/fr/survey/r/{part}/", method=method).status_code == 404


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("42", 42),
        (str(LARGEST), LARGEST),
        (str(LARGEST + 1), None),
        ("²", None),
        ("٣", None),
        ("-1", None),
        (" 1", None),
        ("", None),
        (None, None),
        ("1" * 40, None),
    ],
)
def test_one_reading_of_a_number(text, expected):
    assert parse_int(text) == expected
