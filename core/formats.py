"""How each language writes a date, a clock time, a number and a list in running text: Babel's
formats for en_CA and fr_CA, with French's own rules (core.french). core.labels.Labels gives
them with its language; pages, emails and exports all go through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from core.french import first_of_month

LOCALES = {"en": "en_CA", "fr": "fr_CA"}
# Between the items of a list in running text: French puts a no-break space before a
# semicolon, as the catalogue does ("a ; b").
SEMICOLON = {"en": "; ", "fr": "\u00a0; "}


def long_date(value: date | datetime | None, lang: str) -> str:
    """ "November 22, 2026"; "22 novembre 2026", and "1er février 2026" on the first."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return first_of_month(format_date(value, format="long", locale=LOCALES[lang]), value.day, lang)


def clock_time(value: datetime | time | None, lang: str) -> str:
    """ "10:00 a.m." / "10 h 00", its spaces no-break ones, so that a time never wraps at the
    end of a line ("15 h / 00")."""
    if value is None:
        return ""
    return format_time(value, format="short", locale=LOCALES[lang]).replace(" ", "\u00a0")


def decimal(value: float | int | None, lang: str) -> str:
    """ "1,234.5" / "1 234,5"."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.#", locale=LOCALES[lang])


def listed(items: Iterable[str], lang: str) -> str:
    """ "a; b" / "a ; b"."""
    return SEMICOLON[lang].join(items)
