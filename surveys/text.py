"""The survey's codes as words in the page's language: respondent levels, functional areas,
levels of the framework and stored answers, for the pages, the results macros and other
blueprints (SurveyText is the templates' `survey_text()`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from core.i18n import current_lang, localized
from intake.reference import TOPIC_BY_ID
from surveys.aggregation import OVERALL
from surveys.forms import Choice
from surveys.framework import FRAMEWORK


def respondent_level_name(level: str | None) -> str:
    names = {
        "executive": _("Executive"),
        "management": _("Management"),
        "working": _("Working level"),
    }
    return names.get(level or "", _("Not given"))


def functional_area_name(area: str | None) -> str:
    topic = TOPIC_BY_ID.get(area or "")
    return localized(topic.name) if topic else _("Not given")


def level_name(value: int | None) -> str:
    level = FRAMEWORK.level_by_value.get(value) if value is not None else None
    return localized(level.name) if level else localized(FRAMEWORK.dont_know)


def choice_text(value: Choice | None) -> str:
    """A stored answer as words: "3 - Experienced", "Don't know / not applicable", or
    "Not answered"."""
    if value == "":
        return _("Not answered")
    if value is None:
        return localized(FRAMEWORK.dont_know)
    return _("%(value)d – %(name)s", value=value, name=level_name(int(value)))


class SurveyText:
    """Labels for templates (the results macros are imported without the page context)."""

    framework = FRAMEWORK
    overall = OVERALL

    @staticmethod
    def practice(practice_id: str) -> str:
        if practice_id == OVERALL:
            return _("Overall question")
        return localized(FRAMEWORK.practice_by_id[practice_id].name)

    @staticmethod
    def role(role_id: str) -> str:
        return localized(FRAMEWORK.role_by_id[role_id].name)

    level = staticmethod(level_name)
    area = staticmethod(functional_area_name)
    respondent_level = staticmethod(respondent_level_name)
    choice = staticmethod(choice_text)

    @staticmethod
    def text(value: Mapping[str, str]) -> str:
        return localized(value)

    @staticmethod
    def lang() -> str:
        return current_lang()

    @staticmethod
    def number(value: float) -> str:
        """A median in the page's language: 2.5 in English, 2,5 in French."""
        return format_decimal(value, format="0.#")

    @staticmethod
    def date(value: datetime | None) -> str:
        return format_date(value, format="long") if value else ""
