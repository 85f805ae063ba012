"""One URL per language, and a language toggle that always leads to the twin page."""

from __future__ import annotations

import re

import pytest

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


def test_each_language_gets_its_own_compiled_pages_with_the_fixed_text_translated(app, client):
    """Fixed interface text is translated when a template is compiled for a language; one app
    serving both languages in turn never mixes them up, and text with values to fill in is
    still translated as the page renders."""
    for _ in range(2):
        french = html(client.get("/fr/request/organization"))
        english = html(client.get("/en/request/organization"))
        assert "Passer au contenu principal" in french  # base.html, fixed text
        assert "Skip to main content" not in french
        assert "Skip to main content" in english
        assert "Passer au contenu principal" not in english
        assert "Étape 2 sur 7" in french  # filled in at run time
        assert "Step 2 of 7" in english
    assert set(app.jinja_env.by_language) == {"en", "fr"}


def test_fixed_text_folding_gives_what_the_run_time_call_gives(app):
    """A page compiled for a language holds its fixed text already translated, as page text
    and as a macro argument (a field's hint), and shows what the run-time `_()` shows."""
    from flask import g

    source = (
        "{% macro hint(text) %}<p>{{ text }}</p>{% endmacro %}"
        '{{ _("Skip to main content") }}|{{ hint(_("Back")) }}|'
        '{{ _("Step %(number)d of %(total)d", number=2, total=7) }}'
    )
    for lang in ("en", "fr"):
        with app.test_request_context(f"/{lang}/"):
            g.lang = lang
            compiled = app.jinja_env.for_language(lang)
            folded = compiled.from_string(source).render()
            run_time = app.jinja_env.from_string(source).render()
            code = compiled.compile(source, raw=True)
        assert folded == run_time
    assert "Passer au contenu principal" in code and "Retour" in code
    assert "Étape" not in code  # a text with values is translated as the page renders
    assert folded.split("|")[1] == "<p>Retour</p>"
