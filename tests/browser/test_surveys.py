"""The survey in real Chromium: a respondent completes it in French with the keyboard only
(Tab, arrow keys, Space, Enter), and every page passes axe and the W3C checker, in its normal
and its error states, as do the results pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import g, render_template_string

from surveys import results as survey_results
from tests import factory
from tests.browser.conftest import assert_accessible, assert_valid_html
from tests.surveys.helpers import PRACTICES, ROLES

pytestmark = pytest.mark.browser


def check(page: Any) -> None:
    assert_accessible(page)
    assert_valid_html(page)


def focused(page: Any, selector: str) -> bool:
    return page.evaluate(
        "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
    )


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def press_and_wait(page: Any, key: str) -> Any:
    with page.expect_navigation() as navigation:
        page.keyboard.press(key)
    return navigation.value


def checked_value(page: Any, name: str) -> str | None:
    return page.evaluate(
        "(n) => { const r = document.querySelector(`input[name='${n}']:checked`);"
        " return r ? r.value : null; }",
        name,
    )


def answer_grid_with_keyboard(page: Any, *, skip_last: bool = False) -> None:
    """Tab into each radio group and choose with arrows or Space:
    leadership: ArrowDown twice from level 1 -> level 3;
    capacity: Space on the first radio -> level 1;
    delivery: ArrowUp from the first radio wraps to "don't know"."""
    tab_to(page, "#rating-leadership-1")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert checked_value(page, "rating-leadership") == "3"
    page.keyboard.press("Tab")
    assert focused(page, "#rating-capacity_infrastructure-1")
    page.keyboard.press("Space")
    assert checked_value(page, "rating-capacity_infrastructure") == "1"
    page.keyboard.press("Tab")
    assert focused(page, "#rating-delivery_capability-1")
    if not skip_last:
        page.keyboard.press("ArrowUp")
        assert checked_value(page, "rating-delivery_capability") == "dont_know"


@pytest.fixture
def survey(live_server: Any) -> factory.Made:
    return factory.exploration(live_server.app, survey_open=True)


def test_a_respondent_completes_the_survey_in_french_with_the_keyboard(page, survey, live_server):
    page.goto(f"/fr/survey/{survey.survey_token}")
    assert page.locator("html").get_attribute("lang") == "fr"
    check(page)

    # About you: Tab into the level group and pick "Gestion" with the arrow key.
    tab_to(page, "#level-1")
    page.keyboard.press("ArrowDown")
    assert checked_value(page, "level") == "management"
    tab_to(page, "#start-form button[type=submit]")
    press_and_wait(page, "Enter")
    assert re.search(r"/fr/survey/r/[A-Za-z0-9_-]{43}/", page.url)
    home_url = page.url.split("?")[0]
    check(page)

    tab_to(page, "a.button")
    press_and_wait(page, "Enter")
    assert page.url.endswith("/practice/product_delivery")
    check(page)

    for index, practice_id in enumerate(PRACTICES):
        assert page.url.endswith(f"/practice/{practice_id}")
        if index:
            check(page)
        last = index == len(PRACTICES) - 1
        answer_grid_with_keyboard(page, skip_last=last)  # the last page keeps one blank
        if index == 1:
            # Enter on a radio button saves and continues (never the header's language toggle).
            press_and_wait(page, "Enter")
            assert "/fr/" in page.url and page.url.endswith(f"/practice/{PRACTICES[2]}")
            continue
        tab_to(page, "#comment")
        page.keyboard.type(f"Commentaire n° {index} : équipe")
        if index == 0:
            # Too long: the server refuses it, says why, and keeps everything typed.
            page.keyboard.insert_text("x" * 2000)
            tab_to(page, "#survey-form button[value=continue]")
            response = press_and_wait(page, "Enter")
            assert response.status == 400
            assert page.locator(".error-summary").is_visible()
            assert focused(page, ".error-summary")
            assert checked_value(page, "rating-leadership") == "3"
            check(page)
            tab_to(page, "#comment")
            page.keyboard.press("Control+A")
            page.keyboard.type("Commentaire n° 0 : équipe")
        tab_to(page, "#survey-form button[value=continue]")
        press_and_wait(page, "Enter")

    assert page.url.endswith("/overall")
    check(page)
    tab_to(page, "#overall-1")
    page.keyboard.press("ArrowDown")
    assert checked_value(page, "overall") == "2"
    tab_to(page, "#survey-form button[value=continue]")
    press_and_wait(page, "Enter")

    # Review: one cell is still blank, so submitting shows the error state.
    assert page.url.endswith("/review")
    check(page)
    about_url = page.get_by_role("link", name="Modifier votre domaine").get_attribute("href")
    page.goto(about_url)
    check(page)
    page.go_back()
    tab_to(page, "#review-form button[type=submit]")
    response = press_and_wait(page, "Enter")
    assert response.status == 400
    assert focused(page, ".error-summary")
    check(page)
    tab_to(page, ".error-summary a")
    press_and_wait(page, "Enter")
    assert page.url.endswith("/practice/continuous_improvement#rating-delivery_capability-1")
    tab_to(page, "#rating-delivery_capability-1")
    page.keyboard.press("Space")
    tab_to(page, "#survey-form button[value=continue]")
    press_and_wait(page, "Enter")
    assert page.url.split("#")[0].endswith("/overall")  # a redirect keeps the fragment
    tab_to(page, "#survey-form button[value=continue]")
    press_and_wait(page, "Enter")
    tab_to(page, "#review-form button[type=submit]")
    press_and_wait(page, "Enter")
    assert page.url.split("#")[0].endswith("/done")
    assert page.get_by_role("heading", level=1).inner_text() == "Vos réponses sont envoyées"
    check(page)

    with live_server.app.app_context():
        (person,) = survey_results.individual_answers(survey.id)
    assert person.submitted and person.level == "management"
    assert len(person.ratings) == 18
    assert person.ratings[("open", "leadership")] == 3
    assert person.ratings[("open", "capacity_infrastructure")] == 1
    assert person.ratings[("open", "delivery_capability")] is None
    assert person.ratings[("continuous_improvement", "delivery_capability")] == 1
    assert person.comments["product_delivery"] == "Commentaire n° 0 : équipe"
    assert person.overall_level == 2
    assert home_url.startswith(live_server.url)


def test_the_grid_works_without_javascript(js_off_page, survey):
    page = js_off_page
    page.goto(f"/en/survey/{survey.survey_token}")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Start with the first practice").click()
    for role in ROLES:
        page.locator(f"#rating-{role}-4").check()
    page.get_by_role("button", name="Save and continue").click()
    assert page.url.endswith("/practice/collaboration")
    # The language toggle saves the page, then shows it in French.
    page.locator("#rating-leadership-2").check()
    page.get_by_role("button", name="Français").click()
    assert page.url.endswith("/fr/" + page.url.split("/fr/", 1)[1])
    assert page.locator("#rating-leadership-2").is_checked()


def test_closed_and_conflict_pages_are_accessible(page, survey, live_server):
    page.goto(f"/en/survey/{survey.survey_token}")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Start with the first practice").click()
    practice_url = page.url

    # A second tab of the same respondent saves first: this tab gets the conflict page.
    other = page.context.new_page()
    other.goto(practice_url)
    other.locator("#rating-leadership-1").check()
    # Wait for the save to land before closing the tab: closing a page in the middle of a
    # navigation can leave Chromium and Playwright waiting on each other.
    with other.expect_navigation():
        other.get_by_role("button", name="Save and continue").click()
    other.close()
    page.locator("#rating-leadership-4").check()
    page.locator("#comment").fill("Words from the older tab")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save and continue").click()
    assert navigation.value.status == 409
    assert page.locator("#comment").input_value() == "Words from the older tab"
    check(page)

    # The survey closes: a save is refused (403) and shows what was typed.
    with live_server.app.app_context():
        from core.db import db
        from intake.models import Exploration
        from surveys import service

        service.close_survey(db.get(Exploration, survey.id))
        db.commit()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save what I entered").click()
    assert navigation.value.status == 403
    assert "Words from the older tab" in page.content()
    check(page)
    page.goto(f"/fr/survey/{survey.survey_token}")
    assert page.get_by_role("heading", name="Ce sondage est fermé").is_visible()
    check(page)


def _seed_results(app: Any, survey: dict[str, Any]) -> None:
    """Three submitted respondents with divergent answers and comments."""
    from core.db import db
    from intake.models import Exploration
    from surveys import service

    with app.app_context():
        exploration = db.get(Exploration, survey.id)
        for number, (area, level) in enumerate(
            [("legal", "executive"), ("policy", "working"), (None, None)]
        ):
            respondent, _token = service.start_respondent(exploration, area, level)
            for practice_id in PRACTICES:
                values = {role: 1 + (number * 2 + len(role)) % 4 for role in ROLES}
                values[ROLES[2]] = None if number == 2 else values[ROLES[2]]
                comment = f"Remarque {number} sur {practice_id}"
                service.save_practice(respondent, practice_id, values, comment)
            service.save_overall(respondent, 1 + number, "Dans l’ensemble, ça avance")
            service.submit(respondent)
        db.commit()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_partner_results_page_is_accessible(page, survey, live_server, lang):
    url = f"/{lang}/request/{survey.token}/survey"
    page.goto(url)
    check(page)  # below the threshold: a count only
    assert page.locator(".heat-table").count() == 0
    _seed_results(live_server.app, survey)
    page.goto(url)
    assert page.locator(".heat-table").count() == 1
    assert page.locator(".cell-flag").count() > 0
    check(page)


def test_the_staff_results_macros_are_accessible(page, survey, live_server):
    _seed_results(live_server.app, survey)
    app = live_server.app
    with app.test_request_context("/en/"):
        g.lang = "en"
        results = survey_results.results_for(survey.id, staff=True)
        document = render_template_string(
            '{% extends "surveys/_layout.html" %}'
            '{% from "surveys/_results.html" import results, individual_answers %}'
            "{% block title %}Request{% endblock %}"
            "{% block content %}<h1>Request</h1>"
            "{{ results(aggregate, True) }}{{ individual_answers(respondents) }}"
            "{% endblock %}",
            aggregate=results["aggregate"],
            respondents=results["respondents"],
        )
    assert_valid_html(document)
    page.goto("/en/")
    page.set_content(document)
    assert page.locator(".heat-table").count() == 1
    assert page.locator(".answers-table").count() == 3
    assert_accessible(page)
