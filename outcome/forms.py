"""The outcome's forms: a grid of 18 ratings (a member's, or the lead's reconciled one), the
findings of one practice, a recommendation, and the orders of the week-4 workshop.

Every choice is checked against its list here (a rating outside the scale gets a message next
to its cell, never a guess); what the page showed travels back in a hidden field (a version
or a fingerprint) so a save over someone else's newer change gets the conflict page.
"""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, ValidationError
from wtforms.widgets import CheckboxInput

from core.forms import BaseForm, max_length
from core.i18n import lazy_gettext as _l
from core.labels import CARRIER, HORIZON, NOT_ENOUGH_EVIDENCE, SIZE, Labels
from outcome.compare import NOT_ENOUGH_EVIDENCE as NONE_VALUE
from outcome.compare import Cell, parse_level
from outcome.models import CARRIERS, HORIZONS, SIZES
from outcome.service import RATIONALE_MAX, TEXT_MAX, TITLE_MAX
from surveys.framework import FRAMEWORK


def field_name(kind: str, cell: Cell) -> str:
    return f"{kind}__{cell[0]}__{cell[1]}"


def level_choices() -> list[SelectChoice]:
    labels = Labels.current()
    return [SelectChoice(str(lv.value), labels.choice(lv.value)) for lv in FRAMEWORK.levels] + [
        SelectChoice(NONE_VALUE, NOT_ENOUGH_EVIDENCE)
    ]


class _GridBase(BaseForm):
    """18 cells, each a level (or "not enough evidence") and a rationale; built below."""

    fingerprint = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = level_choices()
        for cell in FRAMEWORK.cells:
            self.level(cell).choices = choices

    def level(self, cell: Cell) -> RadioField:
        return self[field_name("level", cell)]

    def rationale(self, cell: Cell) -> TextAreaField:
        return self[field_name("rationale", cell)]

    def check(self, *, rationale_required: bool) -> bool:
        """Validate every cell: the level on the scale; with `rationale_required`, a rationale
        for each level given, and a level for each rationale."""
        valid = self.validate()
        for cell in FRAMEWORK.cells:
            level, why = self.level(cell), self.rationale(cell)
            raw = level.data or ""
            if raw:
                try:
                    parse_level(raw)
                except ValueError:
                    level.errors = [_l("Choose a level of the scale, or “Not enough evidence”.")]
                    valid = False
                    continue
                if rationale_required and not why.data:
                    why.errors = [*why.errors, _l("Give the reason for this rating.")]
                    valid = False
            elif why.data and rationale_required:
                level.errors = [_l("Choose the reconciled rating, or remove the reason.")]
                valid = False
        return valid

    def cleaned(self) -> dict[Cell, tuple[int | None, str | None]]:
        """Rated cells only: (level or None for "not enough evidence", rationale)."""
        values = {}
        for cell in FRAMEWORK.cells:
            raw = self.level(cell).data or ""
            if raw:
                values[cell] = (parse_level(raw), self.rationale(cell).data or None)
        return values


def _grid_fields() -> dict[str, Field]:
    fields: dict[str, Field] = {}
    for cell in FRAMEWORK.cells:
        fields[field_name("level", cell)] = RadioField(
            _l("Rating"), choices=[], validate_choice=False
        )
        fields[field_name("rationale", cell)] = TextAreaField(
            _l("Reason"), validators=[max_length(RATIONALE_MAX)]
        )
    return fields


GridForm = type("GridForm", (_GridBase,), _grid_fields())


class FindingForm(BaseForm):
    fingerprint = HiddenField()
    helps = TextAreaField(_l("What helps"), validators=[max_length(TEXT_MAX)])
    blocks = TextAreaField(_l("What blocks"), validators=[max_length(TEXT_MAX)])
    roles = SelectMultipleField(
        _l("Where it shows (roles and structures)"),
        validate_choice=False,
        option_widget=CheckboxInput(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = Labels.current()
        self.roles.choices = [SelectChoice(r.id, labels.role(r.id)) for r in FRAMEWORK.roles]

    def validate_roles(self, field: Field) -> None:
        if any(value not in FRAMEWORK.role_by_id for value in field.data or []):
            raise ValidationError(_l("Choose roles and structures from the list."))


def _coded(codes: tuple[str, ...], words: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(code, words[code]) for code in codes]


class RecommendationForm(BaseForm):
    version = HiddenField()
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Enter a title.")), max_length(TITLE_MAX)],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[DataRequired(_l("Describe the recommendation.")), max_length(TEXT_MAX)],
    )
    practices = SelectMultipleField(
        _l("Practices it addresses"), validate_choice=False, option_widget=CheckboxInput()
    )
    roles = SelectMultipleField(
        _l("Roles and structures it addresses"),
        validate_choice=False,
        option_widget=CheckboxInput(),
    )
    horizon = RadioField(
        _l("Horizon"),
        choices=_coded(HORIZONS, HORIZON),
        validate_choice=False,
        validators=[InputRequired(_l("Choose the horizon."))],
    )
    effort = RadioField(
        _l("Effort"),
        choices=_coded(SIZES, SIZE),
        validate_choice=False,
        validators=[InputRequired(_l("Choose the effort."))],
    )
    impact = RadioField(
        _l("Impact"),
        choices=_coded(SIZES, SIZE),
        validate_choice=False,
        validators=[InputRequired(_l("Choose the impact."))],
    )
    carrier = RadioField(
        _l("Who could carry it"),
        choices=_coded(CARRIERS, CARRIER),
        validate_choice=False,
        validators=[InputRequired(_l("Choose who could carry it."))],
    )
    carrier_name = StringField(
        _l("Name of the other organization"), validators=[max_length(TITLE_MAX)]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = Labels.current()
        self.practices.choices = [
            SelectChoice(p.id, labels.practice(p.id)) for p in FRAMEWORK.practices
        ]
        self.roles.choices = [SelectChoice(r.id, labels.role(r.id)) for r in FRAMEWORK.roles]

    def validate_practices(self, field: Field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one practice."))
        if any(value not in FRAMEWORK.practice_by_id for value in field.data):
            raise ValidationError(_l("Choose practices from the list."))

    def validate_roles(self, field: Field) -> None:
        if any(value not in FRAMEWORK.role_by_id for value in field.data or []):
            raise ValidationError(_l("Choose roles and structures from the list."))

    def validate_horizon(self, field: Field) -> None:
        if field.data not in HORIZONS:
            raise ValidationError(_l("Choose the horizon."))

    def validate_effort(self, field: Field) -> None:
        if field.data not in SIZES:
            raise ValidationError(_l("Choose the effort."))

    def validate_impact(self, field: Field) -> None:
        if field.data not in SIZES:
            raise ValidationError(_l("Choose the impact."))

    def validate_carrier(self, field: Field) -> None:
        if field.data not in CARRIERS:
            raise ValidationError(_l("Choose who could carry it."))

    def validate_carrier_name(self, field: Field) -> None:
        if self.carrier.data == "other" and not field.data:
            raise ValidationError(_l("Name the organization that could carry it."))

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "description": self.description.data,
            "practices": [p.id for p in FRAMEWORK.practices if p.id in self.practices.data],
            "roles": [r.id for r in FRAMEWORK.roles if r.id in (self.roles.data or [])],
            "horizon": self.horizon.data,
            "effort": self.effort.data,
            "impact": self.impact.data,
            "carrier": self.carrier.data,
            "carrier_name": self.carrier_name.data,
        }


class PositionsForm(BaseForm):
    """An order of n recommendations: one position select per recommendation (works without
    JavaScript), plus, for the partner, "we would like CDS's help" and a comment each."""

    version = HiddenField()


def positions_form(ids: list[int], *, partner: bool, posted: bool, **kw: Any) -> BaseForm:
    """The order form for these recommendations: read from the request when `posted`, else
    filled from `data=`."""
    count = len(ids)
    choices = [SelectChoice(str(n), str(n)) for n in range(1, count + 1)]
    fields: dict[str, Field] = {}
    for rid in ids:
        fields[f"position_{rid}"] = SelectField(
            _l("Position"),
            choices=choices,
            validate_choice=False,
            validators=[InputRequired(_l("Choose a position."))],
        )
        if partner:
            fields[f"help_{rid}"] = BooleanField(_l("We would like CDS’s help"))
            fields[f"comment_{rid}"] = TextAreaField(
                _l("Your comment"), validators=[max_length(TEXT_MAX)]
            )
    form_class = type("OrderForm", (PositionsForm,), fields)
    return form_class(**kw) if posted else form_class(formdata=None, **kw)


def read_positions(form: BaseForm, ids: list[int]) -> dict[int, int] | None:
    """{recommendation id: position}, or None with an error on the field that is wrong."""
    positions: dict[int, int] = {}
    valid = True
    for rid in ids:
        field = form[f"position_{rid}"]
        raw = field.data or ""
        if raw.isdigit() and 1 <= int(raw) <= len(ids):
            positions[rid] = int(raw)
        else:
            field.errors = [_l("Choose a position from 1 to %(n)d.", n=len(ids))]
            valid = False
    if valid and sorted(positions.values()) != list(range(1, len(ids) + 1)):
        seen: set[int] = set()
        for rid in ids:
            if positions[rid] in seen:
                form[f"position_{rid}"].errors = [
                    _l("Give each recommendation a different position.")
                ]
            seen.add(positions[rid])
        valid = False
    return positions if valid else None
