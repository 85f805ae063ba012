"""The request's forms, one per step, with a length limit and a specific message on every field.

Two kinds of problems are told apart. A value that is *missing* is fine in a draft (it is
stored as empty, and the check-your-answers step asks for it). A value that is *malformed*
(too long, not an email, not a date, control characters) cannot be stored, so the page comes
back with the typed value and a message. `storable_values()` applies that rule.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from wtforms import (
    BooleanField,
    DateField,
    Field,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional, Regexp, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput

from core.forms import BaseForm, work_email
from core.i18n import lazy_gettext as _l
from core.i18n import localized
from core.timeutil import today
from intake.models import DOCUMENT_STATUSES
from intake.reference import DOCUMENTS, TOPICS
from intake.service import (
    DOCUMENT_STATUS_LABELS,
    INVOLVEMENT_LABELS,
    LANGUAGE_LABELS,
    OTHER_DEPARTMENT,
    departments_sorted,
)

SUBMISSION_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
PHONE_RE = re.compile(
    r"^\+?[0-9 ().-]{7,25}(\s*(ext\.?|x|poste|p\.)\s*[0-9]{1,6})?$", re.IGNORECASE
)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
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


class IsoDateField(DateField):
    """A date typed or picked as YYYY-MM-DD; an empty field is no date, not an error."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        text = str(valuelist[0]).strip()
        self.data = None
        if DATE_RE.match(text):
            try:
                self.data = datetime.strptime(text, "%Y-%m-%d").date()
                return
            except ValueError:
                pass
        raise ValueError(self.invalid_value_message)


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


def language_choices() -> list[SelectChoice]:
    return options([("en", LANGUAGE_LABELS["en"]), ("fr", LANGUAGE_LABELS["fr"])])


class OrganizationForm(StepForm):
    department_code = SelectField(
        _l("Department or agency"),
        validate_choice=False,
        validators=[Required(_l("Choose your department or agency."))],
    )
    department_other = StringField(
        _l("Name of your department or agency"),
        validators=[
            limit("department_other", _l("Enter a department name of 200 characters or fewer."))
        ],
    )
    branch = StringField(
        _l("Branch, directorate or program"),
        validators=[
            Required(_l("Enter your branch, directorate or program.")),
            limit(
                "branch", _l("Enter a branch, directorate or program of 200 characters or fewer.")
            ),
        ],
    )
    lead_name = StringField(
        _l("Your full name"),
        validators=[
            Required(_l("Enter your full name.")),
            limit("name", _l("Enter a name of 120 characters or fewer.")),
        ],
    )
    lead_title = StringField(
        _l("Your job title"),
        validators=[
            Required(_l("Enter your job title.")),
            limit("title", _l("Enter a job title of 200 characters or fewer.")),
        ],
    )
    lead_email = StringField(
        _l("Your work email address"),
        validators=[
            Required(_l("Enter your work email address.")),
            limit("email", _l("Enter an email address of 254 characters or fewer.")),
            work_email(),
        ],
    )
    lead_phone = StringField(
        _l("Your work phone number"),
        validators=[
            Optional(),
            limit("phone", _l("Enter a phone number of 40 characters or fewer.")),
            Regexp(
                PHONE_RE,
                message=_l(
                    "Enter a phone number with digits only, like 613-555-0123, "
                    "and an extension if needed, like ext. 1234."
                ),
            ),
        ],
    )
    lead_language = RadioField(
        _l("Your preferred official language"),
        choices=language_choices(),
        validate_choice=False,
        validators=[
            Required(_l("Choose your preferred official language.")),
            AnyOf(["en", "fr"], message=_l("Choose English or French.")),
        ],
    )
    sponsor_name = StringField(
        _l("Executive sponsor’s full name"),
        validators=[
            Required(_l("Enter the executive sponsor’s full name.")),
            limit("name", _l("Enter the executive sponsor’s name in 120 characters or fewer.")),
        ],
    )
    sponsor_title = StringField(
        _l("Executive sponsor’s job title"),
        validators=[
            Required(_l("Enter the executive sponsor’s job title.")),
            limit(
                "title", _l("Enter the executive sponsor’s job title in 200 characters or fewer.")
            ),
        ],
    )
    sponsor_email = StringField(
        _l("Executive sponsor’s work email address"),
        validators=[
            Required(_l("Enter the executive sponsor’s work email address.")),
            limit("email", _l("Enter an email address of 254 characters or fewer.")),
            work_email(),
        ],
    )

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pairs = [
            ("", _("Choose a department or agency")),
            *[(d.code, d.name[lang]) for d in departments_sorted(lang)],
            (OTHER_DEPARTMENT, _("Other (not in this list)")),
        ]
        self.department_code.choices = options(pairs)
        self._codes = {value for value, _label in pairs if value}

    def validate_department_code(self, field: Field) -> None:
        if field.data and field.data not in self._codes:
            raise ValidationError(_("Choose a department or agency from the list."))

    def validate_department_other(self, field: Field) -> None:
        if self.department_code.data == OTHER_DEPARTMENT and not field.data:
            raise StopValidation(_("Enter the name of your department or agency."))


# --- Step 3: service and problem ----------------------------------------------------------------


class ContextForm(StepForm):
    service_name = StringField(
        _l("Service or program"),
        validators=[
            Required(_l("Enter the name of the service or program.")),
            limit(
                "service_name", _l("Enter a service or program name of 200 characters or fewer.")
            ),
        ],
    )
    problem = TextAreaField(
        _l("What is the problem?"),
        validators=[
            Required(_l("Describe the problem.")),
            limit("problem", _l("Describe the problem in 3,000 characters or fewer.")),
        ],
    )
    users = TextAreaField(
        _l("Who are the users, and what are they trying to do?"),
        validators=[
            Required(_l("Describe the users and what they are trying to do.")),
            limit("users", _l("Describe the users in 2,000 characters or fewer.")),
        ],
    )
    impact = TextAreaField(
        _l("What happens if nothing changes?"),
        validators=[
            Required(_l("Describe what happens if nothing changes.")),
            limit("impact", _l("Describe the impact in 2,000 characters or fewer.")),
        ],
    )
    why_now = TextAreaField(
        _l("Why now?"),
        validators=[
            Required(_l("Explain why now is the time to look at this.")),
            limit("why_now", _l("Explain why now in 1,500 characters or fewer.")),
        ],
    )
    constraints = TextAreaField(
        _l("Anything else CDS should know"),
        validators=[
            Optional(),
            limit("constraints", _l("Enter 2,000 characters or fewer about anything else.")),
        ],
    )


# --- Step 4: stakeholders ------------------------------------------------------------------------


def topic_choices() -> list[SelectChoice]:
    return options([(t.id, f"{t.number}. {localized(t.name)}") for t in TOPICS])


class PersonForm(StepForm):
    name = StringField(
        _l("Full name"),
        validators=[
            Required(_l("Enter the person’s full name.")),
            limit("name", _l("Enter a name of 120 characters or fewer.")),
        ],
    )
    title = StringField(
        _l("Official title"),
        description=_l("As it appears in their email signature or professional profile."),
        validators=[
            Required(_l("Enter the person’s official title.")),
            limit("title", _l("Enter an official title of 200 characters or fewer.")),
        ],
    )
    daily_role = TextAreaField(
        _l("Daily role"),
        description=_l("From what you know, what does a typical day look like for them?"),
        validators=[
            Required(_l("Describe the person’s daily role.")),
            limit("daily_role", _l("Describe the daily role in 1,000 characters or fewer.")),
        ],
    )
    involvement = RadioField(
        _l("Role on the project"),
        choices=options(
            [
                ("direct", INVOLVEMENT_LABELS["direct"]),
                ("supporting", INVOLVEMENT_LABELS["supporting"]),
            ]
        ),
        validate_choice=False,
        validators=[
            Required(_l("Choose whether the person is directly involved or supports the project.")),
            AnyOf(["direct", "supporting"], message=_l("Choose one of the roles on the project.")),
        ],
    )
    frequency = StringField(
        _l("How often do they work on the project?"),
        description=_l("For example: every day, a few hours a week, when asked."),
        validators=[
            Required(_l("Enter how often the person works on the project.")),
            limit("frequency", _l("Enter how often in 200 characters or fewer.")),
        ],
    )
    email = StringField(
        _l("Work email address"),
        validators=[
            Optional(),
            limit("email", _l("Enter an email address of 254 characters or fewer.")),
            work_email(),
        ],
    )
    language = RadioField(
        _l("Preferred official language"),
        choices=language_choices(),
        validate_choice=False,
        validators=[
            Required(_l("Choose the person’s preferred official language.")),
            AnyOf(["en", "fr"], message=_l("Choose English or French.")),
        ],
    )
    topics = SelectMultipleField(
        _l("Interview topics this person covers"),
        description=_l("Choose every topic they can speak to. They attend the kick-off once."),
        validate_choice=False,
        option_widget=CheckboxInput(),  # each topic is a checkbox (the `checkboxes` macro)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topics.choices = topic_choices()

    def validate_topics(self, field: Field) -> None:
        known = {t.id for t in TOPICS}
        chosen = field.data or []
        if not chosen:
            raise ValidationError(_("Choose at least one interview topic."))
        if any(value not in known for value in chosen):
            raise ValidationError(_("Choose interview topics from the list."))


def stakeholders_form_class(people: list[Any], people_by_topic: dict[str, list[Any]]) -> type:
    """The stakeholders page: per topic, "to be confirmed" and "add someone already named"."""

    class StakeholdersForm(StepForm):
        def topic_fields(self, topic_id: str) -> tuple[Field, Field]:
            return self[f"tbc_{topic_id}"], self[f"existing_{topic_id}"]

        @property
        def error_list(self) -> list[tuple[str, str]]:
            return [(f.id, str(f.errors[0])) for f in self if f.errors]

    for topic in TOPICS:
        on_topic = {p.id for p in people_by_topic.get(topic.id, [])}
        choices = [("", _("Choose a person"))] + [
            (str(p.id), p.name) for p in people if p.id not in on_topic
        ]
        allowed = [value for value, _label in choices if value]
        setattr(
            StakeholdersForm,
            f"tbc_{topic.id}",
            BooleanField(_l("To be confirmed: we will name someone later")),
        )
        setattr(
            StakeholdersForm,
            f"existing_{topic.id}",
            SelectField(
                _l("Someone you already named"),
                choices=options(choices),
                validate_choice=False,
                validators=[
                    Optional(),
                    AnyOf(
                        allowed,
                        message=_l("Choose a person from the list, or add a new person."),
                    ),
                ],
            ),
        )
    return StakeholdersForm


# --- Step 5: documents ---------------------------------------------------------------------------


def documents_form_class() -> type:
    """One status (radios) and one optional note per checklist document."""

    class DocumentsForm(StepForm):
        @property
        def error_list(self) -> list[tuple[str, str]]:
            items = []
            for field in self:
                if field.errors:
                    document_name = field.description
                    message = str(field.errors[0])
                    items.append(
                        (field.id, _("%(item)s: %(message)s", item=document_name, message=message))
                    )
            return items

    status_choices = options([(s, DOCUMENT_STATUS_LABELS[s]) for s in DOCUMENT_STATUSES])
    for document in DOCUMENTS:
        name = localized(document.name)
        setattr(
            DocumentsForm,
            f"doc_{document.id}_status",
            RadioField(
                name,
                description=name,
                choices=status_choices,
                validate_choice=False,
                validators=[
                    Optional(),
                    AnyOf(list(DOCUMENT_STATUSES), message=_l("Choose one of the statuses.")),
                ],
            ),
        )
        setattr(
            DocumentsForm,
            f"doc_{document.id}_note",
            StringField(
                _l("Note"),
                description=name,
                validators=[
                    limit("document_note", _l("Enter a note of 500 characters or fewer.")),
                ],
            ),
        )
    return DocumentsForm


# --- Step 6: timing ------------------------------------------------------------------------------


class TimingForm(StepForm):
    preferred_start = IsoDateField(
        _l("Preferred start date"),
        invalid_value_message=_l("Enter a real date in the format YYYY-MM-DD, like 2027-03-15."),
        validators=[Required(_l("Enter your preferred start date."))],
    )
    latest_start = IsoDateField(
        _l("Latest start date"),
        invalid_value_message=_l("Enter a real date in the format YYYY-MM-DD, like 2027-03-15."),
        validators=[Optional()],
    )
    timing_note = TextAreaField(
        _l("Anything about timing we should know"),
        validators=[
            Optional(),
            limit("timing_note", _l("Enter 1,000 characters or fewer about timing.")),
        ],
    )

    def validate_preferred_start(self, field: Field) -> None:
        start_date_rules(field)

    def validate_latest_start(self, field: Field) -> None:
        start_date_rules(field)
        earliest = self.preferred_start.data
        if field.data and earliest and field.data < earliest:
            raise ValidationError(_("Choose a latest start date on or after the preferred date."))
