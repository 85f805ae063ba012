"""French typography the catalogue cannot hold: "de" elided before a vowel ("d’Ahmed",
"d’Aucune expérience", "de Bernard") and the first of a month written "1er février".

Used by core.labels (words outside a request) and core.template_text (words in a page), so
both say it the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from flask_babel.speaklater import LazyString

_VOWELS = frozenset("aeiouy")
# "de" (or "De") right before a %(name)s placeholder, as a whole word.
_DE_PLACEHOLDER = re.compile(r"(?<![\w’'])([dD])e %\((\w+)\)s")


def starts_with_vowel(text: str) -> bool:
    """Whether French elides before `text`: a vowel (accents ignored) or a y. Names with an
    h are left alone, since an aspirated h ("de Hubert") cannot be told from a mute one."""
    first = unicodedata.normalize("NFD", text.lstrip()[:1]).casefold()[:1]
    return first in _VOWELS


def de(text: str) -> str:
    """French "de" before a name or a level: "d’Ahmed", "d’Aucune expérience", "de Bernard"."""
    return f"d’{text}" if starts_with_vowel(text) else f"de {text}"


def elide(text: str, values: Mapping[str, Any], lang: str) -> str:
    """In French, the template `text` with each "de %(name)s" whose value starts with a vowel
    written "d’%(name)s" (the value itself is filled in later)."""
    if lang != "fr" or not values:
        return text

    def elided(match: re.Match[str]) -> str:
        value = values.get(match.group(2))
        if isinstance(value, (str, LazyString)) and starts_with_vowel(str(value)):
            return f"{match.group(1)}’%({match.group(2)})s"
        return match.group(0)

    return _DE_PLACEHOLDER.sub(elided, text)


def fill(text: str, values: Mapping[str, Any], lang: str) -> str:
    """`text % values`; in French, a "de" the catalogue puts before a value that starts with a
    vowel becomes "d’" ("réponses allant d’Aucune expérience à …")."""
    if not values:
        return text
    return elide(text, values, lang) % values


_FIRST_DAY = re.compile(r"(?<![\w.])1(?= )")


def first_of_month(text: str, day: int, lang: str) -> str:
    """French writes the first of a month "1er" ("1er février", "lundi 1er février")."""
    if lang == "fr" and day == 1:
        return _FIRST_DAY.sub("1er", text, count=1)
    return text
