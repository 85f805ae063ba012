"""Exports as background jobs (core.jobs): the portfolio workbook for a dashboard filter, one
exploration's workbook, and a zip of the PDF summaries of a filter's explorations.

Each reads in one read-only transaction (core.db.reading: no write lock held on SQLite) and
writes to the job's output file; the builders report progress through their own callback
(exports.workbook.ProgressCallback) or per summary, and the job records it:
- workbooks: sheet s of S, and explorations x of y within the sheet;
- summaries: summaries x of y.

Where the line is: one exploration's workbook or PDF builds in well under a second (about
0.1 s and 0.06 s with 20 respondents, see `make bench-exports`), so the request page's links
still serve them directly; every export of the portfolio (a filter of up to thousands of
explorations, 26 s of CPU at 1,000) is a job. The per-exploration workbook is a job kind as
well, for explorations with very many respondents (the summary page offers it).
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from core.db import get_database, reading
from core.jobs import JobContext, job_kind
from core.timeutil import today
from exports.data import workbook_data
from exports.filters import filter_from_args, portfolio_query_args
from exports.labels import Labels
from exports.pdf import build_pdf
from exports.portfolio import PortfolioFilter, count_portfolio
from exports.rows import Scope
from exports.summary import load_summary
from exports.workbook import build_workbook, exploration_title, portfolio_title
from intake.models import Exploration

PORTFOLIO_WORKBOOK = "portfolio_workbook"
EXPLORATION_WORKBOOK = "exploration_workbook"
SUMMARIES_ZIP = "summaries_zip"
KINDS = (PORTFOLIO_WORKBOOK, EXPLORATION_WORKBOOK, SUMMARIES_ZIP)


def filter_params(filters: PortfolioFilter) -> dict[str, Any]:
    """A filter as job parameters: the dashboard's own query string."""
    return {"filter": portfolio_query_args(filters)}


def params_filter(params: Mapping[str, Any]) -> PortfolioFilter:
    pairs = []
    for key, value in (params.get("filter") or {}).items():
        for each in value if isinstance(value, list) else [value]:
            pairs.append((key, each))
    return filter_from_args(MultiDict(pairs))


def _workbook(ctx: JobContext, scope: Scope, total: int, title: str, filename: str) -> None:
    lang = ctx.params["lang"]
    ctx.progress(0, total, step=1, steps=1, force=True)

    def progress(sheet: int, sheets: int, count: int) -> None:
        ctx.progress(total if count < 0 else min(count, total), step=sheet, steps=sheets)

    with get_database().sessionmaker() as session, ctx.output(".xlsx", filename) as handle:
        build_workbook(workbook_data(session, scope), lang, handle, title=title, progress=progress)


@job_kind(PORTFOLIO_WORKBOOK)
def portfolio_workbook(ctx: JobContext) -> None:
    lang = ctx.params["lang"]
    filters = params_filter(ctx.params)
    with reading():
        with get_database().sessionmaker() as session:
            total = count_portfolio(session, filters)
        filename = f"explorations-portfolio-{today().isoformat()}-{lang}.xlsx"
        _workbook(ctx, Scope(filters), total, portfolio_title(Labels(lang)), filename)


@job_kind(EXPLORATION_WORKBOOK)
def exploration_workbook(ctx: JobContext) -> None:
    lang, exploration_id = ctx.params["lang"], int(ctx.params["exploration_id"])
    with reading():
        with get_database().sessionmaker() as session:
            reference = session.scalar(
                select(Exploration.reference).where(Exploration.id == exploration_id)
            )
        reference = reference or str(exploration_id)
        title = exploration_title(Labels(lang), reference)
        filename = f"exploration-{reference}-{lang}.xlsx"
        _workbook(ctx, Scope.one(exploration_id), 1, title, filename)


@job_kind(SUMMARIES_ZIP)
def summaries_zip(ctx: JobContext) -> None:
    """One PDF per exploration of the filter, in one language, in one zip (PDFs are already
    compressed: stored, not deflated again)."""
    lang = ctx.params["lang"]
    scope = Scope(params_filter(ctx.params))
    generated = today()
    with reading(), get_database().sessionmaker() as session:
        rows = session.execute(scope.select(select(Exploration.id, Exploration.reference))).all()
        ctx.progress(0, len(rows), force=True)
        filename = f"exploration-summaries-{generated.isoformat()}-{lang}.zip"
        with (
            ctx.output(".zip", filename) as handle,
            zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive,
        ):
            for number, (exploration_id, reference) in enumerate(rows, start=1):
                summary = load_summary(session, exploration_id)
                if summary is not None:
                    body = build_pdf(summary, lang, generated=generated)
                    archive.writestr(f"exploration-{reference or exploration_id}-{lang}.pdf", body)
                ctx.progress(number)
