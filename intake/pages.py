"""The public front door: the bilingual splash page and the home page in each language.

Both pages are the same for everyone who asks in a given language, and the home page is the
most visited page of the service. So each is rendered once per worker process and language
and served from memory after that; only the CSP nonce changes from one response to the next.
A query string (which the language toggle carries over) or a template auto-reload setting
(development) bypasses the copy.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from flask import Blueprint, current_app, g, render_template, request, url_for

from core.security import csp_nonce
from intake.reference import WEEKS
from surveys.framework import FRAMEWORK

bp = Blueprint("pages", __name__)

# Stands for the nonce in a stored page: random, so no page text can contain it by chance.
_NONCE_SLOT = "nonce-slot-" + secrets.token_hex(16)


def served_from_memory(key: str, render: Callable[[], str]) -> str:
    """The page `render` makes, rendered at most once per process for `key`, the language and
    the application root; each response gets this request's own nonce."""
    if request.query_string or current_app.jinja_env.auto_reload:
        return render()
    pages: dict[tuple[str, str | None, str], str] = current_app.extensions.setdefault(
        "pages_in_memory", {}
    )
    slot = (key, g.get("lang"), request.script_root)
    page = pages.get(slot)
    if page is None:
        own_nonce = g.pop("csp_nonce", None)
        g.csp_nonce = _NONCE_SLOT
        try:
            page = pages[slot] = render()
        finally:
            g.pop("csp_nonce")
            if own_nonce is not None:
                g.csp_nonce = own_nonce
    return page.replace(_NONCE_SLOT, csp_nonce())


@bp.get("/")
def splash() -> str:
    return served_from_memory("splash", lambda: render_template("pages/splash.html"))


@bp.get("/<any(en,fr):lang>/")
def home() -> str:
    start_url = url_for("intake.start")
    return served_from_memory(
        "home",
        lambda: render_template(
            "pages/home.html",
            weeks=WEEKS,
            practices=[p.name for p in FRAMEWORK.practices],
            roles=[r.name for r in FRAMEWORK.roles],
            start_url=start_url,
        ),
    )
