"""The dashboard and a search at 1,000 and at 100,000 explorations on PostgreSQL, side by side.

Part of `make bench-http` with `--scale` (`make bench-http BENCH_ARGS=--scale`; bench.http calls
run_scale), since it takes minutes. Each size gets a schema of its own,
filled by `exploration demo`, served by gunicorn like the other pages and loaded with wrk.
The database is a throwaway PostgreSQL cluster started here, or the one named by
BENCH_POSTGRES_URL (an empty database the bench may fill; a schema that already holds the
right number of explorations is reused, since loading 100,000 takes minutes).

Targets: p99 < 100 ms at 16 connections (the smallest of --connections) for both pages at
100,000; worker CPU per request at 100,000 within 1.5 x of that at 1,000.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from urllib.parse import urlencode

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bench.report import Row, Target, p99_under
from bench.wrk import cookie_header, get_script, run_wrk, warm_up
from tests.serving import GunicornServer, HttpClient, ThrowawayPostgres, prepare_schema

SIZES = (1_000, 100_000)
BY_REFERENCE = "search by reference"


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    given = os.environ.get("BENCH_POSTGRES_URL")
    if given:
        yield given
        return
    with ThrowawayPostgres() as cluster:
        yield cluster.url


def schema_url(url: str, size: int) -> str:
    """`url` with its own schema for this size (created when missing)."""
    from core.db import make_engine

    schema = f"bench_{size}"
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    engine.dispose()
    with_path = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return with_path.render_as_string(hide_password=False)


def fill(url: str, size: int, env: dict[str, str], email: str) -> tuple[int, float | None]:
    """The schema with `size` demo explorations and the staff account; (count, seconds the
    demo took, None when reused)."""
    from intake.models import Exploration
    from tests.load.flows import create_staff, database

    try:
        with database(url) as session:
            present = session.scalar(select(func.count()).select_from(Exploration))
    except Exception:
        present = None
    if present == size:
        add_new_tables(url)
        settle(url)
        return size, None
    from bench.pages import run_demo

    prepare_schema(url)
    started = time.perf_counter()
    run_demo(url, env, size, 8)
    seconds = time.perf_counter() - started
    create_staff(url, email)
    settle(url)
    with database(url) as session:
        count = session.scalar(select(func.count()).select_from(Exploration))
    return count, seconds


def add_new_tables(url: str) -> None:
    """A reused schema gets the tables (and triggers) added to the models since it was
    loaded, with the counts per status counted once."""
    from app import load_models
    from core.db import Base, make_engine
    from intake.status_counts import recount

    load_models()
    engine = make_engine(url)
    try:
        Base.metadata.create_all(engine)
        with engine.begin() as connection:
            recount(connection)
    finally:
        engine.dispose()


def settle(url: str) -> None:
    """VACUUM ANALYZE, as autovacuum does some minutes after a bulk load: statistics for the
    planner, and the visibility map that lets the status counts read the status index alone.
    The bench measures a portfolio in use, not one loaded a second ago."""
    from core.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()


def search_words(url: str) -> tuple[str, str]:
    """What a person would type about the request in the middle of the portfolio: its lead's
    name (with the demo's names, thousands of requests hold both words), and its reference
    (one request)."""
    from intake.models import Exploration
    from tests.load.flows import database

    with database(url) as session:
        total = session.scalar(select(func.count()).select_from(Exploration)) or 1
        middle = (
            select(Exploration.lead_name, Exploration.reference)
            .where(Exploration.reference.is_not(None))
            .order_by(Exploration.id)
            .offset(total // 2)
            .limit(1)
        )
        name, reference = session.execute(middle).one()
        return name, reference


def run_scale(settings, env: dict[str, str], email: str) -> list[Row]:
    """Rows for bench.http's report (at the smallest of its connections), and the side-by-side
    table printed here."""
    from bench.pages import sign_in

    load = settings.load(min(settings.connections))
    results = {}
    with postgres() as base_url:
        for size in SIZES:
            url = schema_url(base_url, size)
            print(f"PostgreSQL with {size} explorations...", flush=True)
            count, seconds = fill(url, size, env, email)
            took = "reused" if seconds is None else f"demo took {seconds:.1f} s"
            print(f"  {count} explorations ({took})", flush=True)
            name_words, reference = search_words(url)
            with GunicornServer(url, workers=settings.workers, env=env) as server:
                client = HttpClient(server.base_url)
                sign_in(client)
                script = get_script(cookie_header(client))
                for name, path in (
                    ("dashboard", "/en/staff/"),
                    ("search", "/en/staff/?" + urlencode({"q": name_words})),
                    (BY_REFERENCE, "/en/staff/?" + urlencode({"q": reference})),
                ):
                    page = client.get(path, follow=False)
                    if page.status != 200:
                        raise RuntimeError(f"{path} answered {page.status}")
                    target = f"{server.base_url}{path}"
                    warm_up(target, script)
                    results[(name, size)] = run_wrk(
                        f"{name} {size}", target, load, script, expected_status=200, server=server
                    )
    small, large = SIZES
    print()
    print(f"{'page (PostgreSQL)':<20} {'p99 ms':>9} {'p99 ms':>9}   {'cpu ms':>7} {'cpu ms':>7}")
    print(f"{'':<20} {small:>9} {large:>9}   {small:>7} {large:>7}  cpu ratio")
    rows = []
    for name in ("dashboard", "search", BY_REFERENCE):
        a, b = results[(name, small)], results[(name, large)]
        ratio = b.cpu_ms / a.cpu_ms if a.cpu_ms and b.cpu_ms else None
        print(
            f"{name:<20} {a.p99_ms:>9.1f} {b.p99_ms:>9.1f}   {a.cpu_ms or 0:>7.2f} "
            f"{b.cpu_ms or 0:>7.2f}  {ratio if ratio is None else round(ratio, 2)}"
        )
        flat = Target(
            f"cpu <= 1.5 x at {small}",
            lambda _row, ratio=ratio: ratio is not None and ratio <= 1.5,
        )
        rows.append(
            Row(
                f"{name}, PostgreSQL, {large} expl.",
                b,
                # The targets are for the dashboard and the name search; a search by
                # reference is shown beside them, as information.
                targets=[] if name == BY_REFERENCE else [p99_under(100), flat],
                note=f"at {small}: p99 {a.p99_ms:.1f} ms, cpu {a.cpu_ms or 0:.2f} ms",
            )
        )
    print()
    return rows
