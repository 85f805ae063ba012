"""The stakeholders step, a person to interview, and the documents checklist: forms whose fields
come from the reference data and from the people already named."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from wtforms import (
    BooleanField,
    Field,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Optional, ValidationError
from wtforms.widgets import CheckboxInput

from core.forms import summary_target, work_email
from core.i18n import lazy_gettext as _l
from core.i18n import localized
from intake.forms import Required, StepForm, limit, options
from intake.models import DOCUMENT_STATUSES
from intake.reference import DOCUMENTS, TOPICS
from intake.service import (
    DOCUMENT_STATUS_LABELS,
    INVOLVEMENT_LABELS,
)
from intake.step_forms import language_choices


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
                        (
                            summary_target(field),
                            _("%(item)s: %(message)s", item=document_name, message=message),
                        )
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
