"""The plan's forms. Each carries the version of the plan its page showed, so a change made on a
stale page gets the conflict page instead of being applied over someone else's."""

from __future__ import annotations

from typing import Any

from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from core.forms import BaseForm, max_length
from core.i18n import lazy_gettext as _l
from core.labels import TIME_ZONE

NOTE_MAX = 2000
DATE_FORMAT = "%Y-%m-%d"
TIME_FORMAT = "%H:%M"
DATE_HINT = _l("For example, 2027-03-15.")


def _date(label: Any, required: Any = None) -> DateField:
    check = InputRequired(required) if required else Optional()
    return DateField(
        label,
        validators=[check],
        format=DATE_FORMAT,
    )


def _time(label: Any, required: Any) -> TimeField:
    return TimeField(label, validators=[InputRequired(required)], format=TIME_FORMAT)


class PlanForm(BaseForm):
    """A plan form; its page also posts `plan_version`, read by the view (the field names of
    the interviews' forms carry a prefix, the version does not)."""


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class TeamForm(PlanForm):
    lead = SelectField(_l("Team lead"), coerce=_int_or_none, validate_choice=False)
    members = SelectMultipleField(
        _l("Team members"),
        coerce=int,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class AgreementForm(PlanForm):
    sent_on = _date(_l("Agreement sent on"))
    signed_on = _date(_l("Agreement signed on"))
    note = TextAreaField(_l("Note on the agreement"), validators=[Optional(), max_length(NOTE_MAX)])

    def validate_signed_on(self, field: DateField) -> None:
        sent = self.sent_on.data
        if field.data and sent and field.data < sent:
            raise ValidationError(_l("The agreement cannot be signed before it was sent."))


class KickoffForm(PlanForm):
    time_zone = SelectField(
        _l("The exploration’s time zone"),
        choices=[SelectChoice(code, label) for code, label in TIME_ZONE.items()],
    )
    kickoff_date = _date(_l("Kickoff date"), _l("Enter the kickoff date."))
    kickoff_time = _time(_l("Kickoff time"), _l("Enter the kickoff time, like 10:00."))
    kickoff_minutes = IntegerField(
        _l("Kickoff length in minutes"),
        validators=[
            InputRequired(_l("Enter the kickoff’s length in minutes.")),
            NumberRange(15, 240, _l("Enter a length from 15 to 240 minutes.")),
        ],
        default=60,
        # A text box with a numeric keyboard (not type=number, which changes a value on a
        # scroll): min and max are not allowed on it; the validator says the range instead.
        render_kw={"min": False, "max": False},
    )
    morning_time = _time(_l("Morning interview time"), _l("Enter a time, like 10:00."))
    afternoon_time = _time(_l("Afternoon interview time"), _l("Enter a time, like 14:00."))
    survey_close_date = _date(_l("The survey closes on"))
    survey_close_time = TimeField(
        _l("The survey closes at"), validators=[Optional()], format=TIME_FORMAT
    )

    def validate_afternoon_time(self, field: TimeField) -> None:
        if field.data and self.morning_time.data and field.data <= self.morning_time.data:
            raise ValidationError(_l("The afternoon time must come after the morning time."))


class InterviewTimeForm(PlanForm):
    day = _date(_l("Day"), _l("Enter the day of the interview."))
    start_time = _time(_l("Starts at"), _l("Enter the start time, like 10:00."))
    end_time = _time(_l("Ends at"), _l("Enter the end time, like 11:00."))


class MergeForm(PlanForm):
    other = SelectField(_l("Merge with"), coerce=_int_or_none, validate_choice=False)


class AvailabilityForm(BaseForm):
    """The partner's "this person is not available then", with a note."""

    unavailable = SelectField(
        _l("Can everyone attend?"),
        choices=[
            SelectChoice("no", _l("Yes, everyone can attend")),
            SelectChoice("yes", _l("Someone is not available then")),
        ],
    )
    note = TextAreaField(
        _l("Who is not available, and when they could be"),
        validators=[Optional(), max_length(NOTE_MAX)],
    )


class PartnerTimeZoneForm(BaseForm):
    time_zone = SelectField(
        _l("Show the times in"),
        choices=[SelectChoice(code, label) for code, label in TIME_ZONE.items()],
    )
