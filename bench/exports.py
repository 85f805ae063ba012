"""Export benchmark: the portfolio workbook and the PDF summary beside bare-library baselines.

Run with `make bench-exports` (or `.venv/bin/python -m bench.exports --help`); the measurements
themselves are in bench/export_workbook.py and bench/export_pdf.py. Not part of the
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
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.export_pdf import baseline_pdf, measure_pdf
from bench.export_workbook import (
    baseline_workbook,
    capture_cells,
    measure_job,
    measure_workbook,
    seed,
)

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK_RATIO = 1.3
MEMORY_RATIO = 1.2
PDF_MS = 100.0
FIRST_PROGRESS_S = 1.0


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
