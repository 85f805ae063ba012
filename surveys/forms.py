"""Survey forms. The grid's radio groups are read with plain code (parse_choice), not 18 WTForms
fields: the practice page is the most visited page, and its groups are rendered by a template
loop over the framework data. WTForms handles the rest (comment, version, about you)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wtforms import HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from core.forms import BaseForm, max_length
from core.i18n import lazy_gettext as _l
from intake.reference import TOPICS
from surveys.service import DONT_KNOW, RESPONDENT_LEVELS

COMMENT_MAX = 2000
NOT_GIVEN = "not_given"  # "Prefer not to say": lets someone clear an earlier choice
LEVEL_CHOICES = ("1", "2", "3", "4")

Choice = int | None | str  # a level 1-4, None for "don't know", "" for not answered


class ChoiceError(ValueError):
    """A posted value that no radio button of the page could have sent."""


def parse_choice(formdata: Mapping[str, Any], name: str) -> Choice:
    """Read one radio group: "1"-"4" -> int, "dont_know" -> None, absent or "" -> "".
    Anything else (or the same name twice) raises ChoiceError."""
    values = formdata.getlist(name) if hasattr(formdata, "getlist") else [formdata.get(name)]
    values = [v for v in values if v is not None]
    if len(values) > 1:
        raise ChoiceError(name)
    value = values[0].strip() if values else ""
    if value == "":
        return ""
    if value == DONT_KNOW:
        return None
    if value in LEVEL_CHOICES:
        return int(value)
    raise ChoiceError(name)


def parse_grid(
    formdata: Mapping[str, Any], role_ids: Iterable[str]
) -> tuple[dict[str, Choice], list[str]]:
    """Read the radio groups of one practice page (`rating-<role id>`); unknown keys are
    ignored. Returns the values by role id (malformed ones as "") and the malformed role ids."""
    values: dict[str, Choice] = {}
    malformed: list[str] = []
    for role_id in role_ids:
        try:
            values[role_id] = parse_choice(formdata, f"rating-{role_id}")
        except ChoiceError:
            values[role_id] = ""
            malformed.append(role_id)
    return values, malformed


def choice_to_form_value(value: Choice) -> str:
    """The radio value that shows a stored or posted choice as checked."""
    if value is None:
        return DONT_KNOW
    return str(value) if value != "" else ""


class _Versioned(BaseForm):
    # The respondent's version when the page was shown: a save from an older page is a conflict.
    version = IntegerField(validators=[InputRequired(), NumberRange(min=1)])


class PracticeForm(_Versioned):
    comment = TextAreaField(_l("Comments on this practice"), validators=[max_length(COMMENT_MAX)])


class OverallForm(_Versioned):
    comment = TextAreaField(_l("Comments"), validators=[max_length(COMMENT_MAX)])


class ReviewForm(_Versioned):
    pass


def _optional_choice(allowed: Iterable[str]) -> Any:
    allowed = set(allowed)

    def check(_form: BaseForm, field: Any) -> None:
        if field.data and field.data not in allowed:
            raise ValidationError(_l("Choose one of the options, or leave the question blank."))

    return check


class AboutForm(BaseForm):
    """Optional: which area and level someone works in, so results can be read by group."""

    functional_area = RadioField(
        _l("Functional area"),
        choices=[SelectChoice(t.id) for t in TOPICS],
        validate_choice=False,
        validators=[Optional(), _optional_choice([*(t.id for t in TOPICS), NOT_GIVEN])],
    )
    level = RadioField(
        _l("Level"),
        choices=[SelectChoice(level) for level in RESPONDENT_LEVELS],
        validate_choice=False,
        validators=[Optional(), _optional_choice([*RESPONDENT_LEVELS, NOT_GIVEN])],
    )

    def localize(
        self, topic_names: list[tuple[str, str]], level_names: list[tuple[str, str]]
    ) -> AboutForm:
        """Show the choices in the page's language (the values stay the same)."""
        self.functional_area.choices = [SelectChoice(v, label) for v, label in topic_names]
        self.level.choices = [SelectChoice(v, label) for v, label in level_names]
        return self

    def cleaned(self) -> tuple[str | None, str | None]:
        """(functional area, level), None where not given."""
        area = self.functional_area.data
        level = self.level.data
        return (
            None if area in (None, "", NOT_GIVEN) else area,
            None if level in (None, "", NOT_GIVEN) else level,
        )


class ManageForm(BaseForm):
    action = HiddenField()
