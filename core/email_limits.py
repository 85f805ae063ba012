"""Limits on "Email me a link": per private link and per address (Flask-Limiter), so the
button cannot be used to flood someone's inbox. Keys are hashes: no link or address is ever
kept in the limit storage."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_limiter import RouteLimit

from core.security import limiter
from core.tokens import hash_token


def _email_link_limit() -> str:
    return current_app.config["EMAIL_LINK_LIMIT"]


def email_link_limit(scope: str, key: Callable[[], str]) -> RouteLimit:
    """EMAIL_LINK_LIMIT on POSTs, counted per `key()` (hashed) within `scope`."""
    return limiter.shared_limit(
        _email_link_limit,
        scope=scope,
        key_func=lambda: hash_token(key().strip().lower()),
        methods=["POST"],
    )
