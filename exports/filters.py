"""The staff dashboard's query string, read into a PortfolioFilter for the workbook download.

"Download what I see": the dashboard links to the workbook with its own query string, so the
names are the dashboard's: status (repeatable), department, from, to (YYYY-MM-DD, on the
preferred start), q (search), sort (a SORTABLE column), dir (asc|desc); page is ignored.
Anyone can edit a URL, so a bad value is an error (the view answers 400), never a 500 and
never a silently different file.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from exports.portfolio import SORTABLE, PortfolioFilter
from exports.safe_text import strip_controls
from intake.models import STATUSES

MAX_SEARCH = 200
MAX_DEPARTMENT = 40
DEFAULT_SORT = "submitted"
NEWEST_FIRST = frozenset({"submitted", "updated"})


class FilterError(ValueError):
    """A query-string value that cannot be used; `field` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _values(args: Mapping[str, Any], name: str) -> list[str]:
    if hasattr(args, "getlist"):
        return [str(v) for v in args.getlist(name)]
    value = args.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _one(args: Mapping[str, Any], name: str) -> str:
    values = [v.strip() for v in _values(args, name) if v.strip()]
    if len(set(values)) > 1:
        raise FilterError(name, "given more than once")
    return values[0] if values else ""


def _date(args: Mapping[str, Any], name: str) -> date | None:
    text = _one(args, name)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FilterError(name, "not a date (YYYY-MM-DD)") from None


def filter_from_args(args: Mapping[str, Any]) -> PortfolioFilter:
    """The PortfolioFilter a query string names; FilterError when a value is not valid."""
    statuses: list[str] = []
    for status in _values(args, "status"):
        status = status.strip()
        if not status:
            continue
        if status not in STATUSES:
            raise FilterError("status", "unknown status")
        if status not in statuses:
            statuses.append(status)
    department = _one(args, "department") or None
    if department and (
        len(department) > MAX_DEPARTMENT
        or not department.replace("_", "").replace("-", "").isalnum()
    ):
        raise FilterError("department", "not a department code")
    start_from, start_to = _date(args, "from"), _date(args, "to")
    if start_from and start_to and start_to < start_from:
        raise FilterError("to", "before the start of the range")
    search = _one(args, "q") or None
    if search is not None:
        if len(search) > MAX_SEARCH:
            raise FilterError("q", "too long")
        if strip_controls(search) != search or "\n" in search or "\t" in search:
            raise FilterError("q", "control characters")
    sort = _one(args, "sort") or DEFAULT_SORT
    if sort not in SORTABLE:
        raise FilterError("sort", "cannot sort by this column")
    direction = _one(args, "dir") or ("desc" if sort in NEWEST_FIRST else "asc")
    if direction not in ("asc", "desc"):
        raise FilterError("dir", "asc or desc")
    return PortfolioFilter(
        statuses=tuple(statuses),
        department=department,
        start_from=start_from,
        start_to=start_to,
        search=search,
        sort=sort,
        descending=direction == "desc",
    )
