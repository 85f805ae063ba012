"""Real `exploration worker` processes for the job tests, and the steps those tests share.

A worker runs in its own process group (the worker, its work horse and its cron scheduler), so
`kill(signal.SIGKILL)` kills all three at once, as when a container is killed. Every wait is
bounded.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.serving import ROOT, TEST_SECRET_KEY, HttpClient, parse_forms


def exploration_command() -> list[str]:
    """The installed console script next to this Python (as deployed), else the same entry
    point through the interpreter."""
    script = Path(sys.executable).parent / "exploration"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from app import cli; sys.exit(cli())"]


def app_environment(database_url: str, extra: Mapping[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "EXPLORATION_ENV": "production",
            "SECRET_KEY": TEST_SECRET_KEY,
            "DATABASE_URL": database_url,
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    return env


def run_command(database_url: str, env: Mapping[str, str], *args: str, timeout=300) -> str:
    return subprocess.run(
        [*exploration_command(), *args],
        cwd=ROOT,
        env=app_environment(database_url, env),
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    ).stdout


class Worker:
    """`exploration worker` in its own process group, its output kept in a file."""

    def __init__(self, database_url: str, env: Mapping[str, str]) -> None:
        self.database_url, self.env = database_url, dict(env)
        self.log = Path(tempfile.mkstemp(prefix="exploration-worker-", suffix=".log")[1])
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*exploration_command(), "worker"],
                cwd=ROOT,
                env=app_environment(self.database_url, self.env),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while "Listening on" not in self.logs() and time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited:\n{self.logs()[-3000:]}")
            time.sleep(0.1)
        return self

    def logs(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def descendants(self) -> list[int]:
        """The worker's processes: RQ's work horse leaves the worker's process group (setsid),
        so it is found by its parent."""
        if self.process is None:
            return []
        found, frontier = [], [self.process.pid]
        while frontier:
            parent = frontier.pop()
            for stat in Path("/proc").glob("[0-9]*/stat"):
                with contextlib.suppress(OSError, ValueError, IndexError):
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                    if int(fields[1]) == parent and fields[0] != "Z":
                        found.append(int(stat.parent.name))
                        frontier.append(int(stat.parent.name))
        return found

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the worker and every process it started (its work horse, its cron
        scheduler), all at once, as when its container is killed."""
        if self.process is not None and self.process.poll() is None:
            family = self.descendants()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            for pid in family:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(10)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)
        self.kill(signal.SIGKILL)

    def __enter__(self) -> Worker:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
        self.log.unlink(missing_ok=True)


def start_export(client: HttpClient, what: str = "workbook") -> str:
    """Press the dashboard's button; return the progress page's path."""
    page = client.get("/en/staff/")
    assert page.status == 200, page.status
    form = next(
        f
        for f in parse_forms(page.text)
        if f.method == "post" and ("what", what) in f.with_values()
    )
    started = time.perf_counter()
    answer = client.post(urllib.parse.urljoin(page.url, form.action), form.with_values())
    elapsed = time.perf_counter() - started
    assert answer.status in (302, 303), answer.status
    path = urllib.parse.urlsplit(answer.location or "").path
    return path, elapsed


def status(client: HttpClient, job_path: str) -> dict[str, Any]:
    import json

    answer = client.get(f"{job_path}/status")
    assert answer.status == 200, answer.status
    return json.loads(answer.text)


def wait_for(client: HttpClient, job_path: str, done, timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    seen: dict[str, Any] = {}
    while time.monotonic() < deadline:
        seen = status(client, job_path)
        if done(seen):
            return seen
        time.sleep(0.2)
    raise TimeoutError(f"{job_path}: still {seen} after {timeout}s")
