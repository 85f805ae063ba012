"""The security baseline, in one place: CSRF, rate limiting, response headers and cookies.

Every response gets the same headers, including downloads and error pages. The CSP allows
scripts only with this request's nonce, so an injected <script> never runs.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter, RouteLimit
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def _public_post_limit() -> str:
    return current_app.config["PUBLIC_POST_LIMIT"]


def _link_miss_limit() -> str:
    return current_app.config["LINK_MISS_LIMIT"]


def _missed(response: Response) -> bool:
    return response.status_code == 404


def public_post_limit(scope: str | None = None) -> RouteLimit:
    """Each POST costs the client a try of PUBLIC_POST_LIMIT (every part of it, e.g. "120 per
    minute;2000 per day"), on its own page or on every page sharing `scope`; out of tries, 429.
    A GET checks and costs nothing."""
    if scope is None:
        return limiter.limit(_public_post_limit, methods=["POST"])
    return limiter.shared_limit(_public_post_limit, scope=scope, methods=["POST"])


def link_miss_limit(scope: str) -> RouteLimit:
    """Guessing private links: each miss (a 404) costs the client a try of LINK_MISS_LIMIT on
    every page of `scope`, and a client out of tries gets 429 on all of them, the pages its
    links would open included. Someone who knows most of a link could otherwise try the rest
    one by one. Opening a good link costs nothing."""
    return limiter.shared_limit(_link_miss_limit, scope=scope, deduct_when=_missed)


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


def init_security(app: Flask) -> None:
    csrf.init_app(app)
    limiter.init_app(app)
    if app.config["ENV_NAME"] == "production" and app.config["RATELIMIT_STORAGE_URI"].startswith(
        "memory://"
    ):
        app.logger.warning(
            "RATELIMIT_STORAGE_URI is memory://: limits are per worker process; use Redis"
        )
    proxies = int(app.config.get("TRUST_PROXY_COUNT", 0) or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        headers["Strict-Transport-Security"] = (
            f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains"
        )
        static = request.path.startswith(app.static_url_path + "/")
        if static and response.status_code in (200, 304):
            # Asset URLs carry no version, so a browser revalidates them on each use: a cheap
            # 304 with the ETag, and never yesterday's stylesheet after an upgrade.
            headers["Cache-Control"] = "no-cache"
            headers.pop("Pragma", None)
        else:
            # Forms, private links and staff pages must never sit in a shared or back cache.
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"
        return response
