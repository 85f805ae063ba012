"""The dashboard's and the audit log's query strings, read in one place each.

Plain GET forms build these query strings, and anyone can edit a URL, so every value is
checked: a bad one is left out of the filter and reported next to its field (the page then
answers 400), never a 500. The same PortfolioFilter drives the dashboard and the workbook, so
"download what I see" is the dashboard's own query string.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from exports.portfolio import SORTABLE, PortfolioFilter
from intake.models import STATUSES

PER_PAGE = 25
MAX_PAGE = 100_000
MAX_SEARCH = 200
DEFAULT_SORT = "submitted"
SORT_DIRECTIONS = ("asc", "desc")


@dataclass
class Parsed:
    """What a query string asked for, what was wrong with it, and the values to show back."""

    filters: Any
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


def _getlist(args: Mapping[str, Any], name: str) -> list[str]:
    if hasattr(args, "getlist"):
        return [str(v) for v in args.getlist(name)]
    value = args.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _first(args: Mapping[str, Any], name: str) -> str:
    values = _getlist(args, name)
    return values[0].strip() if values else ""


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _parse_page(text: str, errors: dict[str, str]) -> int:
    if not text:
        return 1
    if text.isdigit() and 1 <= int(text) <= MAX_PAGE:
        return int(text)
    errors["page"] = str(_l("The page number must be a whole number from 1 up."))
    return 1


def parse_portfolio_query(args: Mapping[str, Any], departments: set[str] | None = None) -> Parsed:
    """Read the dashboard's query string into a PortfolioFilter and a page number.

    Parameters: status (repeatable), department, from, to (YYYY-MM-DD, on the preferred start),
    q (search), sort (a SORTABLE column), dir (asc|desc), page. `departments`, when given,
    is the set of known department codes.
    """
    errors: dict[str, str] = {}
    statuses = []
    for status in (s.strip() for s in _getlist(args, "status")):
        if not status:
            continue
        if status in STATUSES and status not in statuses:
            statuses.append(status)
        elif status not in STATUSES:
            errors["status"] = str(_l("Choose statuses from the list."))
    department = _first(args, "department") or None
    if department and (len(department) > 40 or (departments and department not in departments)):
        errors["department"] = str(_l("Choose a department from the list."))
        department = None
    start_from = start_to = None
    raw_from, raw_to = _first(args, "from"), _first(args, "to")
    if raw_from:
        start_from = _parse_date(raw_from)
        if start_from is None:
            errors["from"] = str(_l("Enter the date as year-month-day, like 2027-03-15."))
    if raw_to:
        start_to = _parse_date(raw_to)
        if start_to is None:
            errors["to"] = str(_l("Enter the date as year-month-day, like 2027-03-15."))
    if start_from and start_to and start_to < start_from:
        errors["to"] = str(_l("The end of the range must be on or after its start."))
        start_to = None
    search = _first(args, "q") or None
    if search and len(search) > MAX_SEARCH:
        errors["q"] = str(_l("Enter %(max)d characters or fewer.", max=MAX_SEARCH))
        search = None
    if search and any(ord(c) < 32 or 127 <= ord(c) < 160 for c in search):
        errors["q"] = str(_l("Remove the special control characters."))
        search = None
    sort = _first(args, "sort") or DEFAULT_SORT
    if sort not in SORTABLE:
        errors["sort"] = str(_l("The table cannot be sorted that way."))
        sort = DEFAULT_SORT
    direction = _first(args, "dir")
    if direction and direction not in SORT_DIRECTIONS:
        errors["sort"] = str(_l("The table cannot be sorted that way."))
        direction = ""
    if not direction:
        # Dates read newest first; names and codes read A to Z.
        direction = "desc" if sort in {"submitted", "updated"} else "asc"
    page = _parse_page(_first(args, "page"), errors)
    filters = PortfolioFilter(
        statuses=tuple(statuses),
        department=department,
        start_from=start_from,
        start_to=start_to,
        search=search,
        sort=sort,
        descending=direction == "desc",
    )
    values = {
        "status": statuses,
        "department": department or "",
        "from": raw_from if "from" in errors else (start_from.isoformat() if start_from else ""),
        "to": raw_to if "to" in errors else (start_to.isoformat() if start_to else ""),
        "q": _first(args, "q")[:MAX_SEARCH] if "q" not in errors else "",
        "sort": sort,
        "dir": direction,
    }
    return Parsed(filters=filters, page=page, errors=errors, values=values)


def portfolio_query_args(filters: PortfolioFilter) -> dict[str, Any]:
    """The query string that names `filters` (for links: sort headers, pages, downloads)."""
    args: dict[str, Any] = {}
    if filters.statuses:
        args["status"] = list(filters.statuses)
    if filters.department:
        args["department"] = filters.department
    if filters.start_from:
        args["from"] = filters.start_from.isoformat()
    if filters.start_to:
        args["to"] = filters.start_to.isoformat()
    if filters.search:
        args["q"] = filters.search
    args["sort"] = filters.sort
    args["dir"] = "desc" if filters.descending else "asc"
    return args


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
    action = _first(args, "action") or None
    if action and action not in actions:
        errors["action"] = str(_l("Choose an action from the list."))
        action = None
    actor = _first(args, "actor") or None
    if actor and actor not in actors:
        errors["actor"] = str(_l("Choose who from the list."))
        actor = None
    exploration = _first(args, "exploration") or None
    if exploration and (len(exploration) > 20 or not exploration.replace("-", "").isalnum()):
        errors["exploration"] = str(_l("Enter a reference like EXP-2026-0042."))
        exploration = None
    raw_from, raw_to = _first(args, "from"), _first(args, "to")
    date_from = _parse_date(raw_from) if raw_from else None
    date_to = _parse_date(raw_to) if raw_to else None
    if raw_from and date_from is None:
        errors["from"] = str(_l("Enter the date as year-month-day, like 2027-03-15."))
    if raw_to and date_to is None:
        errors["to"] = str(_l("Enter the date as year-month-day, like 2027-03-15."))
    if date_from and date_to and date_to < date_from:
        errors["to"] = str(_l("The end of the range must be on or after its start."))
        date_to = None
    page = _parse_page(_first(args, "page"), errors)
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
