"""The staff dashboard's query string, read into a PortfolioFilter in one place.

The dashboard shows what it reads here, and links to the workbook with the same query string,
so "download what I see" holds by construction. Names: status (repeatable), department, from,
to (YYYY-MM-DD, on the preferred start), q (search), sort (a SORTABLE column), dir (asc|desc),
page. Anyone can edit a URL, so every value is checked: the dashboard reports a bad value next
to its field and leaves it out (answering 400); the download refuses it (FilterError, 400),
never a 500 and never a silently different file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.i18n import lazy_gettext as _l
from exports.portfolio import SORTABLE, PortfolioFilter
from intake.models import STATUSES

PER_PAGE = 25
MAX_PAGE = 100_000
MAX_SEARCH = 200
MAX_DEPARTMENT = 40
DEFAULT_SORT = "submitted"
NEWEST_FIRST = frozenset({"submitted", "updated"})
SORT_DIRECTIONS = ("asc", "desc")


class FilterError(ValueError):
    """A query-string value that cannot be used; `field` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class Parsed:
    """What a query string asked for, what was wrong with it, and the values to show back."""

    filters: Any
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


def getlist(args: Mapping[str, Any], name: str) -> list[str]:
    if hasattr(args, "getlist"):
        return [str(v) for v in args.getlist(name)]
    value = args.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def first_value(args: Mapping[str, Any], name: str, errors: dict[str, str] | None = None) -> str:
    """The one value of a single-valued parameter; two different values are an error."""
    values = [v.strip() for v in getlist(args, name) if v.strip()]
    if errors is not None and len(set(values)) > 1:
        errors[name] = str(_l("Give only one value."))
    return values[0] if values else ""


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_date_range(
    raw_from: str, raw_to: str, errors: dict[str, str]
) -> tuple[date | None, date | None]:
    """The "from" and "to" dates of a date-range filter; what is not a date, or an end before
    the start, is an error under that field's name and filters nothing."""
    start = parse_date(raw_from) if raw_from else None
    end = parse_date(raw_to) if raw_to else None
    if raw_from and start is None:
        errors["from"] = str(_l("Enter the date as year-month-day, like 2027-03-15."))
    if raw_to and end is None:
        errors["to"] = str(_l("Enter the date as year-month-day, like 2027-03-15."))
    if start and end and end < start:
        errors["to"] = str(_l("The end of the range must be on or after its start."))
        end = None
    return start, end


def parse_page(text: str, errors: dict[str, str]) -> int:
    if not text:
        return 1
    if text.isdigit() and 1 <= int(text) <= MAX_PAGE:
        return int(text)
    errors["page"] = str(_l("The page number must be a whole number from 1 up."))
    return 1


def _has_controls(text: str) -> bool:
    return any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text)


def parse_portfolio_query(args: Mapping[str, Any], departments: set[str] | None = None) -> Parsed:
    """Read the query string into a PortfolioFilter and a page number, collecting errors.

    `departments`, when given, is the set of known department codes.
    """
    errors: dict[str, str] = {}
    statuses: list[str] = []
    for status in (s.strip() for s in getlist(args, "status")):
        if not status:
            continue
        if status not in STATUSES:
            errors["status"] = str(_l("Choose statuses from the list."))
        elif status not in statuses:
            statuses.append(status)
    department = first_value(args, "department", errors) or None
    if department and (
        len(department) > MAX_DEPARTMENT
        or not department.replace("_", "").replace("-", "").isalnum()
        or (departments is not None and department not in departments)
    ):
        errors["department"] = str(_l("Choose a department from the list."))
        department = None
    raw_from, raw_to = first_value(args, "from", errors), first_value(args, "to", errors)
    start_from, start_to = parse_date_range(raw_from, raw_to, errors)
    search = first_value(args, "q", errors) or None
    if search and len(search) > MAX_SEARCH:
        errors["q"] = str(_l("Enter %(max)d characters or fewer.", max=MAX_SEARCH))
        search = None
    if search and _has_controls(search):
        errors["q"] = str(_l("Remove the special control characters."))
        search = None
    sort = first_value(args, "sort", errors) or DEFAULT_SORT
    if sort not in SORTABLE:
        errors["sort"] = str(_l("The table cannot be sorted that way."))
        sort = DEFAULT_SORT
    direction = first_value(args, "dir", errors)
    if direction and direction not in SORT_DIRECTIONS:
        errors["sort"] = str(_l("The table cannot be sorted that way."))
        direction = ""
    if not direction:
        # Dates read newest first; names and codes read A to Z.
        direction = "desc" if sort in NEWEST_FIRST else "asc"
    page = parse_page(first_value(args, "page"), errors)
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
        "q": first_value(args, "q")[:MAX_SEARCH] if "q" not in errors else "",
        "sort": sort,
        "dir": direction,
    }
    return Parsed(filters=filters, page=page, errors=errors, values=values)


def filter_from_args(
    args: Mapping[str, Any], departments: set[str] | None = None
) -> PortfolioFilter:
    """The PortfolioFilter a download link names; FilterError for the first bad value."""
    parsed = parse_portfolio_query(args, departments)
    for name, message in parsed.errors.items():
        if name != "page":  # a download has no pages
            raise FilterError(name, message)
    return parsed.filters


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
