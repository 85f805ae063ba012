"""The front door: a bilingual splash page and a home page per language, each with the GC
header, a language toggle to the twin page, a skip link and a footer."""

from __future__ import annotations

import re

import pytest

from tests.conftest import html
from tests.markup import link_targets, parse


def test_splash_offers_both_languages(client):
    response = client.get("/")
    assert response.status_code == 200
    page = html(response)
    assert {"/en/", "/fr/"} <= set(link_targets(page))
    assert 'lang="fr"' in page and '<html lang="en">' in page
    assert "Service numérique canadien" in page and "Canadian Digital Service" in page


@pytest.mark.parametrize(
    ("lang", "other", "title", "week_title"),
    [
        (
            "en",
            "fr",
            "Explore the conditions for better digital services - Exploration - CDS",
            "Discussions with stakeholders",
        ),
        (
            "fr",
            "en",
            "Explorer les conditions de meilleurs services numériques - Exploration - SNC",
            "Discussions avec les parties prenantes",
        ),
    ],
)
def test_home_page_in_each_language(client, lang, other, title, week_title):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    page = html(response)
    assert f'<html lang="{lang}">' in page
    assert f"<title>{title}</title>" in page
    assert re.search(rf'href="/{other}/"[^>]*lang="{other}"', page)
    assert "#main-content" in link_targets(page) and parse(page).xpath("//*[@id='main-content']")
    assert "<footer" in page and f"sig-blk-{lang}.svg" in page
    assert week_title in page
    assert ("18 to 36 hours" if lang == "en" else "18 à 36 heures") in page


def test_unknown_language_prefix_is_not_found(client):
    assert client.get("/de/").status_code == 404


def test_static_assets_are_self_hosted(client):
    page = html(client.get("/en/"))
    for href in re.findall(r'(?:href|src)="([^"#]+)"', page):
        assert not href.startswith(("http://", "https://", "//")), href
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200, asset


@pytest.mark.parametrize("path", ["/", "/en/", "/fr/"])
def test_front_pages_carry_a_fresh_nonce_each_time(client, path):
    """Each response gets its own CSP nonce, the one its header names, and the same text
    around it."""
    pages = [client.get(path) for _ in range(3)]
    nonces = []
    for page in pages:
        assert page.status_code == 200
        header = re.search(r"'nonce-([^']+)'", page.headers["Content-Security-Policy"]).group(1)
        in_page = set(re.findall(r'nonce="([^"]+)"', html(page)))
        assert in_page <= {header}
        nonces.append(header)
    assert len(set(nonces)) == 3
    texts = {re.sub(r'nonce="[^"]+"', "", html(page)) for page in pages}
    assert len(texts) == 1


def test_home_page_with_a_query_string_keeps_it_in_the_language_toggle(client):
    client.get("/en/")
    page = html(client.get("/en/?from=newsletter"))
    assert "/fr/?from=newsletter" in link_targets(page)
    assert 'href="/fr/?from=newsletter"' not in html(client.get("/en/"))
