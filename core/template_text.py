"""French details for what templates write, the same as core.labels gives the rest of the
service: "de" elided before a vowel in every translated string ("les renseignements d’Ahmed",
not "de Ahmed"), and the first of a month written "1er" by the one date filter.

Flask-Babel installs gettext, ngettext and pgettext in Jinja (newstyle: the template's values
are filled in by the call, escaped). These wrappers do the same, after core.labels.elide has
put "d’" where French wants it; the `dateformat` filter is Flask-Babel's with "1er".

A page says a few dozen strings, and finding the request's catalogue through Flask-Babel
(`get_translations`) cost more than translating them. So the catalogue is asked for once per
request and language (`page_words`), and a context processor hands each render its catalogue
and language (`PageWords`); a macro imported without the page's context finds them in `g`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import Flask, g
from flask_babel import format_date, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from core.catalogue import current_language
from core.french import elide, first_of_month

# The name under which a render's context carries its PageWords.
PAGE_WORDS = "page_words"


@dataclass(frozen=True, slots=True)
class PageWords:
    """The catalogue Flask-Babel chose for this render, and its language."""

    translations: Any  # babel.support.Translations (or NullTranslations for English)
    lang: str


def page_words() -> PageWords:
    """The words of the current language, kept in `g` for the request by language (under
    Flask-Babel's force_locale the language, and so the key, changes with it)."""
    lang = current_language()
    kept: dict[str, PageWords] = g.setdefault(PAGE_WORDS, {})
    words = kept.get(lang)
    if words is None:
        words = kept[lang] = PageWords(get_translations(), lang)
    return words


def _words(context: Context) -> PageWords:
    words = context.get(PAGE_WORDS)
    return words if isinstance(words, PageWords) else page_words()


def _filled(context: Context, words: PageWords, text: str, variables: dict[str, Any]) -> str:
    if variables:
        text = elide(text, variables, words.lang)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - the catalogue's text; `%` escapes the values
    return text % variables


@pass_context
def template_gettext(context: Context, string: str, /, **variables: Any) -> str:
    words = _words(context)
    return _filled(context, words, words.translations.ugettext(string), variables)


@pass_context
def template_ngettext(
    context: Context, singular: str, plural: str, num: int, /, **variables: Any
) -> str:
    variables.setdefault("num", num)
    words = _words(context)
    return _filled(context, words, words.translations.ungettext(singular, plural, num), variables)


@pass_context
def template_pgettext(context: Context, msgctxt: str, string: str, /, **variables: Any) -> str:
    variables.setdefault("context", msgctxt)
    words = _words(context)
    text = words.translations.upgettext(msgctxt, string)
    return _filled(context, words, text, variables)


def written_date(value: date | datetime | None, format: str = "medium") -> str:
    """Flask-Babel's format_date ("1 février 2027", "lundi 1 février 2027"), with "1er" for
    the first of the month in French."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return first_of_month(format_date(day, format), day.day, current_language())


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        gettext=template_gettext, ngettext=template_ngettext, pgettext=template_pgettext
    )
    app.jinja_env.filters["dateformat"] = written_date
    app.context_processor(lambda: {PAGE_WORDS: page_words()})
