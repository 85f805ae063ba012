"""Background jobs for real: gunicorn instances, real `exploration worker` processes, one
PostgreSQL and one redis-server.

- J1: two instances and two workers. A staff member whose every request goes to the other
  instance starts the portfolio workbook, watches its progress and downloads it.
- J2: the worker is killed with SIGKILL (worker, work horse and cron scheduler) in the middle of
  an export: the job ends failed (it is not retried: the person starts it again), no file is
  offered, and started again on a new worker it completes.
- J3: Redis is restarted while a job waits in its queue (its entry is lost): the row in the
  database is still there, and the next worker's first sweep hands it over again.
"""

from __future__ import annotations

import io
import signal
import tempfile
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.load import flows
from tests.load.job_workers import Worker, run_command, start_export, status, wait_for
from tests.serving import (
    AlternatingClient,
    GunicornServer,
    ThrowawayPostgres,
    ThrowawayRedis,
    parse_forms,
    postgres_available,
    prepare_schema,
)

pytestmark = pytest.mark.server
STAFF_EMAIL = "jobs.staff@cds-snc.ca"
STALL_SECONDS = 4


def _skip_reason() -> str | None:
    return postgres_available() or ThrowawayRedis.available()


skip_without_servers = pytest.mark.skipif(bool(_skip_reason()), reason=str(_skip_reason()))


def _environment(redis_url: str, files: Path) -> dict[str, str]:
    return {
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url,
        "JOB_FILES_DIR": str(files),
        "JOB_STALL_SECONDS": str(STALL_SECONDS),
    }


def _prepare(pg: ThrowawayPostgres, env: dict[str, str], explorations: int) -> None:
    prepare_schema(pg.url)
    flows.create_staff(pg.url, STAFF_EMAIL)
    run_command(pg.url, env, "demo", "--explorations", str(explorations), "--respondents", "20")


def _portfolio_count(url: str) -> int:
    from intake.models import Exploration

    with flows.database(url) as session:
        return len(
            session.scalars(select(Exploration.id).where(Exploration.status != "draft")).all()
        )


def _workbook_rows(body: bytes) -> int:
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    return sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True)) - 1


@skip_without_servers
def test_j1_two_instances_two_workers_share_a_job(figures):
    with (
        ThrowawayPostgres() as pg,
        ThrowawayRedis() as redis,
        tempfile.TemporaryDirectory() as files,
    ):
        env = _environment(redis.url, Path(files))
        _prepare(pg, env, 40)
        expected = _portfolio_count(pg.url)
        with (
            GunicornServer(pg.url, workers=2, env=env) as first,
            GunicornServer(pg.url, workers=2, env=env) as second,
            Worker(pg.url, env),
            Worker(pg.url, env),
        ):
            staff = AlternatingClient([first.base_url, second.base_url])
            flows.sign_in(staff, STAFF_EMAIL)
            job_path, answered = start_export(staff)
            started_on = staff.served_by[-1]
            started = time.monotonic()
            progress_ports, seen = set(), []
            while True:
                now = status(staff, job_path)
                progress_ports.add(staff.served_by[-1])
                seen.append(now["percent"])
                if now["status"] not in ("queued", "running"):
                    break
                assert time.monotonic() - started < 120, now
                time.sleep(0.2)
            took = time.monotonic() - started
            assert now["status"] == "done", now
            # The download, on the instance the job was not started on.
            other = [
                u for u in (first.base_url, second.base_url) if not u.endswith(f":{started_on}")
            ]
            elsewhere = AlternatingClient(other)
            elsewhere.cookies = dict(staff.cookies)
            page = elsewhere.get(job_path)
            link = next(a for a in page.text.split('"') if a.endswith("/file"))
            download = elsewhere.get(link)
            downloaded_on = elsewhere.served_by[-1]
            logs = first.logs() + second.logs()
    rows = _workbook_rows(download.body)
    figures(
        f"J1 answered_ms={answered * 1000:.0f} started_on=:{started_on} "
        f"progress_seen_on={len(progress_ports)} instances ({len(seen)} polls, "
        f"percents {sorted(set(seen))[:6]}...) done_s={took:.1f} downloaded_on=:{downloaded_on} "
        f"size_kb={len(download.body) // 1024} rows={rows}/{expected} workers=2"
    )
    assert download.status == 200 and rows == expected
    assert len(progress_ports) == 2 and downloaded_on != started_on
    assert answered < 0.2
    assert "Traceback" not in logs


@skip_without_servers
def test_j2_a_worker_killed_mid_export_fails_the_job_and_it_can_start_again(figures):
    with (
        ThrowawayPostgres() as pg,
        ThrowawayRedis() as redis,
        tempfile.TemporaryDirectory() as files,
    ):
        env = _environment(redis.url, Path(files))
        _prepare(pg, env, 300)
        expected = _portfolio_count(pg.url)
        with GunicornServer(pg.url, workers=2, env=env) as server:
            staff = AlternatingClient([server.base_url])
            flows.sign_in(staff, STAFF_EMAIL)
            worker = Worker(pg.url, env).start()
            try:
                job_path, _answered = start_export(staff)
                running = wait_for(
                    staff, job_path, lambda s: s["status"] == "running" and s["percent"] > 0
                )
                worker.kill(signal.SIGKILL)
                killed = time.monotonic()
                failed = wait_for(staff, job_path, lambda s: s["status"] != "running", 60)
                detected = time.monotonic() - killed
            finally:
                worker.stop()
            offered = staff.get(f"{job_path}/file", follow=False).status
            page = staff.get(job_path)
            left = sorted(p.name for p in Path(files).iterdir() if not p.name.startswith("."))
            forms = [f for f in parse_forms(page.text) if f.action.endswith("/again")]
            assert forms, (failed, page.status, page.text[-2500:])
            again = forms[0]
            with Worker(pg.url, env):
                restarted = staff.post(again.action, again.with_values())
                new_path = restarted.location or ""
                new_path = new_path[new_path.index("/en/") :]
                started = time.monotonic()
                done = wait_for(
                    staff, new_path, lambda s: s["status"] != "running" and s["status"] != "queued"
                )
                took = time.monotonic() - started
                body = staff.get(f"{new_path}/file").body
    figures(
        f"J2 killed_at={running['percent']}% status_after_kill={failed['status']} "
        f"({failed['error']}) detected_s={detected:.1f} (stall {STALL_SECONDS}s) "
        f"file_offered={offered} files_left={len(left)} restarted={done['status']} "
        f"in {took:.1f}s rows={_workbook_rows(body)}/{expected}"
    )
    assert failed["status"] == "failed" and failed["error"] == "stalled"
    assert offered == 404 and left == []
    assert done["status"] == "done" and _workbook_rows(body) == expected


@skip_without_servers
def test_j3_redis_restarted_while_a_job_waits_loses_nothing(figures):
    with (
        ThrowawayPostgres() as pg,
        ThrowawayRedis() as redis,
        tempfile.TemporaryDirectory() as files,
    ):
        env = _environment(redis.url, Path(files))
        _prepare(pg, env, 10)
        with GunicornServer(pg.url, workers=1, env=env) as server:
            staff = AlternatingClient([server.base_url])
            flows.sign_in(staff, STAFF_EMAIL)
            job_path, _answered = start_export(staff)
            assert status(staff, job_path)["status"] == "queued"
            # Restart Redis without persistence: the queue's entry is gone.
            redis.__exit__(None, None, None)
            redis.dir.mkdir(parents=True, exist_ok=True)
            redis.__enter__()
            restarted = time.monotonic()
            assert status(staff, job_path)["status"] == "queued"
            time.sleep(6)  # older than the sweep's grace for a job just enqueued
            with Worker(pg.url, env):
                done = wait_for(staff, job_path, lambda s: s["status"] == "done", 90)
            took = time.monotonic() - restarted
    figures(
        f"J3 redis_restarted queue_entry=lost job_row=kept status={done['status']} "
        f"requeued_by=first sweep of the new worker in {took:.1f}s"
    )
    assert done["status"] == "done"
