"""The base form every page uses: whitespace stripped, control characters refused, and
messages written for people in both languages."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import Email, Length, ValidationError

# Tabs and newlines are fine in long answers; every other C0/C1 control character is not.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_text(value: Any) -> Any:
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    return value


def empty_to_none(value: Any) -> Any:
    return value or None


class BaseForm(FlaskForm):
    """Strips whitespace from every text field and rejects control characters."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict) -> Field:
            filters = list(unbound_field.kwargs.get("filters") or [])
            filters.insert(0, strip_text)
            unbound_field.kwargs["filters"] = filters
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            data = field.data
            if isinstance(data, str) and _CONTROL.search(data):
                field.errors = [*field.errors, _l("Remove the special control characters.")]
                valid = False
        return valid

    @property
    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) pairs for the error summary, in form order."""
        return [(field.id, str(field.errors[0])) for field in self if field.errors]


def max_length(limit: int) -> Length:
    return Length(max=limit, message=_l("Enter %(max)d characters or fewer."))


def work_email() -> Email:
    return Email(
        message=_l("Enter an email address in the right format, like name@canada.ca."),
        check_deliverability=False,
    )


def reject_if(condition: bool, message: str) -> None:
    if condition:
        raise ValidationError(message)
