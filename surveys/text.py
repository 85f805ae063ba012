"""The survey's words for templates (`survey_text()`): the results macros are imported without
the page's context. Every code-to-words map is core.labels' (the one source); the functions
below give its words in the request's language under the names the survey pages use."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from flask_babel import format_decimal, gettext

from core.i18n import current_lang, localized
from core.labels import NOT_GIVEN, Labels
from surveys.aggregation import OVERALL
from surveys.framework import FRAMEWORK


def respondent_level_name(level: str | None) -> str:
    labels = Labels.current()
    return labels.respondent_level(level, missing=labels.word(NOT_GIVEN))


def functional_area_name(area: str | None) -> str:
    return Labels.current().functional_area(area)


def level_name(value: int | None) -> str:
    """A level's name; None, or a value the framework does not know: "don't know"."""
    if value is not None and value not in FRAMEWORK.level_by_value:
        value = None
    return Labels.current().level(value)


def choice_text(value: int | str | None) -> str:
    return Labels.current().choice(value)


class SurveyText:
    """Labels for templates (the results macros are imported without the page context)."""

    framework = FRAMEWORK
    overall = OVERALL

    @staticmethod
    def practice(practice_id: str) -> str:
        return Labels.current().practice(practice_id)

    @staticmethod
    def role(role_id: str) -> str:
        return Labels.current().role(role_id)

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
    def per_level(distribution: Sequence[int]) -> str:
        """ "Level 1: 4; Level 2: 1; …" (in French, "Niveau 1 : 4 ; …")."""
        return Labels.current().semicolons(
            gettext("Level %(level)d: %(count)d", level=level, count=count)
            for level, count in enumerate(distribution, 1)
        )

    @staticmethod
    def number(value: float) -> str:
        """A median in the page's language: 2.5 in English, 2,5 in French."""
        return format_decimal(value, format="0.#")

    @staticmethod
    def date(value: datetime | None) -> str:
        """A long date in the page's language ("1er février 2027" in French)."""
        return Labels.current().date(value)
