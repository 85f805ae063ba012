"""Who carries a job's work: RQ on Redis when REDIS_URL is set, else a thread of the web process.

Plain RQ, set up here in `init_app` (as GC Notify's admin sets up its clients), rather than
Flask-RQ: the app needs one queue, one enqueue call and one worker command, and the wrapper
would add a dependency (with its own release pace) for no behaviour we use.

- `RqRunner`: `Queue.enqueue(core.jobs.perform, job_id)` with the RQ job id `job-<id>`, so the
  sweep can ask RQ (`Job.exists`) whether a queued row still has its Redis entry and enqueue it
  again when Redis lost it. `exploration worker` runs RQ's forking `Worker` (each job in a fresh
  work horse, killed at JOB_TIMEOUT_SECONDS) with RQ's scheduler, and RQ 2's own cron scheduler
  (`rq.cron.CronScheduler`) in a child process, which enqueues each `@scheduled` task at its
  interval.
- `ThreadRunner` (the embedded default, `make run`): the same `perform` in a daemon thread, and
  a scheduler thread that runs due tasks. No second process to start.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from typing import Any, Protocol

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from core import job_sweep, jobs, scheduled  # noqa: F401 - job_sweep registers "jobs.sweep"
from core.db import get_database, reading
from core.timeutil import utcnow

log = logging.getLogger(__name__)

QUEUE_NAME = "exploration"
SCHEDULER_TICK = 5.0  # seconds between two looks at the schedule in the thread scheduler
_worker_app: Flask | None = None


class Runner(Protocol):
    def enqueue(self, job_id: int) -> None: ...

    def lost(self, job_id: int) -> bool: ...


def rq_id(job_id: int) -> str:
    return f"job-{job_id}"


class RqRunner:
    def __init__(self, app: Flask) -> None:
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(app.config["REDIS_URL"])
        self.queue = Queue(QUEUE_NAME, connection=self.connection)
        self.timeout = app.config["JOB_TIMEOUT_SECONDS"]

    def enqueue(self, job_id: int) -> None:
        self.queue.enqueue(
            jobs.perform,
            job_id,
            job_id=rq_id(job_id),
            job_timeout=self.timeout,
            result_ttl=3600,
            failure_ttl=86400,
            description=f"exploration job {job_id}",
        )

    def lost(self, job_id: int) -> bool:
        from rq.job import Job as RqJob

        return not RqJob.exists(rq_id(job_id), connection=self.connection)


class ThreadRunner:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.threads: dict[int, threading.Thread] = {}
        self.lock = threading.Lock()

    def enqueue(self, job_id: int) -> None:
        thread = threading.Thread(
            target=jobs.perform, args=(job_id, self.app), name=f"job-{job_id}", daemon=True
        )
        with self.lock:
            self.threads[job_id] = thread
        thread.start()

    def lost(self, job_id: int) -> bool:
        with self.lock:
            thread = self.threads.get(job_id)
        return thread is None or not thread.is_alive()

    def wait(self, job_id: int, timeout: float = 60.0) -> None:
        """Wait for a job started here (tests, the command line)."""
        with self.lock:
            thread = self.threads.get(job_id)
        if thread is not None:
            thread.join(timeout)


def runner(app: Flask | None = None) -> Runner:
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    return app.extensions["exploration.jobs"]


def worker_app() -> Flask:
    """The app a job runs in: the worker's (set by `exploration worker`), or the current one."""
    if _worker_app is not None:
        return _worker_app
    return current_app._get_current_object()  # type: ignore[attr-defined]


# The thread scheduler (no Redis) ---------------------------------------------------------------
def _thread_scheduler(app: Flask) -> None:
    while True:
        time.sleep(SCHEDULER_TICK)
        try:
            with app.app_context(), reading(), get_database().sessionmaker() as session:
                due = scheduled.due_schedules(session, utcnow())
            for name in due:
                jobs.run_scheduled(name, app)
        except Exception:
            log.exception("scheduler tick failed")


def start_thread_scheduler(app: Flask) -> threading.Thread:
    thread = threading.Thread(
        target=_thread_scheduler, args=(app,), name="exploration-scheduler", daemon=True
    )
    thread.start()
    return thread


# The worker (Redis) -------------------------------------------------------------------------------
def _run_cron(redis_url: str, schedules: list[tuple[str, int]]) -> None:
    """The cron scheduler's process: RQ's CronScheduler enqueues each task at its interval."""
    from redis import Redis
    from rq.cron import CronScheduler

    scheduler = CronScheduler(connection=Redis.from_url(redis_url))
    for name, seconds in schedules:
        scheduler.register(
            jobs.run_scheduled, QUEUE_NAME, args=(name,), interval=seconds, name=name
        )
    scheduler.start()


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (for scripts).")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run the background worker: RQ's worker and scheduler, and the cron-style tasks."""
    from redis import Redis
    from rq import Worker

    global _worker_app
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    url = app.config["REDIS_URL"]
    if not url:
        raise click.ClickException(
            "REDIS_URL is not set: without Redis the web process runs jobs itself."
        )
    _worker_app = app
    engine = get_database().engine
    # Each work horse is a fork: it must not share the parent's pooled connections
    # (SQLAlchemy's documented way: dispose the pool without closing the parent's sockets).
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    schedules = [(s.name, int(s.every.total_seconds())) for s in jobs.SCHEDULES.values()]
    cron = None
    if not burst:
        cron = multiprocessing.get_context("fork").Process(
            target=_run_cron, args=(url, schedules), name="exploration-cron", daemon=True
        )
        cron.start()
    try:
        worker = Worker([QUEUE_NAME], connection=Redis.from_url(url))
        worker.work(with_scheduler=True, burst=burst, logging_level="INFO")
    finally:
        if cron is not None and cron.is_alive():
            cron.terminate()
            cron.join(5)


def init_app(app: Flask) -> None:
    """Choose the runner, and without Redis start the scheduler thread (not under tests: they
    run scheduled tasks themselves)."""
    if app.config.get("REDIS_URL"):
        app.extensions["exploration.jobs"] = RqRunner(app)
    else:
        app.extensions["exploration.jobs"] = ThreadRunner(app)
        if not app.testing and app.config["SCHEDULER_THREAD"]:
            started = threading.Event()

            @app.before_request
            def _start_scheduler() -> None:
                # On the first request, not at import: `exploration db upgrade` and other
                # commands build the app too and must not start a scheduler.
                if not started.is_set():
                    started.set()
                    start_thread_scheduler(app)

    app.cli.add_command(worker_command)
    app.cli.add_command(jobs_cli)


jobs_cli = click.Group("jobs", help="Background jobs and scheduled tasks.")


@jobs_cli.command("run-scheduled")
@click.argument("name", required=False)
@with_appcontext
def run_scheduled_command(name: str | None) -> None:
    """Run one scheduled task now (NAME), or every one."""
    app: Any = current_app._get_current_object()  # type: ignore[attr-defined]
    names = [name] if name else list(jobs.SCHEDULES)
    for each in names:
        if each not in jobs.SCHEDULES:
            raise click.ClickException(f"No scheduled task is called {each!r}.")
        counts = jobs.run_scheduled(each, app)
        click.echo(f"{each}: {counts if counts is not None else 'already ran this period'}")
