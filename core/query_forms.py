"""The parts every filter page's form is built from: a WTForms form read from the query string
(GET), its date range and its page number. The staff dashboard's filter (exports.filters) and
the audit log's (staff.filters) are made of them.

Anyone can edit a URL, so every value is validated: a bad one is reported next to its field
and filters nothing, never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import Field, Form, IntegerField, SelectMultipleField
from wtforms.validators import Optional, ValidationError

from core.forms import IsoDateField, is_choice_group, page_locales, strip_text
from core.i18n import lazy_gettext as _l

MAX_PAGE = 100_000

_PAGE_NUMBER = re.compile(r"[0-9]{1,6}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

DATE_MESSAGE = _l("Enter the date as year-month-day, like 2027-03-15.")
PAGE_MESSAGE = _l("The page number must be a whole number from 1 up.")


def query_data(args: Mapping[str, Any]) -> MultiDict:
    """`args` as the multi-valued mapping WTForms reads (request.args already is one)."""
    return args if isinstance(args, MultiDict) else MultiDict(args)


class PageField(IntegerField):
    """The page number of a paged list: ASCII digits from 1 to MAX_PAGE, else a message (a
    superscript "²", which str.isdigit() takes and int() refuses, and a number of a thousand
    digits, which int() also refuses, included)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if not text:
            return
        if not _PAGE_NUMBER.fullmatch(text) or not 1 <= int(text) <= MAX_PAGE:
            raise ValueError(self.invalid_value_message)
        self.data = int(text)


def clean_choices(values: list[str] | None) -> list[str]:
    """A repeatable parameter's values: stripped, without blanks and repeats, in order."""
    return list(dict.fromkeys(v.strip() for v in values or () if v and v.strip()))


def no_control_characters(_form: Form, field: Field) -> None:
    """Refuse control characters; the text is shown back without them (HTML cannot carry
    them), and, being in error, filters nothing."""
    if isinstance(field.data, str) and _CONTROL.search(field.data):
        field.data = _CONTROL.sub("", field.data)
        raise ValidationError(_l("Remove the special control characters."))


def date_range_end(form: Form, field: IsoDateField) -> None:
    """The end of a range may not come before its start (the date_to field's validator)."""
    start = form.date_from.data
    if start and field.data and field.data < start:
        raise ValidationError(_l("The end of the range must be on or after its start."))


def date_from_field() -> IsoDateField:
    return IsoDateField(
        _l("From"), validators=[Optional()], name="from", invalid_value_message=DATE_MESSAGE
    )


def date_to_field() -> IsoDateField:
    return IsoDateField(
        _l("To"),
        validators=[Optional(), date_range_end],
        name="to",
        invalid_value_message=DATE_MESSAGE,
    )


def page_field() -> PageField:
    return PageField(validators=[Optional()], invalid_value_message=PAGE_MESSAGE)


class QueryForm(Form):
    """A filter form read from a query string: plain WTForms (a GET form carries no CSRF
    token), text stripped, and a one-value parameter given two different values refused.

    Field ids are `id_prefix` and the parameter's name, so two forms on one site can use the
    same names; `error_targets` names the element the error summary links to for a parameter
    without a control of its own (the page number, the sort order)."""

    id_prefix = "filter"
    error_targets: Mapping[str, str] = {}

    class Meta:
        locales = property(lambda _meta: page_locales())

        def bind_field(self, form: Form, unbound_field: Any, options: dict) -> Field:
            # The unbound field is shared by every instance of the form class: never mutate it.
            kwargs = unbound_field.kwargs
            filters = [strip_text, *(kwargs.get("filters") or [])]
            name = kwargs.get("name") or options["name"]
            field_id = kwargs.get("id") or f"{form.id_prefix}-{name}"
            return unbound_field.bind(form=form, **{**options, "filters": filters, "id": field_id})

    def __init__(self, args: Mapping[str, Any]) -> None:
        super().__init__(query_data(args))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field, SelectMultipleField):
                continue
            values = {str(v).strip() for v in field.raw_data or () if str(v).strip()}
            if len(values) > 1:
                field.errors = [_l("Give only one value."), *field.errors]
                valid = False
        return valid

    def valid_data(self, field: Field) -> Any:
        """The field's value when it passed validation, else None (a bad value filters
        nothing)."""
        return None if field.errors else field.data or None

    @property
    def page_number(self) -> int:
        """The page asked for: 1 unless a valid page field says otherwise."""
        return self.valid_data(self["page"]) or 1

    @property
    def error_list(self) -> list[tuple[str, str]]:
        """(element id, message) pairs for the error summary, in form order."""
        return [
            (self.error_targets.get(field.name) or _first_control(field), str(field.errors[0]))
            for field in self
            if field.errors
        ]


def _first_control(field: Field) -> str:
    """A group of checkboxes is linked to by its first box (drawn with WTForms' own ids), so
    the summary's link puts focus on a control; any other field by its id."""
    if is_choice_group(field):
        first = next(iter(field), None)
        if first is not None:
            return first.id
    return field.id
