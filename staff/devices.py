"""Known devices at sign-in (OWASP's "device cookie"), so strangers cannot lock an owner out.

Failed sign-ins are limited per account, against guessing. Without more, anyone who knows a
staff email could use up that account's tries and keep its owner out. A browser that has signed
in to an account before carries a signed cookie naming that account: its attempts on that
account are not counted with strangers' (they still count against the browser's own address).
The cookie holds the account id and a random nonce, signed with SECRET_KEY; it proves nothing
by itself and opens no session.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

COOKIE = "exploration_device"
LIFETIME = timedelta(days=180)
_SALT = "staff-known-device"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def remember_device(response: Response, account_id: int) -> None:
    """After a successful sign-in: this browser is known for this account."""
    value = _serializer().dumps({"account": account_id, "nonce": secrets.token_urlsafe(8)})
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(LIFETIME.total_seconds()),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Strict",
    )


def known_device_for(account_id: int | None) -> bool:
    """Whether this request comes from a browser that signed in to `account_id` before."""
    raw = request.cookies.get(COOKIE)
    if account_id is None or not raw:
        return False
    try:
        data = _serializer().loads(raw, max_age=int(LIFETIME.total_seconds()))
    except BadSignature:
        return False
    return isinstance(data, dict) and data.get("account") == account_id
