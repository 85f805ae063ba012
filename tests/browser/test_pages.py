"""The front door and the error pages in a real browser: accessible (axe), valid (vnu),
usable with the keyboard, and with a language toggle that lands on the twin page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, assert_valid_html

pytestmark = pytest.mark.browser


def _submit_form_without_token(page, action: str) -> None:
    """Post an empty form the way a browser does, with no CSRF token in it."""
    with page.expect_navigation():
        page.evaluate(
            """(action) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = action;
                document.body.append(form);
                form.submit();
            }""",
            action,
        )


def test_splash_page(page):
    response = page.goto("/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="English").get_attribute("href") == "/en/"
    assert page.get_by_role("link", name="Français").get_attribute("href") == "/fr/"
    assert_accessible(page)
    assert_valid_html(page)


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "Explore the conditions for better digital services"),
        ("fr", "Explorer les conditions de meilleurs services numériques"),
    ],
)
def test_home_page(page, lang, heading):
    response = page.goto(f"/{lang}/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert_accessible(page)
    assert_valid_html(page)


@pytest.mark.parametrize(
    ("lang", "title", "other_title"),
    [
        ("en", "We could not find that page", "Nous n’avons pas trouvé cette page"),
        ("fr", "Nous n’avons pas trouvé cette page", "We could not find that page"),
    ],
)
def test_not_found_page(page, lang, title, other_title):
    response = page.goto(f"/{lang}/no-such-page")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert page.get_by_role("heading", level=2, name=other_title).is_visible()
    assert_accessible(page)
    assert_valid_html(page)


def test_method_not_allowed_page(page):
    response = page.goto("/en/probe/post-only")
    assert response.status == 405
    assert "POST" in response.headers["allow"]
    assert page.get_by_role("heading", level=1).inner_text() == "This action is not allowed here"
    assert_accessible(page)
    assert_valid_html(page)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_form_without_csrf_token_gets_the_bilingual_400_page(page, lang):
    page.goto(f"/{lang}/probe/form")
    _submit_form_without_token(page, f"/{lang}/probe/form")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("section[lang=en] h1, section[lang=en] h2").inner_text() == (
        "Your request could not be processed"
    )
    assert page.locator("section[lang=fr] h1, section[lang=fr] h2").inner_text() == (
        "Votre demande n’a pas pu être traitée"
    )
    assert_accessible(page)
    assert_valid_html(page)


def test_form_components_and_error_summary(page):
    """The shared field macros and the error summary, on the test-only probe form."""
    page.goto("/en/probe/form")
    assert_accessible(page)
    assert_valid_html(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    summary = page.locator("[data-error-summary]")
    # app.js moves focus to the summary so that it is read first.
    assert summary.evaluate("element => element === document.activeElement")
    summary.get_by_role("link", name="Enter a name.").click()
    assert page.evaluate("() => document.activeElement.id") == "name"
    assert page.get_by_label("Name").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    assert_valid_html(page)


@pytest.mark.parametrize(("lang", "other"), [("en", "fr"), ("fr", "en")])
def test_language_toggle_goes_to_the_twin_page(page, lang, other):
    page.goto(f"/{lang}/no-such-page?ref=1")
    toggle = page.locator(".lang-toggle a")
    assert toggle.get_attribute("lang") == other
    with page.expect_navigation():
        toggle.click()
    assert page.url.endswith(f"/{other}/no-such-page?ref=1")
    assert page.locator("html").get_attribute("lang") == other

    page.goto(f"/{lang}/")
    with page.expect_navigation():
        page.locator(".lang-toggle a").click()
    assert page.url.endswith(f"/{other}/")
    assert page.locator("html").get_attribute("lang") == other


@pytest.mark.parametrize("fixture", ["page", "js_off_page"])
def test_skip_link_works_with_the_keyboard(request, fixture):
    page = request.getfixturevalue(fixture)
    page.goto("/en/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link a")
    assert skip.evaluate("element => element === document.activeElement")
    # Hidden until focused, then on screen for sighted keyboard users.
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    assert skip.inner_text() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main-content")
    assert page.evaluate("() => document.activeElement.id") == "main-content"
    # The next Tab continues from the main content, not from the header.
    page.keyboard.press("Tab")
    assert page.evaluate(
        """() => {
            const main = document.getElementById("main-content");
            const active = document.activeElement;
            return main.contains(active)
                || !!(main.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )


def test_pages_work_without_javascript(js_off_page):
    page = js_off_page
    response = page.goto("/fr/")
    assert response.status == 200
    with page.expect_navigation():
        page.locator(".lang-toggle a").click()
    assert page.url.endswith("/en/")
    page.goto("/en/probe/form")
    page.get_by_label("Name").fill("Ada")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert "saved=Ada" in page.url
    assert page.get_by_role("status").inner_text() == "Saved: Ada"


def test_error_page_for_an_untrusted_host(page, live_server):
    """Without a URL adapter the error page has its own minimal layout: still valid,
    accessible and bilingual."""
    response = live_server.app.test_client().get("/fr/", headers={"Host": "attacker.example"})
    assert response.status_code == 400
    source = response.get_data(as_text=True)
    assert_valid_html(source)
    page.goto("/")  # same origin, so the page's stylesheets load
    page.set_content(source)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Votre demande n’a pas pu être traitée"
    )
    assert_accessible(page)
