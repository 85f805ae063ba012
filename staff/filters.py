"""The audit log's query string, read in one place. (The dashboard's is read by
exports.filters, shared with the workbook download.)

Plain GET forms build these query strings, and anyone can edit a URL, so every value is
checked: a bad one is left out of the filter and reported next to its field (the page then
answers 400), never a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from core.i18n import lazy_gettext as _l
from exports.filters import Parsed, first_value, parse_date_range, parse_page


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


def parse_audit_query(args: Mapping[str, Any], actions: set[str], actors: set[str]) -> Parsed:
    """Read the audit log's query string (action, actor, exploration, from, to, page)."""
    errors: dict[str, str] = {}
    action = first_value(args, "action") or None
    if action and action not in actions:
        errors["action"] = str(_l("Choose an action from the list."))
        action = None
    actor = first_value(args, "actor") or None
    if actor and actor not in actors:
        errors["actor"] = str(_l("Choose who from the list."))
        actor = None
    exploration = first_value(args, "exploration") or None
    if exploration and (len(exploration) > 20 or not exploration.replace("-", "").isalnum()):
        errors["exploration"] = str(_l("Enter a reference like EXP-2026-0042."))
        exploration = None
    raw_from, raw_to = first_value(args, "from"), first_value(args, "to")
    date_from, date_to = parse_date_range(raw_from, raw_to, errors)
    page = parse_page(first_value(args, "page"), errors)
    filters = AuditFilter(
        action, actor, exploration.upper() if exploration else None, date_from, date_to
    )
    values = {
        "action": action or "",
        "actor": actor or "",
        "exploration": exploration or "",
        "from": raw_from if "from" in errors else (date_from.isoformat() if date_from else ""),
        "to": raw_to if "to" in errors else (date_to.isoformat() if date_to else ""),
    }
    return Parsed(filters=filters, page=page, errors=errors, values=values)
