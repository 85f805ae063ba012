"""The workbook measurements of bench.exports, each run in a fresh interpreter (bench.exports
`_child`): the demo data, the portfolio workbook and its job, and the bare-openpyxl baseline
from the same cells."""

from __future__ import annotations

import functools
import math
import os
import pickle
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process: steadier than wall time on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def session_on(db_path: str) -> Any:
    from sqlalchemy.orm import Session

    from app import load_models
    from core.db import make_engine

    load_models()
    return Session(make_engine(f"sqlite:///{db_path}"))


@functools.cache
def app_on(db_path: str) -> Any:
    """The service's app on the benchmark's database: builders read its settings (the outcome
    sheets' thresholds), as they do under `exploration export` or a job."""
    from app import create_app

    return create_app(
        {"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{db_path}"}
    )


# --- data ---------------------------------------------------------------------------------------
def seed(db_path: str, explorations: int, respondents: int) -> dict[str, int]:
    """Fill a fresh SQLite file: `explorations` submitted-or-later requests (no drafts, which
    the portfolio leaves out), each with `respondents` submitted survey answers."""
    from app import load_models
    from core.db import Base, make_engine
    from demo.seed import DemoRows, generate_rows
    from demo.store import insert_demo

    load_models()
    engine = make_engine(f"sqlite:///{db_path}")
    Base.metadata.create_all(engine)
    total = math.ceil(explorations * 8 / 7) + 16
    rows = generate_rows(total, respondents, seed=2026, surveyed=total)  # every one answered
    keep = [i for i, e in enumerate(rows.explorations) if e["status"] != "draft"][:explorations]
    new_index = {old: new for new, old in enumerate(keep)}
    picked = DemoRows(explorations=[rows.explorations[i] for i in keep])
    picked.stakeholders = [
        (new_index[i], *rest) for i, *rest in rows.stakeholders if i in new_index
    ]
    picked.topic_states = [(new_index[i], s) for i, s in rows.topic_states if i in new_index]
    picked.documents = [(new_index[i], d) for i, d in rows.documents if i in new_index]
    picked.status_changes = [(new_index[i], c) for i, c in rows.status_changes if i in new_index]
    picked.respondents = []
    for i, respondent, ratings, comments in rows.respondents:
        if i in new_index:
            respondent["submitted_at"] = respondent["submitted_at"] or respondent["created_at"]
            picked.respondents.append((new_index[i], respondent, ratings, comments))
    with engine.begin() as connection:
        result = insert_demo(connection, picked)
    engine.dispose()
    return {
        "explorations": result.explorations,
        "respondents": result.respondents,
        "ratings": result.ratings,
    }


# --- the portfolio workbook -------------------------------------------------------------------
def build_portfolio(db_path: str, out: str) -> None:
    from exports.data import workbook_data
    from exports.portfolio import PortfolioFilter
    from exports.rows import Scope
    from exports.workbook import build_workbook

    with app_on(db_path).app_context(), session_on(db_path) as session:
        scope = Scope(PortfolioFilter(sort="reference", descending=False))
        build_workbook(workbook_data(session, scope), "fr", out, title="Portefeuille")


def measure_workbook(db_path: str, traced: bool) -> dict[str, float]:
    import openpyxl  # noqa: F401 - imports stay outside the measured part

    import exports.workbook  # noqa: F401

    session_on(db_path).close()
    app_on(db_path)
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "portfolio.xlsx")
        before = maxrss_mb()
        if traced:
            tracemalloc.start()
        started, cpu = time.perf_counter(), cpu_seconds()
        build_portfolio(db_path, out)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else 0.0
        if traced:
            tracemalloc.stop()
        return {
            "seconds": seconds,
            "cpu": cpu,
            "tracemalloc_peak_mb": peak,
            "rss_growth_mb": maxrss_mb() - before,
            "maxrss_mb": maxrss_mb(),
            "size_mb": os.path.getsize(out) / 2**20,
        }


def measure_job(db_path: str) -> dict[str, float]:
    """The portfolio workbook as the worker builds it: core.jobs.perform on a Job row, in this
    process's main thread (as in RQ's work horse), with a side thread watching the row for the
    first progress written (the total known) and the first exploration counted."""
    import threading

    from sqlalchemy import create_engine, select

    from app import create_app
    from core.db import get_database
    from core.jobs import Job, perform
    from exports.filters import portfolio_query_args
    from exports.jobs import PORTFOLIO_WORKBOOK
    from exports.portfolio import PortfolioFilter

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "DATABASE_URL": f"sqlite:///{db_path}",
                "JOB_FILES_DIR": folder,
            }
        )
        filters = PortfolioFilter(sort="reference", descending=False)
        with app.app_context(), get_database().sessionmaker() as session:
            job = Job(
                kind=PORTFOLIO_WORKBOOK,
                params={"filter": portfolio_query_args(filters), "lang": "fr"},
            )
            session.add(job)
            session.commit()
            job_id = job.id
        watcher = create_engine(f"sqlite:///{db_path}")
        seen: dict[str, float] = {}
        stop = threading.Event()

        def watch(started: float) -> None:
            with watcher.connect() as connection:
                while not stop.is_set() and "advance" not in seen:
                    row = connection.execute(
                        select(Job.total, Job.done).where(Job.id == job_id)
                    ).one()
                    connection.rollback()
                    if row.total and "total" not in seen:
                        seen["total"] = time.perf_counter() - started
                    if row.done and "advance" not in seen:
                        seen["advance"] = time.perf_counter() - started
                    time.sleep(0.01)

        before = maxrss_mb()
        started, cpu = time.perf_counter(), cpu_seconds()
        thread = threading.Thread(target=watch, args=(started,), daemon=True)
        thread.start()
        status = perform(job_id, app)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        stop.set()
        thread.join(5)
        watcher.dispose()
        if status != "done":
            raise SystemExit(f"the job ended {status}")
    return {
        "seconds": seconds,
        "cpu": cpu,
        "maxrss_mb": maxrss_mb(),
        "rss_growth_mb": maxrss_mb() - before,
        "first_total_s": seen.get("total", float("nan")),
        "first_progress_s": seen.get("advance", float("nan")),
    }


def capture_cells(db_path: str, capture: str) -> dict[str, int]:
    """Run the builder once and record every sheet and cell it writes, for the baseline."""
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook import Workbook

    # The write-only worksheet class, as openpyxl hands it out (its module is private).
    WriteOnlyWorksheet = type(Workbook(write_only=True).create_sheet())
    sheets: list[dict[str, Any]] = []
    by_ws: dict[int, dict[str, Any]] = {}
    original_append = WriteOnlyWorksheet.append
    original_save = Workbook.save

    def describe(value: Any) -> Any:
        if isinstance(value, Cell):
            return (
                "cell",
                value.value,
                value.data_type,
                value.number_format,
                bool(value.font.b),
                bool(value.alignment.wrap_text),
                bool(value.quotePrefix),
                value.font.name if value.font.b else None,
            )
        return value

    def append(ws: WriteOnlyWorksheet, row: Any) -> None:
        sheet = by_ws.get(id(ws))
        if sheet is None:
            sheet = {
                "title": ws.title,
                "freeze": ws.freeze_panes,
                "widths": {k: d.width for k, d in ws.column_dimensions.items()},
                "header_height": ws.row_dimensions[1].height if 1 in ws.row_dimensions else None,
                "print": (
                    ws.page_setup.orientation,
                    ws.page_setup.fitToWidth,
                    ws.page_setup.fitToHeight,
                    ws.print_title_rows,
                    ws.oddFooter.left.text,
                    ws.oddFooter.right.text,
                ),
                "rows": [],
            }
            by_ws[id(ws)] = sheet
            sheets.append(sheet)
        sheet["rows"].append([describe(v) for v in row])
        original_append(ws, row)

    def save(wb: Workbook, filename: Any) -> None:
        for ws in wb.worksheets:
            sheet = by_ws.get(id(ws))
            if sheet is not None:
                sheet["filter"] = ws.auto_filter.ref
                sheet["colour_ranges"] = [str(cf.sqref) for cf in ws.conditional_formatting]
        original_save(wb, filename)

    WriteOnlyWorksheet.append = append  # type: ignore[method-assign]
    Workbook.save = save  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as folder:
        build_portfolio(db_path, str(Path(folder) / "capture.xlsx"))
    with open(capture, "wb") as handle:
        pickle.dump(sheets, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return {
        "sheets": len(sheets),
        "rows": sum(len(s["rows"]) for s in sheets),
        "cells": sum(len(r) for s in sheets for r in s["rows"]),
    }


def baseline_workbook(capture: str) -> dict[str, float]:
    """Bare openpyxl, write-only with lxml: the captured cells, from memory, nothing else."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.properties import PageSetupProperties

    with open(capture, "rb") as handle:
        sheets = pickle.load(handle)  # noqa: S301 - our own file, written a moment ago
    wrap = Alignment(wrap_text=True, vertical="top")
    underline = Border(bottom=Side(style="thin"))
    fonts: dict[str | None, Font] = {}
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "baseline.xlsx")
        started, cpu = time.perf_counter(), cpu_seconds()
        wb = Workbook(write_only=True)
        for sheet in sheets:
            ws = wb.create_sheet(sheet["title"])
            ws.freeze_panes = sheet["freeze"]
            for letter, width in sheet["widths"].items():
                ws.column_dimensions[letter].width = width
            if sheet["header_height"]:
                ws.row_dimensions[1].height = sheet["header_height"]
            orientation, fit_width, fit_height, titles, left, right = sheet["print"]
            if fit_width is not None:
                ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
                ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = fit_width, fit_height
            ws.page_setup.orientation = orientation
            ws.print_title_rows = titles
            ws.oddFooter.left.text, ws.oddFooter.right.text = left, right
            for row in sheet["rows"]:
                values = []
                for value in row:
                    if type(value) is tuple and value and value[0] == "cell":
                        _, v, data_type, number_format, is_bold, is_wrapped, quoted, font = value
                        cell = WriteOnlyCell(ws, value=v)
                        if data_type == "s":
                            cell.data_type = "s"
                        if number_format != "General":
                            cell.number_format = number_format
                        if is_bold:
                            if font not in fonts:
                                fonts[font] = Font(name=font, bold=True)
                            cell.font = fonts[font]
                            cell.border = underline
                        if is_wrapped:
                            cell.alignment = wrap
                        if quoted:
                            cell.quotePrefix = True
                        values.append(cell)
                    else:
                        values.append(value)
                ws.append(values)
            if sheet.get("filter"):
                ws.auto_filter.ref = sheet["filter"]
            for cells in sheet.get("colour_ranges", []):
                ws.conditional_formatting.add(
                    cells,
                    ColorScaleRule(
                        start_type="num", start_value=1, start_color="F1F7FD",
                        mid_type="num", mid_value=2.5, mid_color="9ECAE1",
                        end_type="num", end_value=4, end_color="4F94CD",
                    ),
                )  # fmt: skip
        wb.save(out)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return {"seconds": seconds, "cpu": cpu}
