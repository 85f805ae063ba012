"""The request's plain steps: organization and contact, service and problem, timing."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from wtforms import (
    Field,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Optional, Regexp, StopValidation, ValidationError

from core.forms import IsoDateField, RememberedSelect, work_email
from core.i18n import lazy_gettext as _l
from intake.forms import (
    PHONE_RE,
    Required,
    StepForm,
    limit,
    options,
    start_date_rules,
)
from intake.service import (
    LANGUAGE_LABELS,
    OTHER_DEPARTMENT,
    departments_sorted,
)


def language_choices() -> list[SelectChoice]:
    return options([("en", LANGUAGE_LABELS["en"]), ("fr", LANGUAGE_LABELS["fr"])])


class OrganizationForm(StepForm):
    department_code = SelectField(
        _l("Department or agency"),
        validate_choice=False,
        validators=[Required(_l("Choose your department or agency."))],
        widget=RememberedSelect(),
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
