"""Staff forms. Every form that changes a request carries the version of the request the
page showed, so a change made on a stale page is refused with a conflict page, never applied
over someone else's."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    PasswordField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from core.auth import ROLES
from core.forms import BaseForm, max_length, work_email
from core.i18n import lazy_gettext as _l
from intake.service import STATUS_LABELS
from staff.labels import ROLE_LABELS
from staff.passwords import MAX_LENGTH, password_problems

NOTE_MAX = 5000


def _version_value(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class VersionForm(BaseForm):
    """The version of the request the page was built from (optimistic locking)."""

    version = HiddenField(filters=[_version_value])

    def validate_version(self, field: HiddenField) -> None:
        if field.data is None:
            raise ValidationError(_l("Reload the page and try again."))


class SignInForm(BaseForm):
    email = StringField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address.")), max_length(254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), max_length(MAX_LENGTH)],
    )


# Moves that end the request against the partner's wish: staff must say why, and the partner
# reads it on their page (and, for a decline, in the email).
REASON_REQUIRED = frozenset({"declined", "withdrawn"})
REASON_MAX = 2000


class StatusForm(VersionForm):
    status = RadioField(
        _l("New status"),
        choices=[],
        validators=[InputRequired(_l("Choose the new status."))],
        validate_choice=False,  # checked against the workflow in the view, with its own message
    )
    reason = TextAreaField(
        _l("Reason"),
        description=_l(
            "Needed to decline or withdraw the request. The project lead reads it on their "
            "page and, for a decline, in the email."
        ),
        validators=[max_length(REASON_MAX)],  # required or not: validate_reason
    )

    def offer(self, statuses: tuple[str, ...]) -> StatusForm:
        self.status.choices = [SelectChoice(s, str(STATUS_LABELS[s])) for s in statuses]
        return self

    def validate_reason(self, field: TextAreaField) -> None:
        if self.status.data in REASON_REQUIRED and not (field.data or "").strip():
            raise ValidationError(_l("Enter the reason for declining or withdrawing the request."))


class DatesForm(VersionForm):
    agreed_start = DateField(
        _l("Agreed start date"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    agreed_end = DateField(
        _l("Agreed end date"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in (self.agreed_start, self.agreed_end):
            if field.raw_data and field.raw_data[0] and field.data is None:
                field.errors = [_l("Enter the date as year-month-day, like 2027-03-15.")]
                valid = False
        if not valid:
            return False
        start, end = self.agreed_start.data, self.agreed_end.data
        if start and not end:
            self.agreed_end.errors = [_l("Enter the agreed end date.")]
            return False
        if end and not start:
            self.agreed_start.errors = [_l("Enter the agreed start date.")]
            return False
        if start and end and end <= start:
            self.agreed_end.errors = [_l("The end date must be after the start date.")]
            return False
        return True


class NoteForm(VersionForm):
    body = TextAreaField(
        _l("Internal note"),
        validators=[DataRequired(_l("Enter the note.")), max_length(NOTE_MAX)],
    )


class _NewPasswordMixin:
    """Two password fields that must match and follow the policy."""

    def check_new_password(self, email: str | None) -> bool:
        password: PasswordField = self.password  # type: ignore[attr-defined]
        confirm: PasswordField = self.confirm  # type: ignore[attr-defined]
        if password.errors:
            return False
        problems = password_problems(password.data or "", email)
        if problems:
            password.errors = [*password.errors, *problems]
            return False
        if (confirm.data or "") != (password.data or ""):
            confirm.errors = [_l("The two passwords are not the same.")]
            return False
        return True


def _password_fields(label: Any) -> tuple[PasswordField, PasswordField]:
    return (
        PasswordField(label, validators=[DataRequired(_l("Enter a password."))]),
        PasswordField(
            _l("Type the password again"),
            validators=[DataRequired(_l("Type the password again."))],
        ),
    )


class AccountCreateForm(_NewPasswordMixin, BaseForm):
    email = StringField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter the email address.")), max_length(254), work_email()],
    )
    name = StringField(_l("Name"), validators=[Optional(), max_length(120)])
    role = RadioField(
        _l("Role"),
        choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES],
        default="viewer",
        validators=[InputRequired(_l("Choose a role."))],
    )
    password, confirm = _password_fields(_l("Password"))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        return self.check_new_password(self.email.data) and valid


class AccountEditForm(BaseForm):
    name = StringField(_l("Name"), validators=[Optional(), max_length(120)])
    role = RadioField(
        _l("Role"),
        choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES],
        validators=[InputRequired(_l("Choose a role."))],
    )
    access = RadioField(
        _l("Access"),
        choices=[
            SelectChoice("active", _l("Can sign in")),
            SelectChoice("disabled", _l("Disabled")),
        ],
        validators=[InputRequired(_l("Choose whether the account can sign in."))],
    )


class PasswordResetForm(_NewPasswordMixin, BaseForm):
    password, confirm = _password_fields(_l("New password"))

    def __init__(self, *args: Any, email: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._email = email

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        return self.check_new_password(self._email) and valid


class PasswordChangeForm(_NewPasswordMixin, BaseForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")), max_length(MAX_LENGTH)],
    )
    password, confirm = _password_fields(_l("New password"))

    def __init__(self, *args: Any, email: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._email = email

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        return self.check_new_password(self._email) and valid


HOLD_REASON_MAX = 500


class HoldForm(BaseForm):
    """An admin's hold on a request's retention: why (an access request, a complaint, a legal
    matter), in a few words that name no one."""

    reason = TextAreaField(
        _l("Reason for the hold"),
        validators=[
            DataRequired(_l("Enter the reason for the hold.")),
            max_length(HOLD_REASON_MAX),
        ],
    )


class PersonForm(BaseForm):
    """The email address of one person whose information is asked for or to be removed."""

    email = StringField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter the person’s email address.")),
            max_length(254),
            work_email(),
        ],
    )


class RemovePersonForm(PersonForm):
    confirm = BooleanField(
        _l("The person asked for their information to be removed, and nothing holds it."),
        validators=[DataRequired(_l("Confirm that the person asked for the removal."))],
    )
