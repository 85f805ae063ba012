"""French details for what templates write, the same as core.labels gives the rest of the
service: "de" elided before a vowel in every translated string ("les renseignements d’Ahmed",
not "de Ahmed"), and the first of a month written "1er" by the one date filter.

Flask-Babel installs gettext, ngettext and pgettext in Jinja (newstyle: the template's values
are filled in by the call, escaped). These wrappers do the same, after core.labels.elide has
put "d’" where French wants it; the `dateformat` filter is Flask-Babel's with "1er".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask
from flask_babel import format_date, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from core.french import elide, first_of_month
from core.labels import current_language


def _filled(context: Context, text: str, variables: dict[str, Any]) -> str:
    text = elide(text, variables, current_language())
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - the catalogue's text; `%` escapes the values
    return text % variables


@pass_context
def template_gettext(context: Context, string: str, /, **variables: Any) -> str:
    return _filled(context, context.call(get_translations().ugettext, string), variables)


@pass_context
def template_ngettext(
    context: Context, singular: str, plural: str, num: int, /, **variables: Any
) -> str:
    variables.setdefault("num", num)
    text = context.call(get_translations().ungettext, singular, plural, num)
    return _filled(context, text, variables)


@pass_context
def template_pgettext(context: Context, msgctxt: str, string: str, /, **variables: Any) -> str:
    variables.setdefault("context", msgctxt)
    return _filled(context, context.call(get_translations().upgettext, msgctxt, string), variables)


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
