"""The translation machinery the words of core.labels stand on: the two languages, each one's
compiled catalogue, the language of the moment, and a lazy string that keeps its English text
so that the same entry can be translated in a request (Flask-Babel) or outside one (Babel).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations
from flask_babel import get_locale, gettext
from flask_babel.speaklater import LazyString

LANGS = ("en", "fr")
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"


class Message(LazyString):
    """Flask-Babel's lazy_gettext that also keeps its English text (`message`), so that
    `Labels(lang)` can translate the very same entry outside a request."""

    def __init__(self, message: str) -> None:
        super().__init__(gettext, message)
        self.message = message


@cache
def catalogue(lang: str) -> NullTranslations:
    """The compiled catalogue of `lang`, read once per process."""
    if lang == "en":
        return NullTranslations()  # English is the source text
    return Translations.load(str(TRANSLATIONS_DIR), [lang], domain="messages")


def current_language() -> str:
    """The language Flask-Babel uses right now (the page's, or one forced), else English."""
    locale = get_locale()
    lang = locale.language if locale is not None else "en"
    return lang if lang in LANGS else "en"
