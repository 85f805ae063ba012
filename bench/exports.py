"""Export benchmark: the portfolio workbook and the PDF summary beside bare-library baselines.

Run with `make bench-exports` (or `.venv/bin/python -m bench.exports --help`). Not part of the
test suite: it takes a few minutes (`--only pdf`: a few seconds).

For each portfolio size (default 100 and 1,000 explorations, 20 submitted respondents each,
so 36,000 and 360,000 survey answers), in a temporary SQLite database filled in bulk by
demo.store:

- workbook: the portfolio workbook built by exports.workbook from the database (every sheet),
  timed, in its own process; memory is the tracemalloc peak of the build (a second run, since
  tracing slows Python down) and the growth of the process's maximum RSS during the build;
- baseline: the same cells (values, number formats, wrapped bold headers, widths, header
  height, frozen panes, print setup, filters, colour scales) written by bare openpyxl in
  write-only mode from rows already in memory (captured from the builder), timed in its own
  process: the floor for this workbook;
- PDF: load_summary + build_pdf for several explorations, milliseconds per summary, beside a
  bare reportlab document of five pages of paragraphs and a table with the same embedded fonts.

Targets: workbook time <= 1.3 x baseline; tracemalloc peak at the largest size <= 1.2 x the
peak at the smallest; PDF build < 100 ms per summary (the ratio to the baseline is printed as
information). Exit status 1 when one is missed.
Each timing is the best of --repeat runs (other work on the machine only adds time).
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK_RATIO = 1.3
MEMORY_RATIO = 1.2
PDF_MS = 100.0
FIRST_PROGRESS_S = 1.0


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """User + system CPU time of this process: steadier than wall time on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _session(db_path: str) -> Any:
    from sqlalchemy.orm import Session

    from app import load_models
    from core.db import make_engine

    load_models()
    return Session(make_engine(f"sqlite:///{db_path}"))


@functools.cache
def _app(db_path: str) -> Any:
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

    with _app(db_path).app_context(), _session(db_path) as session:
        scope = Scope(PortfolioFilter(sort="reference", descending=False))
        build_workbook(workbook_data(session, scope), "fr", out, title="Portefeuille")


def measure_workbook(db_path: str, traced: bool) -> dict[str, float]:
    import openpyxl  # noqa: F401 - imports stay outside the measured part

    import exports.workbook  # noqa: F401

    _session(db_path).close()
    _app(db_path)
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "portfolio.xlsx")
        before = _maxrss_mb()
        if traced:
            tracemalloc.start()
        started, cpu = time.perf_counter(), _cpu_seconds()
        build_portfolio(db_path, out)
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else 0.0
        if traced:
            tracemalloc.stop()
        return {
            "seconds": seconds,
            "cpu": cpu,
            "tracemalloc_peak_mb": peak,
            "rss_growth_mb": _maxrss_mb() - before,
            "maxrss_mb": _maxrss_mb(),
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

        before = _maxrss_mb()
        started, cpu = time.perf_counter(), _cpu_seconds()
        thread = threading.Thread(target=watch, args=(started,), daemon=True)
        thread.start()
        status = perform(job_id, app)
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
        stop.set()
        thread.join(5)
        watcher.dispose()
        if status != "done":
            raise SystemExit(f"the job ended {status}")
    return {
        "seconds": seconds,
        "cpu": cpu,
        "maxrss_mb": _maxrss_mb(),
        "rss_growth_mb": _maxrss_mb() - before,
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
        started, cpu = time.perf_counter(), _cpu_seconds()
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
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {"seconds": seconds, "cpu": cpu}


# --- PDF ----------------------------------------------------------------------------------------
def measure_pdf(db_path: str, count: int) -> dict[str, float]:
    from io import BytesIO

    from pypdf import PdfReader
    from sqlalchemy import select

    from exports.pdf import build_pdf, register_fonts
    from exports.summary import load_summary
    from intake.models import Exploration

    register_fonts()
    with _session(db_path) as session:
        ids = session.scalars(
            select(Exploration.id)
            .where(Exploration.status != "draft")
            .order_by(Exploration.id)
            .limit(count)
        ).all()
        build_pdf(load_summary(session, ids[0]), "fr")  # warm-up: first subset of each font
        pages = []
        build_total = load_total = 0.0
        for number, exploration_id in enumerate(ids):
            started = time.process_time()
            summary = load_summary(session, exploration_id)
            loaded = time.process_time()
            data = build_pdf(summary, "fr" if number % 2 else "en")
            built = time.process_time()
            load_total += loaded - started
            build_total += built - loaded
            pages.append(len(PdfReader(BytesIO(data)).pages))
    return {
        "build_ms": 1000 * build_total / len(ids),
        "load_ms": 1000 * load_total / len(ids),
        "pages": sum(pages) / len(pages),
        "count": len(ids),
    }


def baseline_pdf(count: int) -> dict[str, float]:
    """Bare reportlab: a 5-page document of full pages (headings, paragraphs of accented and
    syllabic text, a small table) with the same embedded TTF fonts, regular and bold."""
    from io import BytesIO

    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from exports.pdf import FONT, FONT_BOLD, register_fonts

    register_fonts()
    body = ParagraphStyle("b", fontName=FONT, fontSize=10, leading=14, spaceAfter=4)
    heading = ParagraphStyle("h", fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=6)
    sentence = (
        "Les équipes multidisciplinaires œuvrent à l’amélioration continue du service; "
        "ᐃᓄᒃᑎᑐᑦ names print too. "
    )

    def story(paragraphs: int) -> list[Any]:
        flow: list[Any] = []
        for number in range(paragraphs):
            if number % 6 == 0:
                flow.append(Paragraph(f"Section {number // 6 + 1}", heading))
            flow.append(Paragraph(sentence * 5, body))
        cells = [[Paragraph(f"{r}.{c} Œuvre", body) for c in range(3)] for r in range(6)]
        flow.append(Table(cells))
        return flow

    def build(paragraphs: int) -> int:
        doc = SimpleDocTemplate(
            BytesIO(), pagesize=LETTER, title="Baseline", author="Bench", lang="fr-CA"
        )
        doc.build(story(paragraphs))
        return doc.page

    paragraphs = 1
    while build(paragraphs + 1) <= 5:  # as much text as five pages hold
        paragraphs += 1
    pages = []
    started, cpu = time.perf_counter(), _cpu_seconds()
    for _ in range(count):
        pages.append(build(paragraphs))
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {
        "build_ms": 1000 * cpu / count,
        "wall_ms": 1000 * seconds / count,
        "pages": sum(pages) / len(pages),
        "paragraphs": paragraphs,
    }


# --- driver -------------------------------------------------------------------------------------
def _child(*args: str) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and read back its JSON line."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.exports", "_child", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if output.returncode:
        sys.stderr.write(output.stderr)  # the child's traceback, not only its exit status
        raise SystemExit(f"bench.exports {' '.join(args[:1])} failed ({output.returncode})")
    return json.loads(output.stdout.strip().splitlines()[-1])


def child_main(argv: list[str]) -> None:
    command, *rest = argv
    if command == "seed":
        result: dict[str, Any] = seed(rest[0], int(rest[1]), int(rest[2]))
    elif command == "workbook":
        result = measure_workbook(rest[0], traced=rest[1] == "traced")
    elif command == "job":
        result = measure_job(rest[0])
    elif command == "capture":
        result = capture_cells(rest[0], rest[1])
    elif command == "baseline":
        result = baseline_workbook(rest[0])
    elif command == "pdf":
        result = measure_pdf(rest[0], int(rest[1]))
    elif command == "pdf-baseline":
        result = baseline_pdf(int(rest[0]))
    else:
        raise SystemExit(f"unknown child command {command!r}")
    print(json.dumps(result))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--respondents", type=int, default=20)
    parser.add_argument("--pdfs", type=int, default=20, help="summaries to time")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best kept)")
    parser.add_argument(
        "--only",
        choices=["workbook", "pdf"],
        help="measure one export only (pdf: seeds the smallest size, builds no workbook)",
    )
    parser.add_argument(
        "--traced",
        action="store_true",
        help="also measure the tracemalloc peak (Python allocations; about 8 x slower)",
    )
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    failures: list[str] = []
    peaks: dict[int, float] = {}
    traced_peaks: dict[int, float] = {}
    baseline_cpu: dict[int, float] = {}
    job_peaks: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as folder:
        if args.only != "pdf":
            print(f"Portfolio workbook, French, every sheet; {args.respondents} respondents each")
            print("CPU = user + system seconds of the process (wall time shown beside it)")
            print(
                f"{'explorations':>12} {'answers':>8} {'cells':>9} {'CPU s':>7} {'base CPU':>8} "
                f"{'ratio':>6} {'wall s':>7} {'base wall':>9} {'maxRSS MB':>9} {'RSS+ MB':>8} "
                f"{'traced MB':>9} {'file MB':>7}"
            )
        databases = {}
        for size in sizes:
            db_path = str(Path(folder) / f"portfolio-{size}.sqlite3")
            seeded = _child("seed", db_path, str(size), str(args.respondents))
            databases[size] = db_path
            if args.only == "pdf":
                break  # the PDF summaries read the smallest database only
            capture = str(Path(folder) / f"cells-{size}.pickle")
            shape = _child("capture", db_path, capture)
            built: list[dict[str, Any]] = []
            base: list[dict[str, Any]] = []
            for _ in range(args.repeat):  # interleaved, so both meet the same machine load
                built.append(_child("workbook", db_path, "plain"))
                base.append(_child("baseline", capture))
            os.remove(capture)
            best = min(built, key=lambda r: r["cpu"])
            best_base = min(base, key=lambda r: r["cpu"])
            baseline_cpu[size] = best_base["cpu"]
            ratio = best["cpu"] / best_base["cpu"]
            wall = min(r["seconds"] for r in built)
            wall_base = min(r["seconds"] for r in base)
            peaks[size] = min(r["maxrss_mb"] for r in built)
            traced = "-"
            if args.traced:
                traced_peaks[size] = _child("workbook", db_path, "traced")["tracemalloc_peak_mb"]
                traced = f"{traced_peaks[size]:.1f}"
            print(
                f"{size:>12} {seeded['ratings']:>8} {shape['cells']:>9} {best['cpu']:>7.2f} "
                f"{best_base['cpu']:>8.2f} {ratio:>6.2f} {wall:>7.2f} {wall_base:>9.2f} "
                f"{peaks[size]:>9.1f} {best['rss_growth_mb']:>8.1f} {traced:>9} "
                f"{best['size_mb']:>7.1f}"
            )
            if ratio > WORKBOOK_RATIO:
                failures.append(f"workbook at {size}: {ratio:.2f} x baseline > {WORKBOOK_RATIO}")
        if args.only != "pdf":
            print()
            print(
                "Portfolio workbook as a background job (core.jobs.perform, as the worker runs it)"
            )
            print(
                f"{'explorations':>12} {'CPU s':>7} {'ratio':>6} {'wall s':>7} "
                f"{'maxRSS MB':>9} {'first write s':>13} {'first progress s':>16}"
            )
            for size in sizes:
                runs = [_child("job", databases[size]) for _ in range(args.repeat)]
                best_job = min(runs, key=lambda r: r["cpu"])
                job_ratio = best_job["cpu"] / baseline_cpu[size]
                job_peaks[size] = min(r["maxrss_mb"] for r in runs)
                first = max(r["first_progress_s"] for r in runs)
                print(
                    f"{size:>12} {best_job['cpu']:>7.2f} {job_ratio:>6.2f} "
                    f"{best_job['seconds']:>7.2f} {job_peaks[size]:>9.1f} "
                    f"{max(r['first_total_s'] for r in runs):>13.2f} {first:>16.2f}"
                )
                if job_ratio > WORKBOOK_RATIO:
                    failures.append(f"job at {size}: {job_ratio:.2f} x baseline")
                if not first <= FIRST_PROGRESS_S:
                    failures.append(f"job at {size}: first progress after {first:.2f} s")
            if len(sizes) > 1:
                job_growth = job_peaks[sizes[-1]] / job_peaks[sizes[0]]
                print(f"job peak memory (max RSS) at {sizes[-1]} / at {sizes[0]}: {job_growth:.2f}")
                if job_growth > MEMORY_RATIO:
                    failures.append(f"job memory grows {job_growth:.2f} x")
        if len(sizes) > 1 and args.only != "pdf":
            low, high = sizes[0], sizes[-1]
            growth = peaks[high] / peaks[low]
            print(f"peak memory (max RSS) at {high} / at {low}: {growth:.2f}")
            if growth > MEMORY_RATIO:
                failures.append(f"memory grows {growth:.2f} x from {low} to {high}")
            if args.traced:
                traced_growth = traced_peaks[high] / traced_peaks[low]
                print(f"tracemalloc peak at {high} / at {low}: {traced_growth:.2f}")
                if traced_growth > MEMORY_RATIO:
                    failures.append(f"Python allocations grow {traced_growth:.2f} x")

        if args.only != "workbook":
            pdfs: list[dict[str, Any]] = []
            pdf_bases: list[dict[str, Any]] = []
            for _ in range(args.repeat):
                pdfs.append(_child("pdf", databases[sizes[0]], str(args.pdfs)))
                pdf_bases.append(_child("pdf-baseline", str(args.pdfs)))
            pdf = min(pdfs, key=lambda r: r["build_ms"])
            pdf_base = min(pdf_bases, key=lambda r: r["build_ms"])
            pdf_ratio = pdf["build_ms"] / pdf_base["build_ms"]
            print()
            print(
                f"PDF summary: {pdf['count']} explorations (en and fr), "
                f"{args.respondents} respondents"
            )
            print(f"{'':>22} {'ms each':>8} {'pages':>6}")
            print(f"{'build_pdf':>22} {pdf['build_ms']:>8.1f} {pdf['pages']:>6.1f}")
            print(f"{'load_summary (SQL)':>22} {pdf['load_ms']:>8.1f}")
            print(f"{'bare reportlab':>22} {pdf_base['build_ms']:>8.1f} {pdf_base['pages']:>6.1f}")
            print(f"build_pdf / bare reportlab: {pdf_ratio:.2f}")
            if pdf["build_ms"] >= PDF_MS:
                failures.append(f"PDF {pdf['build_ms']:.1f} ms per summary >= {PDF_MS:.0f}")
    print()
    print(
        f"Targets: workbook CPU <= {WORKBOOK_RATIO} x baseline; peak memory at the largest size "
        f"<= {MEMORY_RATIO} x the smallest (the job's too); a job's first progress within "
        f"{FIRST_PROGRESS_S:.0f} s; PDF build < {PDF_MS:.0f} ms per summary."
    )
    if failures:
        print("MISSED: " + "; ".join(failures))
        return 1
    print("All targets met.")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        child_main(sys.argv[2:])
    else:
        sys.exit(main())
