"""The dashboard: every request in one table, filtered, searched, sorted and paged with plain
GET links and forms (no JavaScript needed), in a constant number of SQL queries.

The query string is read by exports.filters.parse_portfolio_query into the PortfolioFilter that
the workbook download takes too, so the download link is this page's own filter.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

from flask import render_template, request, url_for
from sqlalchemy import select

from core.auth import role_required
from core.db import db
from exports.filters import PER_PAGE, parse_portfolio_query, portfolio_query_args
from exports.portfolio import DOCUMENT_COUNT, TOPIC_COUNT, count_portfolio, portfolio_page
from intake.models import STATUSES, Exploration
from staff.blueprint import bp
from staff.common import department_label, departments, has_endpoint

# Columns of the table in order: (sort key or None, header). Headers are looked up in the
# template so they are translated there.
COLUMNS = ("reference", "department", "service", "status", "preferred_start", "submitted")
DATE_SORTS = {"preferred_start", "submitted", "updated"}

ERROR_TARGETS = {
    "q": "filter-q",
    "status": "filter-status",
    "department": "filter-department",
    "from": "filter-from",
    "to": "filter-to",
    "sort": "results-title",
    "page": "results-title",
}


def department_choices() -> list[tuple[str, str]]:
    """Departments to filter by: the reference list when there is one, else the codes in use."""
    known = departments()
    if known:
        codes = list(known)
    else:
        codes = [
            code
            for code in db.scalars(
                select(Exploration.department_code)
                .where(Exploration.department_code.is_not(None))
                .distinct()
            )
            if code
        ]
    choices = [(code, department_label(code)) for code in codes]
    return sorted(choices, key=lambda item: item[1].casefold())


def sort_link(column: str, current_sort: str, descending: bool, args: dict[str, Any]) -> dict:
    """Where a column header leads, and how it describes the current order (aria-sort)."""
    active = column == current_sort
    if active:
        next_dir = "asc" if descending else "desc"
        aria = "descending" if descending else "ascending"
    else:
        next_dir = "desc" if column in DATE_SORTS and column != "preferred_start" else "asc"
        aria = None
    link_args = {**args, "sort": column, "dir": next_dir}
    link_args.pop("page", None)
    return {
        "href": url_for("staff.dashboard", **link_args),
        "aria_sort": aria,
        "next_dir": next_dir,
    }


@bp.get("/<lang>/staff/")
@role_required("viewer")
def dashboard() -> Any:
    choices = department_choices()
    known = {code for code, _ in choices} if departments() else None
    parsed = parse_portfolio_query(request.args, known)
    filters = parsed.filters
    total = count_portfolio(db, filters)
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(parsed.page, pages)
    rows = portfolio_page(db, filters, page=page, per_page=PER_PAGE)
    args = portfolio_query_args(filters)
    form = SimpleNamespace(
        errors=parsed.errors,
        error_list=[(ERROR_TARGETS[name], message) for name, message in parsed.errors.items()],
    )
    download_url = None
    if has_endpoint("exports.portfolio_workbook"):
        download_url = url_for("exports.portfolio_workbook", **args)
    body = render_template(
        "staff/dashboard.html",
        form=form,
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        per_page=PER_PAGE,
        values=parsed.values,
        errors=parsed.errors,
        statuses=STATUSES,
        department_choices=choices,
        columns=[(c, sort_link(c, filters.sort, filters.descending, args)) for c in COLUMNS],
        sort=filters.sort,
        descending=filters.descending,
        page_url=lambda n: url_for("staff.dashboard", **args, page=n),
        topic_count=TOPIC_COUNT,
        document_count=DOCUMENT_COUNT,
        download_url=download_url,
        filtered=bool(request.args),
    )
    return body, 400 if parsed.errors else 200
