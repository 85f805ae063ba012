"""The partner's private link: a capability URL that opens one request and nothing else.

Only the SHA-256 hash of the token is stored (core.tokens). An unknown, malformed or revoked
token gets exactly the 404 of a missing page, so a link cannot be told apart from a typo.
Staff revoke a link by issuing a new one (the old hash is overwritten) or by clearing the hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from flask import abort, current_app, has_request_context, session, url_for
from sqlalchemy import bindparam, select

from core.db import db
from core.tokens import hash_token, looks_like_token, matches, new_token
from intake.models import Exploration

log = logging.getLogger(__name__)

# The host of the links when SERVER_NAME is not set (development, and the demo).
DEVELOPMENT_HOST = "127.0.0.1:5000"

# Built once: every page of a request looks itself up this way.
_BY_PARTNER_HASH = select(Exploration).where(
    Exploration.partner_token_hash == bindparam("token_hash")
)


def find_by_partner_token(token: str) -> Exploration | None:
    """The request a token opens, or None (malformed tokens never reach the database)."""
    if not isinstance(token, str) or not looks_like_token(token):
        return None
    exploration = db.scalars(_BY_PARTNER_HASH, {"token_hash": hash_token(token)}).first()
    if exploration is None or not matches(token, exploration.partner_token_hash):
        return None
    return exploration


def exploration_for_partner_token(token: str) -> Exploration:
    """The request behind a private link, whatever its status (a draft too), or 404."""
    exploration = find_by_partner_token(token)
    if exploration is None:
        abort(404)
    return exploration


def issue_partner_link(exploration: Exploration) -> str:
    """Give the request a new private link and return its token; the old link stops working.

    The caller commits. The token is shown once and never stored.
    """
    token, token_hash = new_token()
    exploration.partner_token_hash = token_hash
    return token


def creation_token(submission_key: str) -> str:
    """The private link token for a draft created by the form that carried `submission_key`.

    Derived with the app's secret from the form's random key and this browser session's CSRF
    secret, so a double-clicked or retried first post finds the draft it already created
    instead of creating a second one, while nobody else (another session, or anyone without
    the server's secret) can derive it. 256 bits, the same shape as core.tokens.new_token().
    """
    secret = str(current_app.config["SECRET_KEY"]).encode()
    binding = str(session.get("csrf_token", ""))
    message = f"partner-link|{binding}|{submission_key}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def partner_url(token: str) -> str:
    """The absolute private link to the partner's page, in the current language."""
    return url_for("intake.partner_page", token=token, _external=True)


@contextmanager
def links_outside_a_request(what: str | None = None) -> Iterator[None]:
    """Let url_for build absolute links from the scheduler or the command line (emails sent
    outside any request): SERVER_NAME names the service's host (README), else the development
    server's, with a warning that `what` (the service's own emails) link there. The demo's
    emails, never sent, link to the development server without a warning."""
    if has_request_context():
        yield
        return
    config = current_app.config
    host = config.get("SERVER_NAME")
    if not host:
        if what:
            log.warning("SERVER_NAME is not set: %s link to %s", what, DEVELOPMENT_HOST)
        host = DEVELOPMENT_HOST
    base = f"{config.get('PREFERRED_URL_SCHEME') or 'http'}://{host}"
    with current_app.test_request_context("/", base_url=base):
        yield
