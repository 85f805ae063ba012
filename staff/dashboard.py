"""The dashboard: every request in one table, filtered, searched, sorted and paged with plain
GET links and forms (no JavaScript needed), in a constant number of SQL queries.

The query string is read by exports.filters.PortfolioFilterForm, a WTForms GET form whose
valid values make the PortfolioFilter that the workbook download takes too, so the download
link is this page's own filter. The template renders the form's fields with WTForms' widgets.

It is the page staff open most, so it is built for speed (bench/http.py loads it): what is the
same on every request (the sorted departments, the words of the table) is made once per
process and language; the table's cells are plain strings made here, and each row's link is
its id put into one url_for. The template prints those strings.
"""

from __future__ import annotations

import functools
import hashlib
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, render_template, request, url_for
from flask_babel import gettext, ngettext
from sqlalchemy import select

from core.auth import StaffUser, role_required
from core.collation import sort_key
from core.db import db
from core.i18n import current_lang, written_in
from exports.filters import MAX_SEARCH, PER_PAGE, PortfolioFilterForm, portfolio_query_args
from exports.portfolio import (
    DOCUMENT_COUNT,
    TOPIC_COUNT,
    PortfolioRow,
    portfolio_page,
    status_counts,
    total_of,
)
from intake.models import STATUSES, Exploration
from intake.reference import departments_sorted
from intake.service import STATUS_LABELS
from staff.blueprint import bp
from staff.common import department_label, departments, fmt_date
from staff.labels import label_for

# Columns of the table in order: (sort key or None, header). Headers are looked up in the
# template so they are translated there.
COLUMNS = ("reference", "department", "service", "status", "preferred_start", "submitted")
DATE_SORTS = {"preferred_start", "submitted", "updated"}

# Stand for what a page's links differ in: the rows' links are made from one url_for, and so
# are the column headers' (url_for runs the URL map and every url_defaults hook each time).
# The sort and dir marks are random, so no text in a query string can contain them by chance.
_ID_MARK = 2_147_483_647
_SORT_MARK = "sort" + secrets.token_hex(8)
_DIR_MARK = "dir" + secrets.token_hex(8)


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of the table as the page shows it, in the page's language."""

    href: str
    reference: str
    department: str
    service: str
    service_lang: str  # the partner's language: the service name is theirs, as they typed it
    status: str
    status_label: str
    preferred_start: str
    submitted: str
    topics: str
    documents: str
    respondents: int
    interviews: str  # "9 scheduled, 3 held", empty before any is
    unavailable: str  # "1 not available", empty when none is


@functools.cache
def _reference_choices(lang: str) -> tuple[tuple[str, str], ...]:
    """The reference list's departments as (code, name in `lang`), in the order of the names
    shown (intake.reference's one sorted list)."""
    return tuple((d.code, d.name[lang]) for d in departments_sorted(lang))


def department_choices() -> Sequence[tuple[str, str]]:
    """Departments to filter by: the reference list when there is one, else the codes in use,
    sorted by the name shown."""
    if departments():
        return _reference_choices(current_lang())
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
    return sorted(choices, key=lambda item: sort_key(item[1]))


@dataclass(frozen=True)
class TableWords:
    """The page's words that Python takes from the catalogue, in one language."""

    statuses: dict[str, str]  # status code -> label (the filter's checkboxes and the rows)
    draft: str  # "Draft %(id)d", for a draft's reference
    out_of: str  # "%(n)d of %(total)d", for the readiness counts
    interviews: str  # "%(scheduled)d scheduled, %(held)d held"
    unavailable: tuple[str, str]  # "%(num)d not available", singular and plural


def table_words() -> TableWords:
    """This language's TableWords, looked up once per app: a lookup through Flask-Babel costs
    about as much as rendering a row, and the catalogue does not change while the app runs."""
    cache: dict[str, TableWords] = current_app.extensions.setdefault("staff.dashboard_words", {})
    lang = current_lang()
    words = cache.get(lang)
    if words is None:
        words = cache[lang] = TableWords(
            statuses={code: label_for(STATUS_LABELS, code) for code in STATUSES},
            draft=gettext("Draft %(id)d"),
            out_of=gettext("%(n)d of %(total)d"),
            interviews=gettext("%(scheduled)d scheduled, %(held)d held"),
            unavailable=(
                ngettext("%(num)d not available", "%(num)d not available", 1),
                ngettext("%(num)d not available", "%(num)d not available", 2),
            ),
        )
    return words


def table_rows(rows: Sequence[PortfolioRow], words: TableWords) -> list[TableRow]:
    """The table's cells as strings. In the template these were a url_for, a macro call and
    four translation or label calls per row, the largest part of the page's time; here the
    words come once from TableWords and each link is the row's id put into one url_for."""
    head, _, tail = url_for("staff.request_detail", exploration_id=_ID_MARK).rpartition(
        str(_ID_MARK)
    )
    return [
        TableRow(
            href=f"{head}{row.id}{tail}",
            reference=row.reference or words.draft % {"id": row.id},
            department=department_label(row.department_code, row.department_other),
            service=row.service_name or "",
            service_lang=written_in(row.form_language),
            status=row.status,
            status_label=words.statuses.get(row.status, row.status),
            preferred_start=fmt_date(row.preferred_start),
            submitted=fmt_date(row.submitted_at.date() if row.submitted_at else None),
            topics=words.out_of % {"n": row.topics_named, "total": TOPIC_COUNT},
            documents=words.out_of % {"n": row.documents_shared, "total": DOCUMENT_COUNT},
            respondents=row.respondents_submitted,
            interviews=(
                words.interviews
                % {"scheduled": row.interviews_scheduled, "held": row.interviews_held}
                if row.interviews_scheduled
                else ""
            ),
            unavailable=(
                words.unavailable[row.interviews_unavailable != 1]
                % {"num": row.interviews_unavailable}
                if row.interviews_unavailable
                else ""
            ),
        )
        for row in rows
    ]


def sort_links(sort: str, descending: bool, args: dict[str, Any]) -> list[tuple[str, dict]]:
    """Each column header's link, and how it describes the current order (aria-sort). The
    links differ only in their sort and dir words, so all come from one url_for."""
    link_args = {**args, "sort": _SORT_MARK, "dir": _DIR_MARK}
    link_args.pop("page", None)
    pattern = url_for("staff.dashboard", **link_args)
    links = []
    for column in COLUMNS:
        if column == sort:
            next_dir = "asc" if descending else "desc"
            aria = "descending" if descending else "ascending"
        else:
            next_dir = "desc" if column in DATE_SORTS and column != "preferred_start" else "asc"
            aria = None
        href = pattern.replace(_SORT_MARK, column).replace(_DIR_MARK, next_dir)
        links.append((column, {"href": href, "aria_sort": aria, "next_dir": next_dir}))
    return links


def member_choices() -> list[tuple[int, str]]:
    """Staff accounts to filter the team by, by name (disabled accounts too: they may still
    be on a team)."""
    accounts = db.execute(select(StaffUser.id, StaffUser.name, StaffUser.email)).all()
    choices = [(uid, name or email) for uid, name, email in accounts]
    return sorted(choices, key=lambda item: sort_key(item[1]))


def filters_key(members: Sequence[tuple[int, str]]) -> str:
    """Everything the filter form's HTML depends on, as one fragment cache key (core.cache):
    the language, the account ("my explorations" and its checks), the accounts offered, the
    query less its page number, and whether there is a query at all ("Clear the filters")."""
    query = sorted(
        (name, value) for name, value in request.args.items(multi=True) if name != "page"
    )
    source = repr((current_lang(), g.staff.id, tuple(members), query, bool(request.args)))
    return hashlib.sha256(source.encode()).hexdigest()


def status_url(args: dict[str, Any], status: str) -> str:
    """The dashboard with the same filter, for this one status."""
    link_args = {**args, "status": [status]}
    link_args.pop("page", None)
    return url_for("staff.dashboard", **link_args)


@bp.get("/<lang>/staff/")
@role_required("viewer")
def dashboard() -> Any:
    choices = department_choices()
    known = {code for code, _ in choices} if departments() else None
    words = table_words()
    members = member_choices()
    form = PortfolioFilterForm(
        request.args, known, me=g.staff.id, accounts={uid for uid, _ in members}
    ).offer(words.statuses, list(choices), gettext("All departments"), members, gettext("Anyone"))
    valid = form.validate()
    filters = form.filters
    counts = status_counts(db, filters)
    total = total_of(filters, counts)
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(form.page_number, pages)
    rows = table_rows(portfolio_page(db, filters, page=page, per_page=PER_PAGE), words)
    args = portfolio_query_args(filters)
    download_url = url_for("exports.start_portfolio_export", **args)
    if form.team_member is not None and form.mine.data:
        # The page's own links keep "my explorations" as chosen; downloads name the account.
        args = {**args, "mine": "1"}
        del args["member"]
    by_status = [
        (code, words.statuses[code], counts.get(code, 0), status_url(args, code))
        for code in STATUSES
    ]
    body = render_template(
        "staff/dashboard.html",
        form=form,
        filters_key=filters_key(members),
        max_search=MAX_SEARCH,
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        per_page=PER_PAGE,
        columns=sort_links(filters.sort, filters.descending, args),
        sort=filters.sort,
        descending=filters.descending,
        page_url=lambda n: url_for("staff.dashboard", **args, page=n),
        download_url=download_url,
        by_status=by_status,
        ranked=bool(filters.terms),
        filtered=bool(request.args),
    )
    return body, 200 if valid else 400
