"""Reflow (WCAG 2.1, 1.4.10): every page, public and staff, in both languages, read at 320 CSS
pixels without scrolling sideways; a wide table scrolls inside its own labelled, focusable
region instead. At 1280 pixels the dashboard's table shows every column."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factory
from tests.browser.conftest import sign_in

LANGS = ("en", "fr")

# How far the page scrolls sideways (0 when it fits), and the wide elements that cause it.
OVERFLOW_JS = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !(el.parentElement && el.parentElement.closest('.table-scroll'))) {
      const classes = typeof el.className === 'string' && el.className
        ? '.' + el.className.split(' ').join('.') : '';
      culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes +
        ' ' + Math.round(box.right));
    }
  }
  return {overflow: root.scrollWidth - width, culprits: culprits.slice(0, 8)};
}"""

# The words of a table's headings and cells that the browser broke across two lines (a word
# may still break at its own hyphen): a column squeezed to fit reads "Su/jet/s". Typed text
# (a note, a comment) may break anywhere, so that a long pasted link cannot widen the table.
BROKEN_WORDS_JS = """(selector) => {
  const broken = [];
  const typed = '.user-text, .typed-text, .comment-cell';
  for (const cell of document.querySelectorAll(selector + ' th, ' + selector + ' td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(typed)) continue;
      for (const match of node.data.matchAll(/[^\\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(box => Math.round(box.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""

# Every wide region scrolls inside itself: labelled, focusable, a region.
REGIONS_JS = """() => [...document.querySelectorAll('.table-scroll')].map(el => ({
  role: el.getAttribute('role'), tabindex: el.getAttribute('tabindex'),
  label: !!(el.getAttribute('aria-labelledby') || el.getAttribute('aria-label')),
}))"""


@pytest.fixture(scope="module")
def pages(live_server) -> dict[str, Any]:
    """The public and staff pages of requests at several stages, and an admin to see them."""
    app = live_server.app
    draft = factory.exploration(app, "draft")
    submitted = factory.exploration(app, "submitted", survey_open=True)
    _id, respondent = factory.respondent(app, submitted.id)
    _done_id, _done = factory.respondent(app, submitted.id)
    admin_id = factory.staff_account(app, "admin", name="Camille Lavoie-Desrochers")
    public = [
        "/{lang}/",
        "/{lang}/request/start",
        "/{lang}/request/organization",
        "/{lang}/no-such-page",
        *(
            f"/{{lang}}/request/{draft.token}/{step}"
            for step in (
                "organization",
                "context",
                "timing",
                "stakeholders",
                "stakeholders/new",
                "documents",
                "check",
            )
        ),
        f"/{{lang}}/request/{submitted.token}/",
        f"/{{lang}}/request/{submitted.token}/confirmation",
        f"/{{lang}}/request/{submitted.token}/survey",
        f"/{{lang}}/survey/{submitted.survey_token}",
        f"/{{lang}}/survey/r/{respondent}/",
        f"/{{lang}}/survey/r/{respondent}/about",
        f"/{{lang}}/survey/r/{respondent}/practice/leadership",
        f"/{{lang}}/survey/r/{respondent}/overall",
        f"/{{lang}}/survey/r/{respondent}/review",
    ]
    staff = [
        "/{lang}/staff/",
        "/{lang}/staff/?q=tremblay&status=submitted",
        f"/{{lang}}/staff/requests/{submitted.id}",
        f"/{{lang}}/staff/requests/{draft.id}",
        f"/{{lang}}/staff/requests/{submitted.reference}/summary",
        "/{lang}/staff/accounts",
        "/{lang}/staff/accounts/new",
        f"/{{lang}}/staff/accounts/{admin_id}",
        "/{lang}/staff/audit",
        "/{lang}/staff/account",
    ]
    return {"public": public, "staff": staff, "email": factory.staff_email(app, admin_id)}


def _sign_in(page, email: str) -> None:
    sign_in(page, email)
    page.wait_for_url("**/en/staff/")


def _sideways(page, paths: list[str]) -> list[str]:
    problems = []
    for lang in LANGS:
        for template in paths:
            path = template.format(lang=lang)
            page.goto(path)
            found = page.evaluate(OVERFLOW_JS)
            if found["overflow"] > 0:
                problems.append(f"{path}: {found['overflow']} px too wide {found['culprits']}")
            broken = page.evaluate(BROKEN_WORDS_JS, ".table")
            if broken:
                problems.append(f"{path}: words broken in a table {broken[:6]}")
            for region in page.evaluate(REGIONS_JS):
                if region != {"role": "region", "tabindex": "0", "label": True}:
                    problems.append(f"{path}: a scrolling table region is {region}")
    return problems


def test_no_public_page_scrolls_sideways_at_320_px(browser, live_server, pages):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto("/")
        assert page.evaluate(OVERFLOW_JS)["overflow"] <= 0
        problems = _sideways(page, pages["public"])
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


def test_no_staff_page_scrolls_sideways_at_320_px(browser, live_server, pages):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        _sign_in(page, pages["email"])
        problems = _sideways(page, pages["staff"])
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_dashboard_shows_every_column_at_1280_px(browser, live_server, pages, lang):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        _sign_in(page, pages["email"])
        page.goto(f"/{lang}/staff/")
        clipped = page.evaluate(
            """() => {
              const region = document.querySelector('#requests').closest('.table-scroll');
              const root = document.documentElement;
              return {scroll: region.scrollWidth, client: region.clientWidth,
                      page: root.scrollWidth - root.clientWidth};
            }"""
        )
        assert clipped["scroll"] <= clipped["client"], clipped
        assert clipped["page"] <= 0, clipped
        assert page.evaluate(BROKEN_WORDS_JS, "#requests") == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_weeks_tables_fit_a_phone_without_scrolling_and_stay_tables(browser, live_server, lang):
    """A partner reading the four weeks on a phone sees each week's hours without scrolling
    the table sideways; a screen reader still hears a table with its column headers."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        for path in (f"/{lang}/", f"/{lang}/request/start"):
            page.goto(path)
            table = page.locator(".weeks-table")
            sizes = table.evaluate(
                "t => { const r = t.closest('.table-scroll');"
                " return {scroll: r.scrollWidth, client: r.clientWidth}; }"
            )
            assert sizes["scroll"] <= sizes["client"], (path, sizes)
            tree = table.aria_snapshot()
            assert tree.startswith("- table"), tree
            assert tree.count("- columnheader") == 3, tree
            assert tree.count("- rowheader") == 4, tree
    finally:
        context.close()
