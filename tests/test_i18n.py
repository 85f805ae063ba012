"""One URL per language, and a language toggle that always leads to the twin page."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string
from lxml import html as lxml_html

from tests.conftest import html

TOGGLE_RE = re.compile(r'<div class="lang-toggle">.*?<a href="([^"]*)"', re.S)


def toggle_href(response) -> str:
    match = TOGGLE_RE.search(html(response))
    assert match, "no language toggle link on the page"
    return match.group(1).replace("&amp;", "&")


@pytest.mark.parametrize(
    ("url", "status", "twin"),
    [
        ("/en/", 200, "/fr/"),
        ("/fr/", 200, "/en/"),
        ("/en/?a=1&a=2&b=%C3%A9", 200, "/fr/?a=1&a=2&b=%C3%A9"),
        # A query argument named like a URL part must not break the page.
        ("/en/?lang=de", 200, "/fr/?lang=de"),
        ("/fr/no-such-page?ref=x", 404, "/en/no-such-page?ref=x"),
        ("/en/caf%C3%A9", 404, "/fr/caf%C3%A9"),
        ("/en/100%25", 404, "/fr/100%25"),
    ],
)
def test_toggle_leads_to_the_twin_page(client, url, status, twin):
    response = client.get(url)
    assert response.status_code == status
    assert toggle_href(response) == twin


def test_toggle_link_names_the_other_language_in_that_language(client):
    page = html(client.get("/en/"))
    assert re.search(r'<a href="/fr/" lang="fr" hreflang="fr">Français</a>', page)
    page = html(client.get("/fr/"))
    assert re.search(r'<a href="/en/" lang="en" hreflang="en">English</a>', page)


@pytest.mark.parametrize(("lang", "text"), [("en", "Skip to main content"), ("fr", "Passer au")])
def test_interface_strings_follow_the_url(client, lang, text):
    page = html(client.get(f"/{lang}/"))
    assert f'<html lang="{lang}">' in page
    assert text in page


def test_splash_page_is_bilingual_whatever_the_browser_prefers(client):
    for accept in ("fr-CA,fr;q=0.9", "en-CA"):
        page = html(client.get("/", headers={"Accept-Language": accept}))
        assert '<section lang="en">' in page and '<section lang="fr">' in page


def test_one_app_serves_both_languages_in_turn_without_mixing_them(client):
    """The same templates give French text on a French page and English on an English one,
    whichever was asked for first: the language is the request's, not the template's."""
    for _ in range(2):
        french = lxml_html.fromstring(html(client.get("/fr/request/organization")))
        english = lxml_html.fromstring(html(client.get("/en/request/organization")))
        assert french.xpath("string(//a[@href='#main-content'])").strip() == (
            "Passer au contenu principal"
        )
        assert english.xpath("string(//a[@href='#main-content'])").strip() == (
            "Skip to main content"
        )
        assert french.xpath("string(//p[@class='step-count'])") == "Étape 2 sur 7"
        assert english.xpath("string(//p[@class='step-count'])") == "Step 2 of 7"


def render_in(app, lang: str, source: str, **context) -> str:
    """`source` rendered as a page of `lang` would render it (the URL names the language)."""
    with app.test_request_context(f"/{lang}/"):
        return render_template_string(source, **context)


def test_template_text_is_translated_from_the_catalogue_as_the_page_renders(app):
    """One compiled template, rendered for each language in turn, reads the catalogue each
    time: nothing is translated once and kept."""
    template = app.jinja_env.from_string('<p>{{ _("Skip to main content") }}</p>')
    shown = {}
    for lang in ("fr", "en", "fr"):
        with app.test_request_context(f"/{lang}/"):
            shown.setdefault(lang, set()).add(template.render())
    assert shown == {
        "fr": {"<p>Passer au contenu principal</p>"},
        "en": {"<p>Skip to main content</p>"},
    }


def test_a_translated_string_with_values_has_them_filled_in_and_escaped(app):
    source = (
        '<p id="step">{{ _("Step %(number)d of %(total)d", number=3, total=7) }}</p>'
        '<p id="note">{{ _("on %(document)s", document=name) }}</p>'
    )
    page = lxml_html.fromstring(render_in(app, "fr", source, name="<b>Plan & budget</b>"))
    assert page.xpath("string(//p[@id='step'])") == "Étape 3 sur 7"
    assert page.xpath("string(//p[@id='note'])") == "sur <b>Plan & budget</b>"
    assert not page.xpath("//b"), "a value filled into a translation must be escaped"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        # French counts 0 and 1 as singular, English only 1.
        ("fr", ["0 heure", "1 heure", "2 heures"]),
        ("en", ["0 hours", "1 hour", "2 hours"]),
    ],
)
def test_ngettext_picks_the_plural_form_of_the_language(app, lang, expected):
    source = (
        '{% for n in counts %}<li>{{ ngettext("%(num)d hour", "%(num)d hours", n) }}</li>'
        "{% endfor %}"
    )
    page = lxml_html.fromstring(f"<ul>{render_in(app, lang, source, counts=[0, 1, 2])}</ul>")
    assert [li.text_content() for li in page.xpath("//li")] == expected
