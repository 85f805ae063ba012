"""The security baseline, in one place: CSRF, rate limiting, response headers and cookies.

Every response gets the same headers, including downloads and error pages. The CSP allows
scripts only with this request's nonce, so an injected <script> never runs.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from limits import RateLimitItem, parse
from werkzeug.exceptions import NotFound, TooManyRequests
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
View = TypeVar("View", bound=Callable[..., Any])


@functools.lru_cache(maxsize=8)
def _limit_item(text: str) -> RateLimitItem:
    return parse(text)


def limit_public_posts(scope: str | None = None) -> Callable[[View], View]:
    """Each POST costs the client a try of PUBLIC_POST_LIMIT, on its own page (the endpoint)
    or on every page sharing `scope`; out of tries, 429. A GET checks and costs nothing.

    One storage increment per POST, under the key Flask-Limiter would give it (see
    limit_link_misses for why not Flask-Limiter's decorator).
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def limited(*args: Any, **kwargs: Any) -> Any:
            if request.method == "POST" and limiter.enabled:
                item = _limit_item(current_app.config["PUBLIC_POST_LIMIT"])
                if not limiter.limiter.hit(item, get_remote_address(), scope or request.endpoint):
                    raise TooManyRequests()
            return view(*args, **kwargs)

        return limited  # type: ignore[return-value]

    return decorate


def limit_link_misses(scope: str) -> Callable[[View], View]:
    """Guessing private links: each miss (a 404) costs the client a try of LINK_MISS_LIMIT, and
    a client out of tries gets 429 on every page of `scope`, the pages its links would open
    included. Someone who knows most of a link could otherwise try the rest one by one.

    The count lives in the limiter's storage (Redis when deployed), under the key Flask-Limiter
    would give it. The check is one storage read and a miss one increment: Flask-Limiter's own
    decorator evaluates every limit of the app on each request, and on a form page under load
    that cost more than building the form.
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def limited(*args: Any, **kwargs: Any) -> Any:
            if not limiter.enabled:
                return view(*args, **kwargs)
            item = _limit_item(current_app.config["LINK_MISS_LIMIT"])
            client = get_remote_address()
            if not limiter.limiter.test(item, client, scope):
                raise TooManyRequests()
            try:
                return view(*args, **kwargs)
            except NotFound:
                limiter.limiter.hit(item, client, scope)
                raise

        return limited  # type: ignore[return-value]

    return decorate


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
