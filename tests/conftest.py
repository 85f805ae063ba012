"""Shared fixtures: an app per database backend, a clean database per test, and a client that
posts forms the way a browser does (with the page's CSRF token).

Every test that takes `app` or `client` runs on SQLite, and again on PostgreSQL when
TEST_DATABASE_URL is set. With EXPLORATION_STRICT=1 (CI) a skipped test is a failure.

`make test` runs the suite on every core with pytest-xdist. Each worker is its own process with
its own SQLite files and temporary folders; on PostgreSQL each works in a schema of its own
(`worker_gw0`, ...), so no worker empties another's tables.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app import create_app, load_models
from core.db import Base, make_engine
from tests import markup


def with_schema(url: str, schema: str) -> str:
    """The PostgreSQL URL whose connections work in `schema` (and only there)."""
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return scoped.render_as_string(hide_password=False)


def _worker_url(url: str | None) -> str | None:
    """Under pytest-xdist, this worker's own schema of the test database, created if missing.
    Set in the environment too, so servers and tests that read TEST_DATABASE_URL see it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    schema = f"worker_{worker}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    admin.dispose()
    os.environ["TEST_DATABASE_URL"] = with_schema(url, schema)
    return os.environ["TEST_DATABASE_URL"]


STRICT = os.environ.get("EXPLORATION_STRICT") == "1"
PG_URL = _worker_url(os.environ.get("TEST_DATABASE_URL"))
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def pytest_configure(config: pytest.Config) -> None:
    if STRICT and not PG_URL:
        raise pytest.UsageError("EXPLORATION_STRICT=1 needs TEST_DATABASE_URL (PostgreSQL)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in strict mode (EXPLORATION_STRICT=1): {report.longrepr}"


# --- Figures printed by load tests, shown at the end of the run whatever the capture settings.

FIGURES: list[str] = []


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A worker hands its figures to the controller, which prints the summary."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["figures"] = FIGURES


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    FIGURES.extend(node.workeroutput.get("figures", []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        terminalreporter.section("load and fault figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture
def figures() -> Callable[[str], None]:
    """`figures("L1 acked=... stored=...")` records one line for the summary."""

    def add(line: str) -> None:
        FIGURES.append(line)
        print(line)

    return add


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One empty schema per backend for the whole session."""
    load_models()
    sqlite_file = tmp_path_factory.mktemp("db") / "test.sqlite3"
    urls = {"sqlite": f"sqlite:///{sqlite_file}"}
    if PG_URL:
        urls["postgresql"] = PG_URL
    for url in urls.values():
        engine = make_engine(url)
        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)
        engine.dispose()
    return urls


def _empty_tables(app: Flask) -> None:
    """Every table emptied, ids counting from 1 again, as on a new database. On PostgreSQL,
    DELETE and setval in two round trips: TRUNCATE of every table took 66 ms a test."""
    engine = app.extensions["exploration.db"].engine
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("; ".join(f"DELETE FROM {name}" for name in tables))
            connection.exec_driver_sql(_restart_sequences(connection))
        else:
            for name in tables:
                connection.execute(text(f"DELETE FROM {name}"))


_RESTART: list[str] = []


def _restart_sequences(connection: Any) -> str:
    """One SELECT that sets every id sequence back to 1 (found once per test session)."""
    if not _RESTART:
        pairs = [
            (table.name, column.name)
            for table in Base.metadata.sorted_tables
            for column in table.primary_key.columns
        ]
        found = [
            f"setval('{sequence}', 1, false)"
            for table, column in pairs
            if (
                sequence := connection.execute(
                    text("SELECT pg_get_serial_sequence(:table, :column)"),
                    {"table": table, "column": column},
                ).scalar()
            )
        ]
        _RESTART.append("SELECT " + ", ".join(found))
    return _RESTART[0]


def make_test_app(url: str, **overrides: Any) -> Flask:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE_URL": url,
        "RATELIMIT_ENABLED": False,
        **overrides,
    }
    app = create_app(config)
    app.test_client_class = Client  # every test client can submit a page's form
    return app


@pytest.fixture(params=BACKENDS)
def app(
    request: pytest.FixtureRequest, database_urls: dict[str, str], tmp_path: Path
) -> Iterator[Flask]:
    # Export jobs write their files under the test's own folder, not the instance folder.
    overrides = {"JOB_FILES_DIR": str(tmp_path / "exports")}
    overrides.update(getattr(request, "param_overrides", {}))
    marker = request.node.get_closest_marker("app_config")
    if marker:
        overrides = {**overrides, **marker.kwargs}
    flask_app = make_test_app(database_urls[request.param], **overrides)
    _empty_tables(flask_app)
    yield flask_app
    finish_jobs(flask_app)
    flask_app.extensions["exploration.db"].engine.dispose()


def finish_jobs(app: Flask) -> None:
    """Wait for the background jobs the app's embedded runner started (its threads), so what
    they store lands before the caller looks, and never after the test's database is gone."""
    from core.job_runners import ThreadRunner, runner

    jobs = runner(app)
    if isinstance(jobs, ThreadRunner):
        for job_id in list(jobs.threads):
            jobs.wait(job_id)


class Client(FlaskClient):
    """A test client that submits a page's form with its CSRF token, like a browser: the one
    way a test gets a CSRF token (`csrf_token`, `submit`, `submit_form`)."""

    def csrf_token(self, url: str) -> str:
        page = self.get(url)
        token = markup.csrf_token(page.get_data(as_text=True))
        assert token, f"no CSRF token on {url} ({page.status_code})"
        return token

    def submit(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        form_url: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """GET form_url (default: url) for a token, then POST data to url."""
        payload = dict(data or {})
        payload.setdefault("csrf_token", self.csrf_token(form_url or url))
        return self.post(url, data=payload, **kwargs)

    def submit_form(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        form_id: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """GET the page at `url` and POST its form (`form_id`, or the first that posts) to the
        form's action: the form's hidden fields (CSRF token, version, submission key) with
        `data` over them, as a browser sends a form whose hidden fields came with the page."""
        page = self.get(url)
        assert page.status_code == 200, (url, page.status_code)
        text = page.get_data(as_text=True)
        payload = {**markup.hidden_fields(text, form_id), **(data or {})}
        return self.post(markup.form_action(text, form_id) or url, data=payload, **kwargs)


@pytest.fixture
def client(app: Flask) -> Client:
    return app.test_client()  # type: ignore[return-value]


def sign_in(app: Flask, client: Client, role: str = "editor", **account: Any) -> int:
    """The one way a test signs in: a staff account from the factory, signed in through the
    sign-in page like a person. Returns the account id."""
    from tests import factory

    user_id = factory.staff_account(app, role, **account)
    password = account.get("password", factory.PASSWORD)
    response = client.submit(
        "/en/staff/sign-in",
        {"email": factory.staff_email(app, user_id), "password": password},
    )
    assert response.status_code == 302, html(response)[:500]
    return user_id


def html(response: Any) -> str:
    return response.get_data(as_text=True)


ROOT = Path(__file__).resolve().parent.parent
