"""A run killed mid-batch (SIGKILL, inside an exploration's transaction) leaves every
exploration either whole or fully purged; the next run finishes the work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import create_engine, func, select

from core.db import db
from core.labels import REMOVED
from retention.models import RetentionPurge, RetentionRun
from retention.run import run_retention
from tests import factory
from tests.conftest import ROOT
from tests.retention.helpers import LONG_AGO, NOW, RESPONDENTS, aggregates, personal_values

EXPLORATIONS = 12


def _purged(app) -> set[int]:
    """Read as an onlooker: a plain connection (no BEGIN IMMEDIATE), never waiting for the
    run's write lock."""
    engine = create_engine(app.config["DATABASE_URL"])
    try:
        with engine.connect() as connection:
            return set(connection.scalars(select(RetentionPurge.exploration_id)))
    finally:
        engine.dispose()


def test_a_killed_run_leaves_each_exploration_whole_or_fully_purged(app, tmp_path):
    ids = [
        factory.aged_exploration(
            app, "completed", changed_at=LONG_AGO, respondents=RESPONDENTS[:2]
        ).id
        for _ in range(EXPLORATIONS)
    ]
    with app.app_context():
        before = {i: personal_values(i) for i in ids}
        figures = {i: aggregates(i) for i in ids}
    mark = tmp_path / "in-transaction"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.retention.interrupted_run",
            app.config["DATABASE_URL"],
            str(mark),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            done = _purged(app)
            inside = mark.read_text() if mark.exists() else ""
            if len(done) >= 6 and inside and int(inside) not in done:
                break  # past the first batch of 5, and inside the next exploration's transaction
            assert process.poll() is None, "the run ended before it could be killed"
            time.sleep(0.02)
        else:
            raise AssertionError("the run never got far enough")
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    killed_inside = int(mark.read_text())
    done = _purged(app)
    assert 6 <= len(done) < EXPLORATIONS and killed_inside not in done
    with app.app_context():
        for i in ids:
            values = personal_values(i)
            if i in done:
                assert all(v == REMOVED for v in values), i
            else:
                assert values == before[i], i  # whole, the one killed mid-transaction too
            assert aggregates(i) == figures[i]
        unfinished = db.scalar(select(RetentionRun))
        assert unfinished.finished_at is None
        assert unfinished.explorations == len(done)  # its record says what it did

        report = run_retention(NOW)
        assert report.explorations == EXPLORATIONS - len(done)
        assert db.scalar(select(func.count()).select_from(RetentionPurge)) == EXPLORATIONS
        for i in ids:
            assert all(v == REMOVED for v in personal_values(i))
            assert aggregates(i) == figures[i]
