"""What every staff page needs: the signed-in person, words for codes, dates, departments,
links to other features when they are installed, and remembering the language chosen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from flask import g, request

from core.auth import current_staff
from core.db import db
from core.i18n import LANGS, current_lang
from core.labels import STATUS as STATUS_LABELS
from core.labels import Labels
from intake.reference import DEPARTMENTS
from staff.blueprint import bp
from staff.labels import ACTION_LABELS, ACTOR_LABELS, ROLE_LABELS, label_for


def departments() -> dict[str, dict[str, str]]:
    """Department code -> {"en", "fr"} names (intake's list of departments and agencies)."""
    return {d.code: d.name for d in DEPARTMENTS}


def department_label(code: str | None, other: str | None = None) -> str:
    """The department's name in the page's language; what the partner typed for "other";
    the code itself when the list does not know it (never an error)."""
    return Labels.current().department(code, other)


def fmt_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def fmt_datetime(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


@bp.before_request
def _remember_language() -> None:
    """The language of the pages a staff member opens is their preference (StaffUser.language)."""
    lang = g.get("lang")
    user = current_staff()
    if user is not None and lang in LANGS and user.language != lang:
        user.language = lang
        db.commit()


@bp.context_processor
def _staff_context() -> dict[str, Callable[..., Any] | Any]:
    return {
        "staff_user": current_staff(),
        "status_label": lambda code: label_for(STATUS_LABELS, code),
        "role_label": lambda code: label_for(ROLE_LABELS, code),
        "action_label": lambda code: label_for(ACTION_LABELS, code),
        "actor_label": lambda code: label_for(ACTOR_LABELS, code),
        "department_label": department_label,
        "fmt_date": fmt_date,
        "fmt_datetime": fmt_datetime,
        "current_path": request.full_path.rstrip("?"),
        "page_lang": current_lang(),
    }
