"""The exploration summary page in real Chromium: accessible (axe), valid HTML (vnu), in both
languages, with hostile text shown as text; its download links serve the files."""

from __future__ import annotations

import secrets
from datetime import date

import pytest

from surveys.framework import FRAMEWORK
from tests import factory
from tests.browser.conftest import assert_accessible, assert_valid_html, sign_in
from tests.factory import HOSTILE, make_exploration

PRACTICES = [p.id for p in FRAMEWORK.practices]
ROLES = [r.id for r in FRAMEWORK.roles]


@pytest.fixture(scope="module")
def summary_ref(live_server) -> str:
    from core.db import db

    reference = f"EXP-2031-{secrets.randbelow(9000) + 1000:04d}"
    with live_server.app.app_context():
        make_exploration(
            db,
            reference=reference,
            status="scheduled",
            agreed_start=date(2031, 9, 8),
            problem=HOSTILE[9] + "\n" + HOSTILE[0],
            people=[
                ("Léa Tremblay-Gagnon", ("design_direction", "work_methods")),
                ("ᐊᓯᐅᓕ ᓇᓗᓇᖅ", ("legal",)),
                ("<img src=x onerror=alert(1)>", ()),
            ],
            respondents=[
                {
                    "default": 1,
                    "levels": {(PRACTICES[0], ROLES[0]): None},
                    "comments": {"open": HOSTILE[9]},
                },
                {"default": 4, "overall_comment": "Bien ᐃᓄᒃᑎᑐᑦ"},
            ],
        )
        db.commit()
    return reference


def signed_in(page, live_server) -> None:
    """A viewer of our own, signed in through the sign-in page."""
    user_id = factory.staff_account(live_server.app, "viewer", name="Viewer")
    sign_in(page, factory.staff_email(live_server.app, user_id))
    page.wait_for_url("**/en/staff/")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_summary_page_is_accessible_and_valid(page, live_server, summary_ref, lang):
    signed_in(page, live_server)
    response = page.goto(f"/{lang}/staff/requests/{summary_ref}/summary")
    assert response is not None and response.status == 200
    assert page.locator("h1").count() == 1
    heat_map = page.locator("table.heat-map")
    assert heat_map.locator("caption").count() == 1
    assert heat_map.locator("tbody th[scope=row]").count() == 6
    body = page.locator("main").inner_text()
    assert "<script>alert('x')</script>" in body
    assert "<img src=x onerror=alert(1)>" in body
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    assert "ᐊᓯᐅᓕ ᓇᓗᓇᖅ" in body
    assert_accessible(page)
    assert_valid_html(page)


def test_summary_download_links_serve_the_files(page, live_server, summary_ref):
    signed_in(page, live_server)
    page.goto(f"/en/staff/requests/{summary_ref}/summary")
    for name, kind in (
        ("PDF summary in French", "application/pdf"),
        ("Workbook (Excel)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        href = page.get_by_role("link", name=name).get_attribute("href")
        assert href
        response = page.request.get(href)
        assert response.status == 200, href
        assert response.headers["content-type"].startswith(kind)
        assert response.headers["content-disposition"].startswith("attachment")
