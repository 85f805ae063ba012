"""Where sign-in may send someone afterwards: only a path on this site, never elsewhere.

The `next` parameter comes from the query string, so anyone can write it. Browsers read
`//host`, `/\\host` and `\\\\host` as other sites, and some servers decode `%2F` or `%5C`
before routing, so a value is accepted only when it and every decoding of it start with one
slash followed by something that is neither a slash nor a backslash, and hold no backslash,
control character or scheme.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

MAX_NEXT_LENGTH = 2000
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")


def _safe_form(value: str) -> bool:
    if _UNSAFE_CHARS.search(value):
        return False
    if not value.startswith("/") or value.startswith("//"):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc


def safe_next(value: object) -> str | None:
    """`value` if it is an on-site path (with optional query string), else None."""
    if not isinstance(value, str) or not value or len(value) > MAX_NEXT_LENGTH:
        return None
    current = value
    # Check the value and each decoding of it, until decoding changes nothing.
    for _ in range(5):
        if not _safe_form(current):
            return None
        decoded = unquote(current)
        if decoded == current:
            return value
        current = decoded
    return None  # encoded five times over: nobody legitimate does that
