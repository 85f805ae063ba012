"""The checks themselves must be able to fail: a page with known faults is refused."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, assert_valid_html

pytestmark = pytest.mark.browser

FAULTY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Faulty</title></head>
<body><main><h1>Faulty</h1>
<p id="twice">One</p><p id="twice">Two</p>
<img src="/static/vendor/gcds/sig-blk-en.svg">
<label>Orphan label</label><input type="text">
</main></body></html>"""


def test_valid_html_check_refuses_errors():
    with pytest.raises(pytest.fail.Exception, match="Duplicate ID"):
        assert_valid_html(FAULTY)


def test_valid_html_check_accepts_a_valid_page():
    assert_valid_html(
        FAULTY.replace('id="twice">Two', 'id="other">Two').replace(
            '<img src="/static/vendor/gcds/sig-blk-en.svg">',
            '<img src="/static/vendor/gcds/sig-blk-en.svg" alt="Government of Canada">',
        )
    )


def test_accessibility_check_refuses_violations(page):
    page.goto("/")
    page.set_content(FAULTY)
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)
    message = str(failure.value)
    assert "at img:" in message and "at input:" in message
    for rule in ("image-alt", "label"):
        assert f"- {rule} (" in message, message
