"""F2 and F3: the database goes away under load, and nobody loses what they typed.

F2  PostgreSQL (a throwaway cluster of this test's own) is stopped and started again while
    clients keep submitting: during the outage every answer is a bilingual 503 page that
    still holds the typed text; no partial row is stored; after it is back, no error.
F3  The SQLite file sits on a tiny tmpfs that fills up: the answer is a bilingual 503 with the
    typed text, and `PRAGMA integrity_check` is "ok" afterwards. Needs root (mount).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.load import flows
from tests.load.test_load import LOAD_ENV
from tests.serving import (
    GunicornServer,
    HttpClient,
    ThrowawayPostgres,
    postgres_available,
    prepare_schema,
    sqlite_url,
)

EN_503 = "The service is briefly unavailable"
FR_503 = "Le service est brièvement indisponible"

pytestmark = pytest.mark.server


class Outcomes:
    """What the clients saw, per marker, under one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acked: dict[str, str] = {}
        self.unavailable: list[str] = []
        self.unavailable_without_input: list[str] = []
        self.other: Counter = Counter()
        self.connection_errors = 0

    def record(self, marker: str, response: flows.Response | None) -> None:
        with self.lock:
            if response is None:
                self.connection_errors += 1
            elif response.status in {302, 303}:
                self.acked[marker] = response.location or ""
            elif response.status == 503:
                page = response.text
                if marker in page and EN_503 in page and FR_503 in page:
                    self.unavailable.append(marker)
                else:
                    self.unavailable_without_input.append(marker)
            else:
                self.other[response.status] += 1


def submit_marker(client: HttpClient, form: flows.Form, marker: str, outcomes: Outcomes) -> None:
    fields = {**flows.ORGANIZATION, "lead_name": marker, "submission_key": flows.new_key()}
    try:
        response = client.submit(form, fields)
    except (OSError, http.client.HTTPException):
        response = None
    outcomes.record(marker, response)


def rows_by_marker(url: str, prefix: str) -> dict[str, list[dict]]:
    from intake.models import Exploration

    with flows.database(url) as session:
        rows = session.scalars(select(Exploration).where(Exploration.lead_name.like(f"{prefix}%")))
        found: dict[str, list[dict]] = {}
        for row in rows:
            found.setdefault(row.lead_name, []).append(
                {name: getattr(row, name) for name in ("lead_name", *flows.ORGANIZATION)}
            )
    return found


def partial_rows(found: dict[str, list[dict]]) -> list[str]:
    """Rows that hold the marker but not every other value of the same POST."""
    partial = []
    for marker, rows in found.items():
        for row in rows:
            if any(row[name] != value for name, value in flows.ORGANIZATION.items()):
                partial.append(marker)
    return partial


@pytest.mark.skipif(bool(postgres_available()), reason=str(postgres_available()))
def test_f2_postgresql_restart_during_load(figures):
    with ThrowawayPostgres() as pg:
        prepare_schema(pg.url)
        outcomes = Outcomes()
        after = Outcomes()
        stop = threading.Event()
        with GunicornServer(pg.url, workers=2, env=LOAD_ENV) as server:
            forms = []
            for _ in range(8):
                client = HttpClient(server.base_url, timeout=20)
                forms.append((client, flows.organization_form(client)))

            def worker(number: int) -> None:
                client, form = forms[number]
                index = 0
                while not stop.is_set() and index < 400:
                    submit_marker(client, form, f"F2-{number}-{index:03d}", outcomes)
                    index += 1
                    time.sleep(0.01)

            threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(forms))]
            for thread in threads:
                thread.start()
            try:
                time.sleep(1.5)
                pg.stop("fast")
                time.sleep(2.5)
                pg.pg_ctl("start", "-w", "-t", "30")
                time.sleep(1.5)
            finally:
                stop.set()
                for thread in threads:
                    thread.join(60)
            # Back to normal: every submission from now on is stored.
            for number, (client, form) in enumerate(forms):
                for index in range(10):
                    submit_marker(client, form, f"F2-after-{number}-{index}", after)
            logs = server.logs()
        found = rows_by_marker(pg.url, "F2-")
    lost = [m for m in [*outcomes.acked, *after.acked] if m not in found]
    duplicates = sum(len(rows) - 1 for rows in found.values())
    partial = partial_rows(found)
    figures(
        f"F2 postgresql-restart acked={len(outcomes.acked)} unavailable_503_with_input="
        f"{len(outcomes.unavailable)} 503_without_input={len(outcomes.unavailable_without_input)} "
        f"other={dict(outcomes.other)} connection_errors={outcomes.connection_errors} "
        f"lost={len(lost)} duplicates={duplicates} partial_rows={len(partial)} "
        f"after_restart_acked={len(after.acked)}/{len(forms) * 10} "
        f"after_restart_errors={len(after.unavailable) + sum(after.other.values())}"
    )
    assert outcomes.unavailable, "no request met the outage: the test proved nothing"
    assert not outcomes.unavailable_without_input, outcomes.unavailable_without_input[:3]
    assert not outcomes.other, outcomes.other
    assert outcomes.connection_errors == 0
    assert not lost and duplicates == 0 and not partial
    assert len(after.acked) == len(forms) * 10, (after.other, after.unavailable[:3])
    assert "Traceback" not in logs


@contextlib.contextmanager
def tiny_tmpfs(size: str) -> Path:
    mount_point = Path(tempfile.mkdtemp(prefix="exploration-full-"))
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
        check=True,
        timeout=20,
    )
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False, timeout=20)
        shutil.rmtree(mount_point, ignore_errors=True)


def fill(directory: Path) -> Path:
    """Take every free byte of the file system with one file."""
    filler = directory / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 1 << 16, 1 << 12, 512):
            chunk = b"\0" * size
            with contextlib.suppress(OSError):
                while True:
                    os.write(handle, chunk)
    finally:
        os.close(handle)
    return filler


@pytest.mark.skipif(os.geteuid() != 0, reason="F3 mounts a tmpfs: run as root (CI does)")
def test_f3_sqlite_disk_full(figures):
    with tiny_tmpfs("4m") as disk:
        database = disk / "exploration.sqlite3"
        url = sqlite_url(database)
        prepare_schema(url)
        outcomes = Outcomes()
        with GunicornServer(url, workers=2, env=LOAD_ENV) as server:
            client = HttpClient(server.base_url, timeout=20)
            form = flows.organization_form(client)
            for index in range(20):
                submit_marker(client, form, f"F3-before-{index:03d}", outcomes)
            acked_before = len(outcomes.acked)
            filler = fill(disk)
            # Long answers until the WAL and the database cannot grow any more (bounded).
            long_form = flows.step_form(client, _any_token(outcomes), "context")
            failures_seen = 0
            index = 0
            while failures_seen < 5 and index < 400:
                marker = f"F3-full-{index:03d}"
                submit_marker(client, form, marker, outcomes)
                if marker in outcomes.unavailable or marker in outcomes.unavailable_without_input:
                    failures_seen += 1
                index += 1
            # A longer text on a later step, while the disk is still full.
            text = "F3-problem-" + "é" * 2500
            response = client.submit(
                long_form, {**flows.CONTEXT, "problem": text}, button=("action", "continue")
            )
            long_kept = response.status == 503 and text in response.text
            long_status = response.status
            filler.unlink()
            for index in range(10):
                submit_marker(client, form, f"F3-after-{index:03d}", outcomes)
            logs = server.logs()
        connection = sqlite3.connect(database)
        try:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()
        found = rows_by_marker(url, "F3-")
    lost = [m for m in outcomes.acked if m not in found]
    duplicates = sum(len(rows) - 1 for rows in found.values())
    after = [m for m in outcomes.acked if m.startswith("F3-after-")]
    figures(
        f"F3 sqlite-disk-full acked={len(outcomes.acked)} (before={acked_before}, "
        f"after={len(after)}/10) unavailable_503_with_input={len(outcomes.unavailable)} "
        f"503_without_input={len(outcomes.unavailable_without_input)} "
        f"other={dict(outcomes.other)} long_answer_503_kept={long_kept} ({long_status}) "
        f"lost={len(lost)} duplicates={duplicates} partial_rows={len(partial_rows(found))} "
        f"integrity_check={integrity}"
    )
    assert outcomes.unavailable, "the disk never filled up: the test proved nothing"
    assert not outcomes.unavailable_without_input
    assert not outcomes.other, outcomes.other
    assert long_status in {302, 303} or long_kept
    assert integrity == "ok"
    assert not lost and duplicates == 0 and not partial_rows(found)
    assert len(after) == 10
    assert "Traceback" not in logs


def _any_token(outcomes: Outcomes) -> str:
    for location in outcomes.acked.values():
        match = flows.TOKEN_IN_PATH.search(location)
        if match:
            return match.group(1)
    raise AssertionError("no draft was created before the disk filled")
