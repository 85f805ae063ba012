"""The survey's words for templates (`survey_text()`): the results macros are imported without
the page's context. Every code-to-words map is core.labels' (the one source); the names the
survey pages use are re-exported from there."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flask_babel import format_decimal

from core.i18n import current_lang, localized
from core.labels import Labels, choice_text, functional_area_name, level_name, respondent_level_name
from surveys.aggregation import OVERALL
from surveys.framework import FRAMEWORK

__all__ = [
    "SurveyText",
    "choice_text",
    "functional_area_name",
    "level_name",
    "respondent_level_name",
]


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
    def number(value: float) -> str:
        """A median in the page's language: 2.5 in English, 2,5 in French."""
        return format_decimal(value, format="0.#")

    @staticmethod
    def date(value: datetime | None) -> str:
        """A long date in the page's language ("1er février 2027" in French)."""
        return Labels.current().date(value)
