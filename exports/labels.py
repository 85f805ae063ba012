"""Words for the exports in one language, without needing a Flask request.

Builders are pure functions called from a request, the command line or a benchmark, so they
cannot rely on Flask-Babel's request locale. `Labels(lang)` reads the same compiled catalogue
(translations/fr/LC_MESSAGES/messages.mo) with Babel directly; English is the source text.
Inside a builder the instance is named `_`, so the usual extraction finds every string.

Reference data (topics, documents, weeks, practices, roles, levels, departments) comes from
the data files, where both languages stand side by side.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from config import BASE_DIR
from intake.reference import DOCUMENT_BY_ID, DOCUMENT_GROUPS, TOPIC_BY_ID
from surveys.framework import FRAMEWORK

LANGS = ("en", "fr")
LOCALES = {"en": "en_CA", "fr": "fr_CA"}
TRANSLATIONS_DIR = BASE_DIR / "translations"
DEPARTMENTS_FILE = BASE_DIR / "intake" / "departments.json"


@cache
def _catalogue(lang: str) -> NullTranslations:
    if lang == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [lang], domain="messages")


def _departments_from(path: Path) -> dict[str, dict[str, str]]:
    """Department names by code, whichever shape the file has ({code: {en, fr}} or a list)."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "departments" in data:
        data = data["departments"]
    names: dict[str, dict[str, str]] = {}
    if isinstance(data, dict):
        items = data.items()
    else:
        items = ((entry.get("code") or entry.get("id"), entry) for entry in data)
    for code, entry in items:
        name = entry.get("name", entry) if isinstance(entry, dict) else None
        if code and isinstance(name, dict) and "en" in name and "fr" in name:
            names[str(code)] = {"en": name["en"], "fr": name["fr"]}
    return names


@cache
def department_names() -> dict[str, dict[str, str]]:
    return _departments_from(DEPARTMENTS_FILE)


class Labels:
    """Every word an export prints, in one language. Call it like gettext."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self.locale = LOCALES[lang]
        self._translations = _catalogue(lang)

    def __call__(self, message: str, **values: Any) -> str:
        text = self._translations.gettext(message)
        return text % values if values else text

    # Workflow and checklist codes -------------------------------------------------------
    def status(self, code: str | None) -> str:
        _ = self
        names = {
            "draft": _("Draft"),
            "submitted": _("Submitted"),
            "accepted": _("Accepted"),
            "declined": _("Declined"),
            "withdrawn": _("Withdrawn"),
            "scheduled": _("Scheduled"),
            "in_progress": _("In progress"),
            "completed": _("Completed"),
        }
        return names.get(code or "", code or "")

    def document_status(self, code: str | None) -> str:
        _ = self
        names = {
            "will_share": _("Will share"),
            "shared": _("Shared"),
            "not_available": _("Not available"),
            "not_applicable": _("Not applicable"),
        }
        return names.get(code or "", _("Not answered yet"))

    def involvement(self, code: str | None) -> str:
        _ = self
        names = {"direct": _("Directly involved"), "supporting": _("Supporting")}
        return names.get(code or "", code or "")

    def respondent_level(self, code: str | None) -> str:
        _ = self
        names = {
            "executive": _("Executive"),
            "management": _("Management"),
            "working": _("Working level"),
        }
        return names.get(code or "", code or "")

    def language(self, code: str | None) -> str:
        _ = self
        return {"en": _("English"), "fr": _("French")}.get(code or "", code or "")

    def yes_no(self, value: bool) -> str:
        _ = self
        return _("Yes") if value else _("No")

    # Reference data ------------------------------------------------------------------------
    def department(self, code: str | None, other: str | None = None) -> str:
        """The department's name; a department typed in ("other") is shown as typed."""
        if other and (not code or code == "other"):
            return other
        names = department_names().get(code or "")
        if names:
            return names[self.lang]
        return other or code or ""

    def topic(self, topic_id: str | None) -> str:
        topic = TOPIC_BY_ID.get(topic_id or "")
        return topic.name[self.lang] if topic else (topic_id or "")

    def document(self, document_id: str) -> str:
        document = DOCUMENT_BY_ID.get(document_id)
        return document.name[self.lang] if document else document_id

    def document_group(self, group_id: str | None) -> str:
        group = DOCUMENT_GROUPS.get(group_id or "")
        return group.name[self.lang] if group else ""

    def practice(self, practice_id: str) -> str:
        practice = FRAMEWORK.practice_by_id.get(practice_id)
        return practice.name[self.lang] if practice else practice_id

    def role(self, role_id: str) -> str:
        role = FRAMEWORK.role_by_id.get(role_id)
        return role.name[self.lang] if role else role_id

    def level(self, value: int | None) -> str:
        """A rating's level name; None is the "don't know / not applicable" answer."""
        if value is None:
            return FRAMEWORK.dont_know[self.lang]
        level = FRAMEWORK.level_by_value.get(value)
        return level.name[self.lang] if level else str(value)

    # Formats ---------------------------------------------------------------------------------
    def date(self, value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.date()
        return format_date(value, format="long", locale=self.locale)

    def number(self, value: float | int | None) -> str:
        if value is None:
            return ""
        return format_decimal(value, format="#,##0.#", locale=self.locale)
