"""The database: one engine per app, one session per request, and the SQLite settings that
keep several gunicorn workers from tripping over each other.

SQLite gets WAL (readers never wait for the writer), a busy timeout of 10 s (a writer waits
for the lock instead of failing), synchronous=NORMAL (safe with WAL) and foreign keys on.
Requests that may write (anything but GET/HEAD) open their transaction with BEGIN IMMEDIATE:
a deferred transaction that reads and then writes can fail at once with SQLITE_BUSY when another
worker committed in between, whatever the busy timeout. Code that knows better says so:
`reading()` for transactions that only read (a POST's reading before a short save, a background
export), `writing()` for one that will write (a GET that closes a due survey window).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from werkzeug.local import LocalProxy

SQLITE_BUSY_TIMEOUT_MS = 10_000

# How transactions begun now begin on SQLite, when code says so (`reading()`, `writing()`):
# "read" (BEGIN: the write lock is not taken) or "write" (BEGIN IMMEDIATE); None for the
# request's method to decide.
_begin_as: ContextVar[str | None] = ContextVar("begin_as", default=None)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model; constraint names are stable for Alembic."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine with this project's settings for SQLite or PostgreSQL."""
    if _is_sqlite(url):
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, **kwargs)
    _configure_postgresql(engine)
    return engine


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # A page's queries are short and many people load pages at once: a parallel plan
        # starts worker processes that compete with the other requests for the same cores.
        # And the service's data stays in memory, where reading a row by an index costs about
        # what reading it in a scan does (PostgreSQL's documentation suggests a lower
        # random_page_cost then): with the default 4, a search at 100,000 requests scanned
        # every request to join a few thousand (bench.scale measures both pages).
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")
            cursor.execute("SET random_page_cost = 1.1")
        dbapi_connection.commit()


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from pysqlite so that BEGIN is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        said = _begin_as.get()
        if said is None:
            reading = has_request_context() and request.method in {"GET", "HEAD"}
        else:
            reading = said == "read"
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


class Database:
    """Holds the engine and session factory of one Flask app."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return _is_sqlite(self.url)


def init_db(app: Flask) -> Database:
    database = Database(app.config["DATABASE_URL"])
    app.extensions["exploration.db"] = database

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()

    return database


def get_database() -> Database:
    return current_app.extensions["exploration.db"]


def _current_session() -> Session:
    if "db_session" not in g:
        g.db_session = get_database().sessionmaker()
    return g.db_session


db: Session = LocalProxy(_current_session)  # type: ignore[assignment]
"""The request's session: `from core.db import db; db.scalars(select(...))`."""


@contextmanager
def _beginning_as(mode: str) -> Iterator[None]:
    token = _begin_as.set(mode)
    try:
        yield
    finally:
        _begin_as.reset(token)


def reading() -> AbstractContextManager[None]:
    """Transactions begun inside only read: on SQLite a plain BEGIN, so that a background
    export reading for a minute never holds the write lock other workers wait for. The
    transaction must end (commit) before anything is written."""
    return _beginning_as("read")


def writing() -> AbstractContextManager[None]:
    """Transactions begun inside will write: on SQLite BEGIN IMMEDIATE, even in a GET, so the
    write cannot fail halfway for a writer that committed after this transaction read."""
    return _beginning_as("write")


@contextmanager
def transaction() -> Iterator[Session]:
    """Commit on success, roll back on any error: never half-stored data."""
    try:
        yield db
        db.commit()
    except BaseException:
        db.rollback()
        raise
