"""The base form every page uses: whitespace stripped, control characters refused, and
messages written for people in both languages."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from datetime import date
from typing import Any

from flask_babel import get_locale
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import DateField, Field, RadioField, SelectMultipleField
from wtforms.fields import MultipleFileField
from wtforms.validators import Email, Length, ValidationError
from wtforms.widgets import CheckboxInput, RadioInput, Select

from core.i18n import lazy_gettext as _l
from core.kept_typing import kept_for

# Tabs and newlines are fine in long answers; every other C0/C1 control character is not.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Browsers send CRLF; a lone CR would be stored as one thing and shown as another.
_NEWLINES = re.compile(r"\r\n?")


def strip_text(value: Any) -> Any:
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", _NEWLINES.sub("\n", value)).strip()
    return value


# What a date control posts, and what a person is asked to type when there is no control:
# ASCII digits only (int() and strptime() also take other scripts' digits).
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class IsoDateField(DateField):
    """A date as a date control posts it (YYYY-MM-DD), shown back as typed when it is not one
    (a date control cannot hold such text, so the template then renders a text box)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = next((str(v).strip() for v in valuelist if str(v).strip()), "")
        self.data = None
        if not text:
            return
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError(text)
            self.data = date.fromisoformat(text)
        except ValueError:
            raise ValueError(self.invalid_value_message) from None

    def _value(self) -> str:
        # WTForms' documented hook for what a widget shows: the date, else the text as typed.
        if self.data is not None:
            return self.data.isoformat()
        return self.typed()

    def typed(self) -> str:
        return next((str(v).strip() for v in self.raw_data or () if str(v).strip()), "")

    @property
    def typed_text(self) -> bool:
        """True when what came is text that is not a date (shown in a text box)."""
        return self.data is None and bool(self.typed())


def page_locales() -> list[str]:
    """The languages of WTForms' own messages ("Not a valid choice."): the page's. As a form
    Meta's `locales`, WTForms loads each language's catalogue once and keeps it
    (cache_translations), where Flask-WTF's loader (WTF_I18N_ENABLED, off in config) read
    the file again on every request."""
    return [str(get_locale() or "en")]


def empty_to_none(value: Any) -> Any:
    return value or None


# Fields that take several values under one name; every other field takes exactly one.
_MULTI_VALUE_FIELDS = (SelectMultipleField, MultipleFileField)


def is_choice_group(field: Field) -> bool:
    """Radios, or checkboxes drawn from a multiple choice: a fieldset of controls."""
    option = getattr(field, "option_widget", None)
    return isinstance(field, RadioField) or (
        isinstance(field, SelectMultipleField) and isinstance(option, (CheckboxInput, RadioInput))
    )


def summary_target(field: Field) -> str:
    """The id the error summary links to: the field's control, or for a group of radios or
    checkboxes its first choice (`status-1`), so the link puts focus where the answer goes.
    components/fields.html numbers choices from 1 and leaves out an empty (prompt) choice."""
    if is_choice_group(field):
        for index, choice in enumerate(field, start=1):
            if choice.data not in (None, ""):
                return f"{field.id}-{index}"
    return field.id


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _has_several_values(posted: Any, field: Field) -> bool:
    return (
        posted is not None
        and not isinstance(field, _MULTI_VALUE_FIELDS)
        and len(posted.getlist(field.name)) > 1
    )


class BaseForm(FlaskForm):
    """Strips whitespace from every text field, rejects control characters, and refuses two
    values for a one-value field (a browser never sends that, and which one was meant cannot
    be known, so keeping the first would store a guess)."""

    _posted: Any = None
    # The form's HTML id (`<form id="{{ form.html_id }}">`); by default the class name in
    # kebab case ("NoteForm": "note-form"), followed by the prefix of a prefixed form.
    form_id: str | None = None
    # True when the form shows what was typed before the language toggle (core.kept_typing).
    restored = False

    def __init__(self, *args: Any, prefix: str = "", **kwargs: Any) -> None:
        self.form_prefix = prefix  # kept here: WTForms keeps its own privately
        super().__init__(*args, prefix=prefix, **kwargs)

    def process(
        self, formdata: Any = None, obj: Any = None, data: Any = None, **kwargs: Any
    ) -> None:
        formdata = self.meta.wrap_formdata(self, formdata)
        if formdata is None and (kept := kept_for(self.html_id)) is not None:
            formdata, self.restored = kept, True
        self._posted = formdata
        super().process(formdata, obj, data=data, **kwargs)

    @property
    def html_id(self) -> str:
        base = self.form_id or _kebab(type(self).__name__)
        prefix = self.form_prefix.rstrip("-")
        return f"{base}-{prefix}" if prefix else base

    class Meta:
        locales = property(lambda _meta: page_locales())

        def bind_field(self, form: Any, unbound_field: Any, options: dict) -> Field:
            # The unbound field is shared by every instance of the form class: never mutate it.
            filters = [strip_text, *(unbound_field.kwargs.get("filters") or [])]
            return unbound_field.bind(form=form, **{**options, "filters": filters})

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            data = field.data
            if isinstance(data, str) and _CONTROL.search(data):
                field.errors = [*field.errors, _l("Remove the special control characters.")]
                valid = False
            if _has_several_values(self._posted, field):
                field.errors = [_l("Give one answer only for this question."), *field.errors]
                valid = False
        return valid

    @property
    def malformed(self) -> bool:
        """True when the post is not what a browser sends from this form (two values for a
        one-value field): a view may then refuse the whole post (400) and store nothing."""
        posted = self._posted
        return any(_has_several_values(posted, field) for field in self)

    @property
    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) pairs for the error summary, in form order."""
        return [(summary_target(field), str(field.errors[0])) for field in self if field.errors]


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


class RememberedSelect(Select):
    """WTForms' own Select for a long list (the departments): its HTML is kept by everything
    it is drawn from (the field's id, name, choices and value, the attributes asked for), so
    a list drawn the same way again is not drawn again. About 90 options took a fifth of the
    staff dashboard's time on every visit. The library still draws and escapes every list."""

    KEPT = 256  # lists kept per widget; the oldest go first

    def __init__(self) -> None:
        super().__init__()
        self._drawn: OrderedDict[tuple, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        key = (
            field.id,
            field.name,
            repr(field.data),
            repr(field.choices),  # lazy labels print as their words: the language counts
            bool(field.flags.required),
            bool(field.flags.disabled),
            repr(sorted(kwargs.items())),
        )
        with self._lock:
            drawn = self._drawn.get(key)
            if drawn is not None:
                self._drawn.move_to_end(key)
                return drawn
        drawn = super().__call__(field, **kwargs)
        with self._lock:
            self._drawn[key] = drawn
            if len(self._drawn) > self.KEPT:
                self._drawn.popitem(last=False)
        return drawn
