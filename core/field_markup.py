"""Form field markup built in Python for the macros of templates/components/fields.html: the
parts every field shares (label, hint, error message, aria-describedby) and the whole group of
the two most used controls (a text input, a text area).

A form page shows each of these for every field; as Jinja macros they were most of the time
spent rendering a step of the request. The macros keep their names and arguments, so the
templates do not change. The markup is the same: every value is escaped
(`markupsafe.escape`, C-accelerated, rather than `Markup.format`, which costs more than the
macro it replaces).
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
        text += Markup(f' <span class="optional">({_("optional")})</span>')  # noqa: S704
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


def _attribute(name: str, value: Any) -> str:
    return f' {name}="{escape(value)}"' if value else ""


def _group(
    field: Any, label: Any, hint: Any, optional: bool, control: str, after: str = ""
) -> Markup:
    """The form group: label, hint and error (those there are), then the control."""
    state = " has-error" if field.errors else ""
    parts = [
        field_label(field, label, optional),
        field_hint(field, hint),
        field_error_message(field),
        control + after,
    ]
    inside = "\n  ".join(part for part in parts if part)
    return Markup(f'<div class="form-group{state}">\n  {inside}\n</div>')  # noqa: S704 - escaped


def _described(field: Any, hint: Any) -> str:
    return _attribute("aria-describedby", described_by(field, hint)) + (
        ' aria-invalid="true"' if field.errors else ""
    )


def text_input_group(
    field: Any,
    label: Any = None,
    hint: Any = None,
    optional: bool = False,
    type: str = "text",
    autocomplete: str | None = None,
    width: str | None = None,
    inputmode: str | None = None,
) -> Markup:
    """A labelled text input with its hint and error (the `text_input` macro)."""
    size = f" width-{escape(width)}" if width else ""
    required = " required" if not optional and field.flags.required else ""
    control = (
        f'<input class="input{size}" id="{escape(field.id)}" name="{escape(field.name)}"'
        f' type="{escape(type)}" value="{escape(field._value())}"'
        f"{_attribute('autocomplete', autocomplete)}{_attribute('inputmode', inputmode)}"
        f"{_described(field, hint)}{required}>"
    )
    return _group(field, label, hint, optional, control)


def textarea_group(
    field: Any,
    label: Any = None,
    hint: Any = None,
    optional: bool = False,
    rows: int = 5,
    maxlength: int | None = None,
) -> Markup:
    """A labelled text area with its hint, error and character limit (the `textarea` macro)."""
    field_id = escape(field.id)
    control = (
        f'<textarea class="textarea" id="{field_id}" name="{escape(field.name)}"'
        f' rows="{escape(rows)}"{_attribute("data-maxlength", maxlength)}'
        f"{_described(field, hint)}>{escape(field._value())}</textarea>"
    )
    count = ""
    if maxlength:
        limit = _("You can enter up to %(max)d characters.", max=maxlength)
        count = (
            f'\n  <p class="hint char-count" id="{field_id}-count"'
            f' data-count-for="{field_id}">{limit}</p>'
        )
    return _group(field, label, hint, optional, control, count)


def csrf_input(form: Any) -> Markup:
    """The form's CSRF token as a hidden input: what `{{ form.csrf_token }}` gives, without
    the general widget code of WTForms. Nothing when the form has no token."""
    field = getattr(form, "csrf_token", None)
    if field is None:
        return Markup()
    return Markup(  # noqa: S704 - every value is escaped
        f'<input id="{escape(field.id)}" name="{escape(field.name)}" type="hidden"'
        f' value="{escape(field._value())}">'
    )


def init_field_markup(app: Flask) -> None:
    app.jinja_env.globals.update(
        csrf_input=csrf_input,
        described_by=described_by,
        field_label=field_label,
        field_hint=field_hint,
        field_error_message=field_error_message,
        text_input_group=text_input_group,
        textarea_group=textarea_group,
    )
