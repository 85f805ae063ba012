"""30 respondents submit at the same moment against the app under gunicorn with 4 workers:
every submission is stored and none gets a server error.

The database is migrated with the project's migrations (core.cli.upgrade_database), as a
deployment would be: a temporary SQLite file, and, when TEST_DATABASE_URL is set, a schema of
its own in that PostgreSQL database (dropped afterwards).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from core.cli import upgrade_database
from core.db import make_engine
from tests.conftest import BACKENDS, PG_URL, with_schema
from tests.serving import TEST_SECRET_KEY, HttpClient, server

RESPONDENTS = 30
WORKERS = 4
TIMEOUT = 20.0  # seconds for any one request, and for the whole burst

pytestmark = pytest.mark.server


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database for the server."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'load.sqlite3'}"
        upgrade_database(url)
        yield url
        return
    assert PG_URL
    schema = f"survey_load_{secrets.token_hex(4)}"
    admin = make_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = with_schema(PG_URL, schema)
        upgrade_database(url)
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _prepare(url: str) -> tuple[Any, int, list[str]]:
    """An open survey and 30 respondents who answered everything but have not submitted."""
    from app import create_app
    from core.db import db
    from surveys import service
    from surveys.framework import FRAMEWORK
    from tests.factory import make_exploration

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": TEST_SECRET_KEY, "TESTING": True})
    tokens = []
    with app.app_context():
        exploration = make_exploration(db, service_name="Concurrent survey")
        service.open_survey(exploration)
        for number in range(RESPONDENTS):
            respondent, token = service.start_respondent(exploration, None, None)
            for practice in FRAMEWORK.practices:
                level = 1 + (number + len(practice.id)) % 4
                values = dict.fromkeys(FRAMEWORK.role_by_id, level)
                service.save_practice(respondent, practice.id, values, None)
            service.save_overall(respondent, None, None)
            tokens.append(token)
        db.commit()
        exploration_id = exploration.id
    return app, exploration_id, tokens


def _submitted(app: Any, exploration_id: int) -> int:
    from core.db import db
    from surveys.models import Respondent

    with app.app_context():
        return db.scalar(
            select(func.count(Respondent.id)).where(
                Respondent.exploration_id == exploration_id,
                Respondent.submitted_at.is_not(None),
            )
        )


def test_thirty_respondents_submit_at_the_same_moment(
    database_url: str, figures: Callable[[str], None]
) -> None:
    app, exploration_id, tokens = _prepare(database_url)
    statuses: list[int | str] = [0] * RESPONDENTS
    barrier = threading.Barrier(RESPONDENTS, timeout=TIMEOUT)

    with server(database_url, workers=WORKERS) as app_server:

        def respondent(index: int) -> None:
            client = HttpClient(app_server.base_url, timeout=TIMEOUT)  # its own cookie jar
            path = f"/en/survey/r/{tokens[index]}/review"
            try:
                form = client.form(path)
                assert form.csrf_token and (form.get("version") or "").isdigit()
                barrier.wait()
                response = client.submit(form)
                statuses[index] = response.status
            except Exception as error:
                statuses[index] = f"{type(error).__name__}: {error}"
                barrier.abort()

        started = time.monotonic()
        threads = [
            threading.Thread(target=respondent, args=(i,), daemon=True) for i in range(RESPONDENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIMEOUT)
        elapsed = time.monotonic() - started
        hung = sum(thread.is_alive() for thread in threads)
        logs = app_server.logs()

    stored = _submitted(app, exploration_id)
    errors_5xx = sum(1 for s in statuses if isinstance(s, int) and s >= 500)
    backend = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    figures(
        f"L3 respondents={RESPONDENTS} stored={stored} errors_5xx={errors_5xx} "
        f"backend={backend} workers={WORKERS} seconds={elapsed:.2f}"
    )
    app.extensions["exploration.db"].engine.dispose()
    assert hung == 0, "some submissions never finished"
    assert statuses == [303] * RESPONDENTS, (statuses, logs[-3000:])
    assert stored == RESPONDENTS
    assert errors_5xx == 0
    assert "Traceback" not in logs, logs[-3000:]


TABS = 12


def test_one_page_saved_from_many_tabs_at_once_is_stored_once(database_url: str) -> None:
    """Twelve tabs of one respondent save the same practice page, from the same version, at the
    same moment: exactly one save is stored (the version moves on by one, its comment is the
    stored one) and every other tab gets the conflict page with its own input."""
    from surveys import service

    app, _exploration_id, tokens = _prepare(database_url)
    path = f"/en/survey/r/{tokens[0]}/practice/open"
    statuses: list[int | str] = [0] * TABS
    bodies: list[str] = [""] * TABS
    versions: list[str | None] = [None] * TABS
    barrier = threading.Barrier(TABS, timeout=TIMEOUT)

    with server(database_url, workers=WORKERS) as app_server:

        def tab(index: int) -> None:
            client = HttpClient(app_server.base_url, timeout=TIMEOUT)
            try:
                form = client.form(path)
                versions[index] = form.get("version")
                barrier.wait()
                response = client.submit(form, {"comment": f"Tab {index}"})
                statuses[index], bodies[index] = response.status, response.text
            except Exception as error:
                statuses[index] = f"{type(error).__name__}: {error}"
                barrier.abort()

        threads = [threading.Thread(target=tab, args=(i,), daemon=True) for i in range(TABS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIMEOUT)
        logs = app_server.logs()

    with app.app_context():
        respondent = service.respondent_for_token(tokens[0])
        assert respondent is not None
        stored_comment = service.comments_of(respondent).get("open")
        version = respondent.version
    app.extensions["exploration.db"].engine.dispose()
    assert sorted(statuses, key=str) == [303] + [409] * (TABS - 1), (statuses, logs[-3000:])
    winner = statuses.index(303)
    assert stored_comment == f"Tab {winner}"
    assert len(set(versions)) == 1 and version == int(versions[0] or 0) + 1
    for index, body in enumerate(bodies):
        if index != winner:
            assert f"Tab {index}" in body
