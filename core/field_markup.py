"""The parts every form field shares (label, hint, error message, aria-describedby), built in
Python for the field macros of templates/components/fields.html.

A form page shows each of these for every field; as Jinja macros they were four macro calls
per field, a fifth of the time spent rendering a step of the request. The markup is the same:
every value is escaped (`markupsafe.escape`, C-accelerated, rather than `Markup.format`,
which costs more than the macro it replaces).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from markupsafe import Markup, escape

from core.i18n import template_gettext as _


def described_by(field: Any, hint: Any = None) -> str:
    """The ids of the hint and the error shown for `field`, for aria-describedby."""
    ids = []
    if hint:
        ids.append(f"{field.id}-hint")
    if field.errors:
        ids.append(f"{field.id}-error")
    return " ".join(ids)


def field_label(field: Any, label: Any = None, optional: bool = False) -> Markup:
    text = escape(label or field.label.text)
    if optional:
        text += Markup(' <span class="optional">({})</span>').format(_("optional"))
    return Markup(f'<label class="label" for="{escape(field.id)}">{text}</label>')  # noqa: S704


def field_hint(field: Any, hint: Any = None) -> Markup:
    if not hint:
        return Markup()
    return Markup(f'<p class="hint" id="{escape(field.id)}-hint">{escape(hint)}</p>')  # noqa: S704


def field_error_message(field: Any) -> Markup:
    if not field.errors:
        return Markup()
    return Markup(  # noqa: S704 - every value is escaped
        f'<p class="error-message" id="{escape(field.id)}-error">'
        f'<span class="visually-hidden">{_("Error:")}</span> {escape(field.errors[0])}</p>'
    )


def init_field_markup(app: Flask) -> None:
    app.jinja_env.globals.update(
        described_by=described_by,
        field_label=field_label,
        field_hint=field_hint,
        field_error_message=field_error_message,
    )
