"""The security headers and cookie flags are on every answer: every page of every blueprint
(public, private-link and staff), the downloads, the redirects and every error page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.exc import OperationalError

from tests.robustness.world import build_world, get_rules

REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _check_headers(url: str, response) -> None:
    headers = response.headers
    for name, value in REQUIRED.items():
        assert headers.get(name) == value, (url, name, headers.get(name))
    csp = headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, (url, csp)
    assert re.search(r"script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}'", csp), (url, csp)
    assert "unsafe-inline" not in csp, url
    assert headers.get("Strict-Transport-Security", "").startswith("max-age="), url
    assert headers.get("Permissions-Policy"), url
    if not url.startswith("/static/"):
        assert "no-store" in headers.get("Cache-Control", ""), (url, headers.get("Cache-Control"))
    for cookie in headers.getlist("Set-Cookie"):
        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert "httponly" in flags, (url, cookie)
        assert "secure" in flags, (url, cookie)
        assert "samesite=lax" in flags or "samesite=strict" in flags, (url, cookie)


@pytest.mark.app_config(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
def test_every_route_answers_with_the_security_headers(app):
    world = build_world(app)
    seen: dict[str, int] = {}
    kinds: set[str] = set()
    for rule in get_rules(app):
        for subject in (world.submitted, world.draft):
            url = world.url(rule, subject)
            if url is None or url in seen:
                continue
            for client in (world.partner, world.staff):
                response = client.get(url)
                _check_headers(url, response)
                seen[url] = response.status_code
                kinds.add(response.mimetype)
                if response.mimetype != "text/html" and response.status_code == 200:
                    disposition = response.headers.get("Content-Disposition", "")
                    if "spreadsheet" in response.mimetype or "pdf" in response.mimetype:
                        assert disposition.startswith("attachment"), (url, disposition)
    unbuilt = [rule.rule for rule in get_rules(app) if world.url(rule) is None and "<" in rule.rule]
    assert not unbuilt, f"rules the test cannot build a URL for: {unbuilt}"
    assert "application/pdf" in kinds
    assert any("spreadsheet" in kind for kind in kinds)
    assert {200, 302} <= set(seen.values()) or {200, 303} <= set(seen.values()), seen


@pytest.mark.app_config(SESSION_COOKIE_SECURE=True, MAX_CONTENT_LENGTH=1024)
def test_every_error_page_answers_with_the_security_headers(app):
    world = build_world(app)
    client = world.partner
    answers = {
        404: client.get("/en/no-such-page"),
        405: client.put("/en/"),
        400: client.post(f"/en/request/{world.draft.token}/context", data={"x": "no csrf"}),
        413: client.post(f"/en/request/{world.draft.token}/context", data={"x": "y" * 5000}),
    }
    for code, response in answers.items():
        assert response.status_code == code
        _check_headers(f"error {code}", response)


@pytest.mark.app_config(
    SESSION_COOKIE_SECURE=True, RATELIMIT_ENABLED=True, LINK_MISS_LIMIT="1 per minute"
)
def test_the_rate_limit_page_answers_with_the_security_headers(app):
    from core.security import limiter

    limiter.reset()
    client = app.test_client()
    client.get("/en/request/" + "A" * 43 + "/")
    response = client.get("/en/request/" + "B" * 43 + "/")
    assert response.status_code == 429
    _check_headers("error 429", response)
    limiter.reset()


@pytest.mark.app_config(SESSION_COOKIE_SECURE=True)
def test_the_database_outage_page_answers_with_the_security_headers(app, monkeypatch):
    world = build_world(app)
    url = f"/en/request/{world.draft.token}/context"
    page = world.partner.get(url)
    assert page.status_code == 200
    from sqlalchemy.engine import Engine

    def unavailable(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    # Every way to the database (the request's session, a single read) starts here.
    monkeypatch.setattr(Engine, "connect", unavailable)
    response = world.partner.get(url)
    assert response.status_code == 503
    _check_headers("error 503", response)
    assert response.headers.get("Retry-After")
    # A form posted during the outage comes back with what was typed, and a way to resend it.
    from tests.robustness.world import page_forms

    monkeypatch.undo()
    _page, forms = page_forms(world.partner, url)
    monkeypatch.setattr(Engine, "connect", unavailable)
    typed = "Texte tapé pendant la panne <b>"
    posted = world.partner.post(url, data=dict(forms[0].with_values({"problem": typed})))
    assert posted.status_code == 503
    page = posted.get_data(as_text=True)
    assert "Texte tapé pendant la panne &lt;b&gt;" in page
    assert "Le service est brièvement indisponible" in page
    assert 'name="csrf_token"' in page and 'name="submission_key"' in page
