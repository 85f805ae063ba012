"""The security baseline on every kind of response: headers (CSP with a nonce, no sniffing,
no framing, HSTS, no caching of pages), CSRF, trusted hosts, body size, methods, cookies, and
bilingual error pages that never show a stack trace."""

from __future__ import annotations

import logging
import re

import pytest

from tests import probe
from tests.conftest import Client, html
from tests.markup import field_error, link_targets, parse

NONCE_RE = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9_\-]{16,})'")
EN_400 = "Your request could not be processed"
FR_400 = "Votre demande n’a pas pu être traitée"


@pytest.fixture
def probe_client(app) -> Client:
    """A client for an app that also has the test-only probe form (tests/probe.py)."""
    app.register_blueprint(probe.bp)
    app.test_client_class = Client
    return app.test_client()  # type: ignore[return-value]


def assert_security_headers(response, *, cacheable: bool = False) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert NONCE_RE.search(csp), csp
    for directive in (
        "default-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
        "form-action 'self'",
    ):
        assert directive in csp, (directive, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") in {"no-referrer", "same-origin"}
    assert headers.get("X-Frame-Options") == "DENY"
    hsts = re.fullmatch(
        r"max-age=(\d+); includeSubDomains", headers.get("Strict-Transport-Security", "")
    )
    assert hsts and int(hsts.group(1)) >= 31536000, headers.get("Strict-Transport-Security")
    if cacheable:
        assert "no-store" not in headers.get("Cache-Control", "")
    else:
        assert headers.get("Cache-Control") == "no-store"


def assert_bilingual_error(response, status: int, lang: str) -> str:
    """An error page in the URL's language first, then the other one, without a trace."""
    assert response.status_code == status
    assert response.mimetype == "text/html"
    page = html(response)
    other = "fr" if lang == "en" else "en"
    assert f'<html lang="{lang}">' in page
    assert re.search(rf'<section class="error-block" lang="{lang}">\s*<h1>', page)
    assert re.search(rf'<section class="error-block" lang="{other}">\s*<h2>', page)
    assert f"Error {status}" in page and f"Erreur {status}" in page
    for leak in ("Traceback", 'File "', "werkzeug", "sqlalchemy", "probe:"):
        assert leak not in page
    return page


# --- headers on every kind of response ---------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/en/", 200),
        ("GET", "/fr/", 200),
        ("GET", "/en/probe/form", 200),
        ("GET", "/en", 308),
        ("GET", "/en/no-such-page", 404),
        ("GET", "/static/no-such-file.css", 404),
        ("POST", "/en/", 405),
        ("POST", "/fr/probe/form", 400),
        ("GET", "/en/probe/boom", 500),
    ],
)
def test_every_response_carries_the_security_headers(probe_client, method, url, status):
    response = probe_client.open(url, method=method)
    assert response.status_code == status
    assert_security_headers(response)


def test_static_files_carry_the_headers_and_may_be_cached(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert_security_headers(response, cacheable=True)
    assert response.headers["Cache-Control"] == "no-cache"
    etag = response.headers["ETag"]
    again = client.get("/static/css/app.css", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert_security_headers(again, cacheable=True)


def test_redirect_after_a_post_carries_the_headers(probe_client):
    response = probe_client.submit("/en/probe/form", {"name": "Ada"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/en/probe/form?saved=Ada")
    assert_security_headers(response)


def test_the_nonce_is_fresh_for_each_response_and_used_by_the_page_scripts(client):
    nonces = []
    for _ in range(2):
        response = client.get("/en/")
        nonce = NONCE_RE.search(response.headers["Content-Security-Policy"]).group(1)
        scripts = re.findall(r"<script\b[^>]*>", html(response))
        assert scripts, "the page should load app.js"
        for tag in scripts:
            assert f'nonce="{nonce}"' in tag, tag
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_pages_have_no_inline_styles(client):
    """The CSP refuses inline styles, so none may be relied on."""
    for url in ("/", "/en/", "/fr/", "/en/no-such-page"):
        page = html(client.get(url))
        assert "<style" not in page and " style=" not in page, url


# --- CSRF ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "first", "second"), [("en", EN_400, FR_400), ("fr", FR_400, EN_400)]
)
def test_post_without_csrf_token_is_refused_with_a_bilingual_page(
    probe_client, lang, first, second
):
    response = probe_client.post(f"/{lang}/probe/form", data={"name": "Ada"})
    page = assert_bilingual_error(response, 400, lang)
    assert f"<h1>{first}</h1>" in page and f"<h2>{second}</h2>" in page
    assert f"<title>{first} - Exploration - " in page


def test_post_with_a_forged_csrf_token_is_refused(probe_client):
    probe_client.get("/en/probe/form")
    response = probe_client.post("/en/probe/form", data={"name": "Ada", "csrf_token": "x" * 40})
    assert_bilingual_error(response, 400, "en")


def test_post_with_the_page_token_is_accepted(probe_client):
    response = probe_client.submit("/fr/probe/form", {"name": "Ada"})
    assert response.status_code == 303


def test_bad_input_is_a_4xx_with_the_message_next_to_the_field(probe_client):
    response = probe_client.submit("/en/probe/form", {"name": "x" * 21})
    assert response.status_code == 400
    page = html(response)
    assert "<title>Error: Probe form - Exploration - CDS</title>" in page
    assert link_targets(page, "Enter 20 characters or fewer.") == ["#name"]
    assert field_error(page, "name") == "Error: Enter 20 characters or fewer."
    assert parse(page).xpath("//*[@id='name']/@aria-invalid") == ["true"]
    # What was typed is shown again, not lost.
    assert 'value="' + "x" * 21 + '"' in page


def test_control_characters_are_refused(probe_client):
    response = probe_client.submit("/en/probe/form", {"name": "Ada\x07"})
    assert response.status_code == 400
    assert "Remove the special control characters." in html(response)


def test_two_values_for_a_one_value_field_are_refused(probe_client):
    from werkzeug.datastructures import MultiDict

    token = probe_client.csrf_token("/fr/probe/form")
    response = probe_client.post(
        "/fr/probe/form",
        data=MultiDict([("csrf_token", token), ("name", "Ada"), ("name", "Grace")]),
    )
    assert response.status_code == 400
    assert "Donnez une seule réponse à cette question." in html(response)


def test_base_form_tells_a_malformed_post(app):
    from werkzeug.datastructures import MultiDict

    with app.test_request_context("/en/probe/form", method="POST"):
        one = probe.ProbeForm(formdata=MultiDict([("name", "Ada")]), meta={"csrf": False})
        two = probe.ProbeForm(
            formdata=MultiDict([("name", "Ada"), ("name", "Grace")]), meta={"csrf": False}
        )
        assert one.validate() and not one.malformed
        assert not two.validate() and two.malformed
        assert two.error_list == [("name", "Give one answer only for this question.")]


# --- hosts, sizes, methods ---------------------------------------------------------------


@pytest.mark.parametrize(("method", "lang"), [("GET", "en"), ("GET", "fr"), ("POST", "fr")])
def test_forged_host_header_gets_a_400_page(probe_client, caplog, method, lang):
    caplog.set_level(logging.WARNING)
    response = probe_client.open(
        f"/{lang}/probe/form", method=method, headers={"Host": "attacker.example"}
    )
    page = assert_bilingual_error(response, 400, lang)
    assert "attacker.example" not in page
    assert_security_headers(response)
    # An expected refusal, not a crash: nothing logged as an error.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_trusted_hosts_are_served(client):
    assert client.get("/en/", headers={"Host": "127.0.0.1"}).status_code == 200
    assert client.get("/en/", headers={"Host": "localhost:5000"}).status_code == 200


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_body_over_the_limit_gets_the_bilingual_413_page(app, probe_client, lang):
    token = probe_client.csrf_token(f"/{lang}/probe/form")
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = probe_client.post(f"/{lang}/probe/form", data={"csrf_token": token, "name": too_big})
    page = assert_bilingual_error(response, 413, lang)
    assert ("What you sent is too large" if lang == "en" else "trop volumineux") in page
    assert_security_headers(response)


def test_method_not_allowed_lists_the_allowed_methods(probe_client):
    response = probe_client.post("/en/")
    assert_bilingual_error(response, 405, "en")
    assert "GET" in response.headers["Allow"] and "POST" not in response.headers["Allow"]
    response = probe_client.get("/fr/probe/post-only")
    assert_bilingual_error(response, 405, "fr")
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("url", ["/de/", "/EN/", "/de/probe/form", "/xx/no-such-page"])
def test_unknown_language_prefix_is_not_found(probe_client, url):
    response = probe_client.get(url)
    assert response.status_code == 404
    assert "Error 404" in html(response) and "Erreur 404" in html(response)


def test_unexpected_errors_get_a_500_page_without_details(probe_client, caplog):
    response = probe_client.get("/fr/probe/boom")
    page = assert_bilingual_error(response, 500, "fr")
    assert "secret detail" not in page and "RuntimeError" not in page
    # ... while the log keeps what the team needs.
    assert any("RuntimeError" in (r.exc_text or "") or r.exc_info for r in caplog.records)


# --- cookies -------------------------------------------------------------------------------


def _session_cookie(response, name: str = "exploration_session") -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}=")]
    assert cookies, response.headers.getlist("Set-Cookie")
    return cookies[0]


def test_session_cookie_is_httponly_and_samesite_lax(probe_client):
    cookie = _session_cookie(probe_client.get("/en/probe/form"))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert "httponly" in attributes
    assert "samesite=lax" in cookie.lower()
    assert "secure" not in attributes  # development default: plain http on 127.0.0.1


@pytest.mark.app_config(SESSION_COOKIE_SECURE=True)
def test_session_cookie_is_secure_when_configured(probe_client):
    cookie = _session_cookie(probe_client.get("/en/probe/form"))
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax"} <= attributes


def test_production_cookies_are_secure_by_default(monkeypatch):
    from config import load_config

    monkeypatch.setenv("EXPLORATION_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    config = load_config()
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
