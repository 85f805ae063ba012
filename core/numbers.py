"""One reading of every number that comes from a request: URL parts, query strings and forms.

`str.isdigit()` accepts "²" and "٣", which `int()` then refuses or reads as another number, and
a number past 2**63 - 1 overflows both SQLite and PostgreSQL. Here a number is ASCII digits
only, within the databases' integer range; anything else is "not a number" (None) for a query
or form value, and no route at all (404) for a URL part.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.routing import IntegerConverter, Map

LARGEST = 2**63 - 1  # BIGINT in PostgreSQL, INTEGER in SQLite
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_int(text: Any, *, minimum: int = 0, maximum: int = LARGEST) -> int | None:
    """The whole number `text` spells in ASCII digits, within [minimum, maximum], or None."""
    if not isinstance(text, str) or not _ASCII_DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


class DatabaseInteger(IntegerConverter):
    """`<int:...>` in every route: ASCII digits, at most the databases' largest integer."""

    regex = r"[0-9]+"

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST)
        super().__init__(map, *args, **kwargs)
