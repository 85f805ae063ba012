"""The request's forms, one per step, with a length limit and a specific message on every field.

Two kinds of problems are told apart. A value that is *missing* is fine in a draft (it is
stored as empty, and the check-your-answers step asks for it). A value that is *malformed*
(too long, not an email, not a date, control characters) cannot be stored, so the page comes
back with the typed value and a message. `storable_values()` applies that rule.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from wtforms import (
    Field,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, StopValidation, ValidationError

from core.forms import BaseForm
from core.timeutil import today

SUBMISSION_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
PHONE_RE = re.compile(
    r"^\+?[0-9 ().-]{7,25}(\s*(ext\.?|x|poste|p\.)\s*[0-9]{1,6})?$", re.IGNORECASE
)
LATEST_START_YEARS = 2

# Limits, in characters. Long answers are generous; names and titles follow common systems.
LIMITS = {
    "name": 120,
    "title": 200,
    "email": 254,
    "phone": 40,
    "branch": 200,
    "department_other": 200,
    "service_name": 200,
    "problem": 3000,
    "users": 2000,
    "impact": 2000,
    "why_now": 1500,
    "constraints": 2000,
    "daily_role": 1000,
    "frequency": 200,
    "document_note": 500,
    "timing_note": 1000,
}


def options(pairs: list[tuple[str, Any]]) -> list[SelectChoice]:
    """Choices in the form WTForms 3.3 expects (value, label)."""
    return [SelectChoice(value, label) for value, label in pairs]


def is_blank(field: Field) -> bool:
    """True when nothing was typed or chosen in the field."""
    raw = field.raw_data
    if not raw:
        return True
    return not any(str(value).strip() for value in raw)


class Required:
    """Like InputRequired, with this field's own message; also stops the chain when a value
    was typed but could not be read (a bad date keeps its own message)."""

    field_flags = {"required": True}

    def __init__(self, message: Any) -> None:
        self.message = message

    def __call__(self, _form: BaseForm, field: Field) -> None:
        if is_blank(field):
            field.errors[:] = []
            raise StopValidation(self.message)
        if field.data is None:
            raise StopValidation()


def limit(key: str, message: Any) -> Length:
    return Length(max=LIMITS[key], message=message)


def start_date_rules(field: Field) -> None:
    """A start date is a weekday, not in the past, and within the next two years."""
    value: date | None = field.data
    if value is None:
        return
    if value < today():
        raise ValidationError(_("Choose a date that is today or later."))
    if value > today() + timedelta(days=366 * LATEST_START_YEARS):
        raise ValidationError(_("Choose a date within the next two years."))
    if value.weekday() >= 5:
        raise ValidationError(_("Choose a weekday (Monday to Friday)."))


class StepForm(BaseForm):
    """Every step form: the posted `version` and `submission_key` are read by the views from
    request.form, so they are not fields here."""

    def field_names(self) -> list[str]:
        return [f.name for f in self if f.name != "csrf_token"]


def storable_values(form: BaseForm, names: list[str]) -> tuple[dict[str, Any], bool]:
    """(values that can be stored, whether every typed value was among them).

    A field without errors is stored as it is; an empty field is stored as empty even when it
    is required (a draft may be incomplete); a malformed value is left out.
    """
    values: dict[str, Any] = {}
    all_kept = True
    for name in names:
        field = form[name]
        if not field.errors:
            data = field.data
            values[name] = None if data == "" else data
        elif is_blank(field):
            values[name] = None
        else:
            all_kept = False
    return values, all_kept


# --- Step 2: organization and contact ---------------------------------------------------------
