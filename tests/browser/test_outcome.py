"""The outcome in real Chromium, in both languages: two CDS members rate the grid, the lead
reconciles, writes findings and three recommendations and opens them to the partner; the
partner lead orders them and asks for CDS's help with one; staff settle the order and publish;
the partner lead downloads the report. Every page passes axe and the W3C checker."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from surveys.framework import FRAMEWORK
from tests import factory
from tests.browser.conftest import _new_page, assert_accessible, assert_valid_html
from tests.browser.conftest import sign_in as browser_sign_in

SECRET_COMMENT = "Mon chef refuse tout changement depuis 2019"
TITLES = ["Financer une équipe produit", "Parler aux utilisateurs", "Publier le code"]


def at(path: str) -> re.Pattern[str]:
    """The page at `path`, with or without a fragment (#recommendations)."""
    return re.compile(re.escape(path) + r"(#.*)?$")


def check(page) -> None:
    assert_accessible(page)
    assert_valid_html(page)


def sign_in(page, email: str, lang: str) -> None:
    """The one browser sign-in, then wait for the staff area."""
    browser_sign_in(page, email, lang=lang)
    page.wait_for_url(f"**/{lang}/staff/**")


def rate_every_cell(page, form_id: str, level_of, reason: str | None = None) -> None:
    for practice_id, role_id in FRAMEWORK.cells:
        name = f"level__{practice_id}__{role_id}"
        page.locator(f"input[name='{name}'][value='{level_of(practice_id, role_id)}']").check()
        if reason:
            page.locator(f"textarea[name='rationale__{practice_id}__{role_id}']").fill(reason)
    page.locator(f"form#{form_id} button[type=submit]").last.click()


@pytest.fixture
def seeded(live_server):
    app = live_server.app
    made = factory.exploration(
        app,
        "in_progress",
        respondents=[
            {
                "default": 3,
                "levels": {("open", "leadership"): 4},
                "comments": {"open": SECRET_COMMENT},
            }
        ]
        * 3,
    )
    lead = factory.staff_account(app, "editor", name="Léa Responsable")
    member = factory.staff_account(app, "editor", name="Marc Membre")
    factory.team_member(app, made.id, lead, "lead")
    factory.team_member(app, made.id, member, "member")
    return {
        "made": made,
        "lead": factory.staff_email(app, lead),
        "member": factory.staff_email(app, member),
    }


@pytest.fixture
def member(browser, live_server):
    yield from _new_page(browser, live_server)


@pytest.fixture
def lead(browser, live_server):
    yield from _new_page(browser, live_server)


@pytest.fixture
def partner(browser, live_server):
    yield from _new_page(browser, live_server, accept_downloads=True)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_rate_reconcile_recommend_prioritize_publish_download(member, lead, partner, seeded, lang):
    made = seeded["made"]
    base = f"/{lang}/staff/requests/{made.id}/outcome"

    # Two members rate; the second one sees the first's ratings only after rating every cell.
    sign_in(member, seeded["member"], lang)
    member.goto(f"{base}/my-rating")
    check(member)
    rate_every_cell(
        member, "rating-form", lambda p, r: 1 if (p, r) == ("open", "leadership") else 2
    )
    member.wait_for_url(at(base))
    check(member)

    sign_in(lead, seeded["lead"], lang)
    lead.goto(f"{base}/my-rating")
    assert "Marc Membre" not in lead.content()
    rate_every_cell(lead, "rating-form", lambda p, r: 3)
    lead.goto(f"{base}/my-rating")
    assert "Marc Membre" in lead.content()
    check(lead)

    # The lead reconciles: the cell where the two differ by two levels comes first.
    lead.goto(f"{base}/reconcile")
    assert lead.locator(".cell-rating").first.get_attribute("id") == "cell-open-leadership"
    check(lead)
    rate_every_cell(lead, "reconcile-form", lambda p, r: 2, reason="Vu en entrevue")
    lead.wait_for_url(at(base))
    check(lead)  # the comparison, with a blind spot on open x leadership (self 4, CDS 2)
    assert lead.locator(".flag-blind_spot").count() >= 1

    lead.goto(f"{base}/findings")
    lead.locator("#open-helps").fill("Une communauté de pratique active")
    lead.locator("form[action$='/findings/open'] button[type=submit]").click()
    check(lead)

    for n, title in enumerate(TITLES):
        lead.goto(f"{base}/recommendations/new")
        lead.locator("#title").fill(title)
        lead.locator("#description").fill(f"Pourquoi : {title}")
        lead.locator("input[name=practices][value=open]").check()
        lead.locator(f"input[name=horizon][value={('now', 'next', 'later')[n]}]").check()
        lead.locator("input[name=effort][value=small]").check()
        lead.locator("input[name=impact][value=large]").check()
        lead.locator("input[name=carrier][value=partner]").check()
        if n == 0:
            check(lead)
        lead.locator("form#recommendation-form button[type=submit]").last.click()
        lead.wait_for_url(at(base))
    lead.locator("form[action$='/outcome/workshop'] button[type=submit]").click()
    lead.wait_for_url(at(base))
    check(lead)

    # The partner lead orders the drafts (no JavaScript needed: selects) and asks for help.
    partner.goto(f"/{lang}/request/{made.token}/")
    partner.locator(f"a[href$='/request/{made.token}/recommendations']").click()
    check(partner)
    selects = partner.locator("select[name^=position_]")
    names = [selects.nth(i).get_attribute("name") for i in range(3)]
    for name, position in zip(names, ("3", "1", "2"), strict=True):
        partner.locator(f"select[name={name}]").select_option(position)
    partner.locator(f"input[name=help_{names[1].split('_')[1]}]").check()
    partner.locator(f"textarea[name=comment_{names[0].split('_')[1]}]").fill("Plus tard pour nous")
    partner.locator("form#priorities-form button[type=submit]").last.click()
    partner.wait_for_url(re.compile(r".*/recommendations$"))
    check(partner)

    # Staff see both orders, keep the partner's, publish.
    lead.goto(f"{base}/order")
    assert "Plus tard pour nous" in lead.content()
    check(lead)
    for name, position in zip(names, ("3", "1", "2"), strict=True):
        lead.locator(f"select[name={name}]").select_option(position)
    lead.locator("form#order-form button[type=submit]").last.click()
    lead.wait_for_url(at(base))
    lead.locator("form[action$='/outcome/publish'] button[type=submit]").click()
    lead.wait_for_url(at(base))
    check(lead)
    lead.goto("/" + lang + "/staff/recommendations")
    assert TITLES[1] in lead.content()  # the partner asked for CDS's help
    check(lead)

    # The partner lead downloads the report in their language, and reads its web twin.
    partner.goto(f"/{lang}/request/{made.token}/")
    check(partner)
    with partner.expect_download() as download:
        partner.locator(f"a[href$='/report-{lang}.pdf']").click()
    data = Path(download.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    for practice in FRAMEWORK.practices:
        assert " ".join(practice.questions[0][lang].split()) in text
    order = [
        text.index(f"{n}. {title}")  # the summary lists them all, in the final order
        for n, title in ((1, TITLES[1]), (2, TITLES[2]), (3, TITLES[0]))
    ]
    assert order == sorted(order)
    assert SECRET_COMMENT not in text
    partner.goto(f"/{lang}/request/{made.token}/report")
    check(partner)
    assert SECRET_COMMENT not in partner.content()
