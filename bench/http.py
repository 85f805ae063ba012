"""HTTP benchmark: the service under gunicorn, loaded with wrk, beside bare-library ceilings.

Run with `make bench-http` (or `.venv/bin/python -m bench.http --help`). It is not part of the
test suite: it needs wrk and redis-server (Debian packages of those names) and about four
minutes; `--scale` adds the PostgreSQL part (bench.scale), which takes several more.

What it does, all on 127.0.0.1:
1. builds a SQLite database with 1,000 demo explorations (`exploration demo`) and a staff
   account, and serves the app with gunicorn (sync workers, rate limits in redis-server);
2. checks that each page answers as it does for a person (the home page, a draft's intake
   step, a survey practice page saved with its own form, CSRF token and version, the staff
   dashboard once signed in), then loads it with wrk at 16 and at 64 connections: the home
   page, the intake step (GET), the survey page save (POST, a database write per request)
   and the staff dashboard;
3. serves the bare apps of `bench.ceilings` with the same gunicorn settings, each sized from
   the real page it stands for, and loads each just before its page, at the same connections;
4. prints p50/p99, requests/s and the ceiling's requests/s for each page and number of
   connections, and checks the targets. The exit status is 1 when a target is missed.

Targets: public pages (home, intake step) p99 < 50 ms at 16 connections; survey save p99 <
100 ms at 16 connections; no page below 0.35 x its ceiling's requests/s; every response the
status the page answers when it works (200, or 303 for the save), none outside 2xx/3xx, and
no error in the server log. The throughput figures themselves are information.

With `--scale` (bench.scale): the dashboard and a search at 1,000 and 100,000 explorations on
PostgreSQL: p99 < 100 ms at 100,000, worker CPU per request within 1.5 x of that at 1,000.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.pages import PAGES, PREPARE, STAFF_EMAIL, NotMeasured, Page, build_database
from bench.report import TARGET_RATIO, Row, p99_under, ratio_at_least, report
from bench.wrk import Load, Measure, get_script, post_script, run_wrk, warm_up
from tests.serving import GunicornServer, ThrowawayRedis, sqlite_url


@dataclass
class Settings:
    duration: int = 10
    threads: int = 2
    connections: tuple[int, ...] = (16, 64)
    workers: int = 4
    explorations: int = 1000
    respondents: int = 3
    only: set[str] = field(default_factory=set)
    limits: str = "redis"
    scale: bool = False

    def load(self, connections: int) -> Load:
        return Load(self.duration, self.threads, connections)


# --- The ceilings ----------------------------------------------------------------------------

CEILING_APPS = {
    "page": ("bench.ceilings:page_app()", "CEILING_PAGE_BYTES"),
    "form": ("bench.ceilings:form_app()", "CEILING_FORM_FIELDS"),
    "insert": ("bench.ceilings:insert_app()", "CEILING_SQLITE"),
}


def ceiling_server(name: str, size: str, settings: Settings) -> GunicornServer:
    """One bare ceiling app under the same gunicorn settings as the service."""
    target, variable = CEILING_APPS[name]
    return GunicornServer(
        "sqlite://",
        workers=settings.workers,
        env={variable: size},
        target=target,
        ready_path="/",
        ready_status=405 if name == "insert" else 200,  # the insert app only takes POST
    )


def ceiling_script(name: str) -> tuple[str, int]:
    if name == "insert":
        return post_script("/", [("value", "x" * 40)]), 303
    return get_script(), 200


# --- Main --------------------------------------------------------------------------------------


def measure_page(page: Page, server: GunicornServer, settings: Settings, work: Path) -> list[Row]:
    """The page at each number of connections, each just after its ceiling at the same."""
    url = f"{server.base_url}{page.path}"
    rows = []
    with contextlib.ExitStack() as stack:
        ceiling = None
        if page.ceiling is not None:
            name, size = page.ceiling
            size = size or str(work / "ceiling.sqlite3")  # the insert ceiling's database
            ceiling = stack.enter_context(ceiling_server(name, size, settings))
            warm_up(f"{ceiling.base_url}/", ceiling_script(name)[0])
        smallest = min(settings.connections)
        for connections in settings.connections:
            bare: Measure | None = None
            if ceiling is not None and page.ceiling is not None:
                script, status = ceiling_script(page.ceiling[0])
                bare = run_wrk(
                    f"ceiling {page.ceiling[0]}",
                    f"{ceiling.base_url}/",
                    settings.load(connections),
                    script,
                    expected_status=status,
                    server=ceiling,
                )
            warm, script = page.scripts(connections)
            warm_up(url, warm)
            measure = run_wrk(
                page.key,
                url,
                settings.load(connections),
                script,
                expected_status=page.expected_status,
                server=server,
            )
            targets = []
            if page.p99_limit_ms is not None and connections == smallest:
                targets.append(p99_under(page.p99_limit_ms))
            if bare is not None:
                targets.append(ratio_at_least(TARGET_RATIO))
            rows.append(Row(page.label, measure, bare, targets))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--connections", type=int, nargs="+", default=[16, 64], help="wrk connections, each"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--explorations", type=int, default=1000)
    parser.add_argument(
        "--only",
        default="",
        help=f"comma-separated: {','.join(PAGES)},scale (scale alone: only the --scale part)",
    )
    parser.add_argument(
        "--scale",
        action="store_true",
        help="also the dashboard and a search at 100,000 explorations on PostgreSQL (minutes)",
    )
    parser.add_argument(
        "--limits",
        choices=("redis", "memory"),
        default="redis",
        help="rate-limit storage: redis (as deployed with several workers) or memory://",
    )
    args = parser.parse_args(argv)
    only = {x for x in args.only.split(",") if x}
    if only - {*PAGES, "scale"}:
        parser.error(f"--only takes {','.join(PAGES)},scale")
    settings = Settings(
        duration=args.duration,
        threads=args.threads,
        connections=tuple(sorted(set(args.connections))),
        workers=args.workers,
        explorations=args.explorations,
        only=only,
        limits=args.limits,
        scale=args.scale or "scale" in only,
    )
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    if settings.limits == "redis" and ThrowawayRedis.available():
        print(f"{ThrowawayRedis.available()}: apt-get install redis-server", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="exploration-bench-"))
    try:
        if settings.limits == "memory":
            return run(settings, work, "memory://")
        with ThrowawayRedis() as redis:
            return run(settings, work, redis.url)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run(settings: Settings, work: Path, limits_uri: str) -> int:
    env = {
        "RATELIMIT_STORAGE_URI": limits_uri,
        "PUBLIC_POST_LIMIT": "1000000 per minute",
        "SIGNIN_LIMIT": "1000 per minute",
        "LINK_MISS_LIMIT": "1000 per minute",
    }
    print(
        f"wrk -t{settings.threads} -c{'/'.join(map(str, settings.connections))} "
        f"-d{settings.duration}s, gunicorn --workers {settings.workers} (sync), rate limits in "
        f"{settings.limits}, {os.cpu_count()} cores, load average {load_average()}",
        flush=True,
    )
    wanted = [key for key in PAGES if not settings.only or key in settings.only]
    rows: list[Row] = []
    errors_in_logs = 0
    if wanted:
        url = sqlite_url(work / "bench.sqlite3")
        print(f"Building the database ({settings.explorations} explorations)...", flush=True)
        try:
            build_database(url, settings, env)
        except NotMeasured as error:
            print(error, file=sys.stderr)
            return 1
        with GunicornServer(url, workers=settings.workers, env=env) as server:
            for key in wanted:
                print(f"{key}:", flush=True)
                try:
                    page = PREPARE[key](server.base_url, url, settings)
                except NotMeasured as error:
                    rows.append(Row(key, None, note=str(error)))
                    continue
                rows.extend(measure_page(page, server, settings, work))
            logs = server.logs()
        errors_in_logs = len(re.findall(r"ERROR|Traceback", logs))
    if settings.scale:
        from bench.scale import run_scale

        rows.extend(run_scale(settings, env, STAFF_EMAIL))
    return report(rows, errors_in_logs, load_average())


if __name__ == "__main__":
    sys.exit(main())
