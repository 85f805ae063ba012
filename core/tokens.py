"""Capability links: random tokens of 256 bits, stored only as SHA-256 hashes.

A hash of a 256-bit random value needs no salt or slow hash: it cannot be guessed, and a
leaked database does not reveal a working link. Lookups go through the hash index; the final
comparison is constant-time anyway.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 32
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> tuple[str, str]:
    """Return (token for the URL, hash to store)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def looks_like_token(token: str) -> bool:
    """Cheap shape check, so malformed links never reach the database."""
    return bool(_TOKEN_RE.match(token))


def matches(token: str, stored_hash: str | None) -> bool:
    return stored_hash is not None and hmac.compare_digest(hash_token(token), stored_hash)
