"""The audit log's filter: a WTForms form read from the query string (GET), built from the
same parts as the dashboard's (core.query_forms: the GET form base, the date range, the page).

Plain GET forms build these query strings, and anyone can edit a URL, so every value is
validated: a bad one is left out of the filter and reported next to its field (the page then
answers 400), never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from core.i18n import lazy_gettext as _l
from core.query_forms import QueryForm, date_from_field, date_to_field, page_field

# A reference like EXP-2026-0042, or an exploration's id.
_REFERENCE = re.compile(r"[A-Za-z0-9-]{1,20}")


@dataclass(frozen=True)
class AuditFilter:
    """What the admin's audit log shows: by action, actor, exploration and date range."""

    action: str | None = None
    actor: str | None = None  # "staff:<id>" or an actor kind (partner_link, ...)
    exploration: str | None = None  # a reference like EXP-2026-0042, or an id
    date_from: date | None = None
    date_to: date | None = None

    @property
    def since(self) -> datetime | None:
        return datetime.combine(self.date_from, time.min) if self.date_from else None

    @property
    def before(self) -> datetime | None:
        return (
            datetime.combine(self.date_to + timedelta(days=1), time.min) if self.date_to else None
        )


class AuditFilterForm(QueryForm):
    """The audit log's filter: action, actor, exploration, from, to and page. The action and
    actor lists are the view's (offer()); a value not in them is refused."""

    id_prefix = "audit"
    error_targets = {"page": "audit"}

    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    actor = SelectField(_l("Who"), choices=[], validate_choice=False)
    exploration = StringField(_l("Request reference"))
    date_from = date_from_field()
    date_to = date_to_field()
    page = page_field()

    def offer(
        self,
        actions: Iterable[tuple[str, str]],
        actors: Iterable[tuple[str, str]],
        words: Mapping[str, str],
    ) -> AuditFilterForm:
        """Give the two lists their (code, name) options after their "all" option, from
        `words` ("all_actions", "everyone"). Call before validate(): they are what it takes."""
        self.action.choices = [
            SelectChoice("", words["all_actions"]),
            *(SelectChoice(code, name) for code, name in actions),
        ]
        self.actor.choices = [
            SelectChoice("", words["everyone"]),
            *(SelectChoice(code, name) for code, name in actors),
        ]
        return self

    @staticmethod
    def _offered(field: SelectField) -> bool:
        return any(choice.value == field.data for choice in field.choices or ())

    def validate_action(self, field: SelectField) -> None:
        if field.data and not self._offered(field):
            raise ValidationError(_l("Choose an action from the list."))

    def validate_actor(self, field: SelectField) -> None:
        if field.data and not self._offered(field):
            raise ValidationError(_l("Choose who from the list."))

    def validate_exploration(self, field: StringField) -> None:
        if field.data and not _REFERENCE.fullmatch(field.data):
            raise ValidationError(_l("Enter a reference like EXP-2026-0042."))

    @property
    def filters(self) -> AuditFilter:
        """The AuditFilter of the values that passed validation (call after validate())."""
        exploration = self.valid_data(self.exploration)
        return AuditFilter(
            action=self.valid_data(self.action),
            actor=self.valid_data(self.actor),
            exploration=exploration.upper() if exploration else None,
            date_from=self.valid_data(self.date_from),
            date_to=self.valid_data(self.date_to),
        )

    @property
    def query_args(self) -> dict[str, str]:
        """The query string of the filter shown (for the pager's links)."""
        shown = self.filters
        args = {
            "action": shown.action,
            "actor": shown.actor,
            "exploration": self.valid_data(self.exploration),
            "from": shown.date_from.isoformat() if shown.date_from else None,
            "to": shown.date_to.isoformat() if shown.date_to else None,
        }
        return {name: value for name, value in args.items() if value}
