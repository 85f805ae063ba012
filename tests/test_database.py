"""The database layer: SQLite settings that let several workers share one file, migrations
that build exactly the schema the models describe (on SQLite and PostgreSQL), and a
configuration that refuses to run in production without a secret key."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import delete, insert, inspect, text, update

from app import cli, create_app, load_models
from core.cli import upgrade_database
from core.db import Base, make_engine
from intake.models import Exploration
from intake.search import include_name, include_object_on
from intake.status_counts import counts_by_status
from tests.conftest import BACKENDS, PG_URL, with_schema


def test_sqlite_connections_are_set_for_concurrent_workers(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    try:
        with engine.connect() as connection:
            pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("busy_timeout") >= 5000
            assert pragma("synchronous") == 1  # NORMAL
            assert pragma("foreign_keys") == 1
    finally:
        engine.dispose()


def test_app_engine_uses_the_same_settings(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite3'}",
        }
    )
    engine = app.extensions["exploration.db"].engine
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_connection_of_the_pool_has_the_service_s_settings(backend, tmp_path):
    """Settings made when a connection opens hold on every connection the pool hands out:
    on SQLite those that let workers share the file; on PostgreSQL a page's queries run
    without parallel workers, and a read by index is costed as the read in memory it is."""
    url = PG_URL if backend == "postgresql" else f"sqlite:///{tmp_path / 'pool.sqlite3'}"
    engine = make_engine(url)
    try:
        for _ in range(2):
            with engine.connect() as connection:
                one = lambda sql: connection.exec_driver_sql(sql).scalar()  # noqa: E731
                if backend == "postgresql":
                    assert one("SHOW max_parallel_workers_per_gather") == "0"
                    assert float(one("SHOW random_page_cost")) == 1.1
                else:
                    assert one("PRAGMA journal_mode") == "wal"
                    assert one("PRAGMA busy_timeout") >= 5000
    finally:
        engine.dispose()


# --- migrations ---------------------------------------------------------------------------


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'fresh' / 'exploration.sqlite3'}"


@pytest.fixture
def postgresql_url() -> Iterator[str]:
    """An empty schema of its own, so the shared test tables are left alone."""
    assert PG_URL, "only used when TEST_DATABASE_URL is set"
    schema = f"migration_check_{secrets.token_hex(4)}"
    admin = make_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield with_schema(PG_URL, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def run_cli(*args: str, env: dict[str, str]) -> str:
    """Run the `exploration` console script as a person would, with this environment."""
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def schema_differences(url: str) -> list:
    load_models()
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_name": include_name,
                    "include_object": include_object_on(connection.dialect.name),
                },
            )
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_db_upgrade_builds_the_schema_of_the_models(request, backend):
    url = request.getfixturevalue(f"{backend}_url")
    env = {"DATABASE_URL": url, "SECRET_KEY": "test", "EXPLORATION_ENV": "development"}
    assert "up to date" in run_cli("db", "upgrade", env=env)
    assert schema_differences(url) == []

    engine = make_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables

    # Running it again changes nothing.
    run_cli("db", "upgrade", env=env)
    assert schema_differences(url) == []

    # The migration's triggers keep the counts per status (intake.status_counts).
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(insert(Exploration), [{"status": "draft"}, {"status": "submitted"}])
            connection.execute(update(Exploration).values(status="submitted"))
            assert counts_by_status(connection) == {"submitted": 2}
            connection.execute(delete(Exploration))
            assert counts_by_status(connection) == {}
    finally:
        engine.dispose()


def cascades_without_an_index(url: str) -> list[str]:
    """Foreign keys whose rows go when their request goes (ON DELETE CASCADE) but that no
    index, unique constraint or primary key starts with."""
    engine = make_engine(url)
    try:
        schema = inspect(engine)
        missing = []
        for table in schema.get_table_names():
            firsts = {index["column_names"][0] for index in schema.get_indexes(table)}
            firsts |= {u["column_names"][0] for u in schema.get_unique_constraints(table)}
            firsts |= set(schema.get_pk_constraint(table)["constrained_columns"][:1])
            for key in schema.get_foreign_keys(table):
                cascades = (key["options"].get("ondelete") or "").upper() == "CASCADE"
                column = key["constrained_columns"][0]
                if cascades and key["referred_table"] == "explorations" and column not in firsts:
                    missing.append(f"{table}.{column}")
        return missing
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_deleting_a_request_finds_every_row_that_goes_with_it_by_an_index(request, backend):
    """The retention schedule deletes requests by the hundred; each deletion deletes the rows
    that point at it. Without an index on the pointing column, PostgreSQL reads that whole
    table for every request deleted (300 requests beside 200,000 submission keys: 3.1 s
    without the index on idempotency_keys.exploration_id, 0.08 s with it)."""
    url = request.getfixturevalue(f"{backend}_url")
    upgrade_database(url)
    assert cascades_without_an_index(url) == []


def test_a_differing_schema_is_noticed(tmp_path):
    """The comparison above can fail: an empty database differs from the models."""
    differences = schema_differences(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    added = {diff[1].name for diff in differences if diff[0] == "add_table"}
    assert added == set(Base.metadata.tables)


# --- configuration --------------------------------------------------------------------------


def test_production_without_secret_key_refuses_to_start(monkeypatch):
    monkeypatch.setenv("EXPLORATION_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_production_without_secret_key_refuses_to_run_commands(monkeypatch, sqlite_url):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    result = CliRunner().invoke(
        cli, ["db", "upgrade"], env={"EXPLORATION_ENV": "production", "DATABASE_URL": sqlite_url}
    )
    assert result.exit_code != 0
    assert "SECRET_KEY" in (str(result.exception) + result.output)


def test_production_with_secret_key_starts(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLORATION_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    app = create_app()
    try:
        assert app.config["SECRET_KEY"] == "a-long-random-production-secret"
        assert app.config["SESSION_COOKIE_SECURE"] is True
    finally:
        app.extensions["exploration.db"].engine.dispose()
