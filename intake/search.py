"""Finding a request by what staff remember of it: its reference, department (in either
language), service, branch, lead or any stakeholder's name, whatever the accents and case.

One table, `exploration_search`, holds per exploration its words folded once in Python
(decomposed, accents dropped, case folded, split on anything that is not a letter or digit),
so "Bélanger", "BELANGER" and "belanger" are the same word on every database. `title` has the
request's own words, `document` those and the stakeholders' names. It is kept in step by one
write path: a Session `after_flush` listener rewrites the rows of the explorations whose
searchable columns or stakeholders a flush touched (every ORM save goes through it), and bulk
loaders (the demo) call `rebuild()` for what they inserted.

Each database indexes the folded words its own way:
- PostgreSQL: full text, a GIN index on `to_tsvector('simple', document)`; a word is found
  with the prefix query `word:*`. The `simple` configuration only lower-cases and splits, so
  the words are the folded ones; no extension is needed (`unaccent` is not IMMUTABLE, so it
  could not be indexed as is, and folding in Python makes it unnecessary). A full-text entry
  is a word where a trigram index has one per three letters: about ten times less to write,
  which matters when 100,000 requests are loaded at once.
- SQLite: an FTS5 table over `document` (external content, kept in step by triggers on
  `exploration_search`); a word is found with the prefix query `"word"*`.
Either way a search matches requests that have every word as the start of a word, and ranks
first those whose own words (title) contain more of them: the SQL of a search is
intake.search_query's.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    DDL,
    Connection,
    ForeignKey,
    Index,
    Text,
    delete,
    event,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base
from intake.models import Exploration, Stakeholder
from intake.reference import DEPARTMENT_BY_CODE

# Rows rewritten per statement when rebuilding many explorations at once.
CHUNK = 2_000

_WORD = re.compile(r"[^\W_]+")


# The columns of an exploration whose change rewrites its search row.
SEARCHED_COLUMNS = (
    "reference",
    "department_code",
    "department_other",
    "branch",
    "service_name",
    "lead_name",
)


def words(text: str | None) -> list[str]:
    """The folded words of `text`: accents dropped, case folded ("Bélanger" -> "belanger")."""
    if not text:
        return []
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _WORD.findall(unicodedata.normalize("NFKC", plain))


def _folded(parts: Iterable[str | None]) -> str:
    """Words joined by single spaces, with a leading space: ' word' starts every word."""
    return "".join(_folded_text(part) for part in parts if part)


@functools.lru_cache(maxsize=16_384)
def _folded_text(text: str) -> str:
    """One text's folded words, each after a space. Kept: names, departments and services
    repeat from request to request (a bulk load of 100,000 folds the same few thousand)."""
    return "".join(f" {w}" for w in words(text))


# The indexed expression; a query must name it the same way for the index to serve.
TSVECTOR = "to_tsvector('simple'::regconfig, document)"


class ExplorationSearch(Base):
    """The folded words of one exploration (see the module's docstring)."""

    __tablename__ = "exploration_search"

    exploration_id: Mapped[int] = mapped_column(
        ForeignKey("explorations.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    title: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        # The full-text index, PostgreSQL only (SQLite has its FTS5 table, below).
        Index(
            "ix_exploration_search_document_fts",
            text(TSVECTOR),
            postgresql_using="gin",
            info={"only_on": "postgresql"},
        ).ddl_if(dialect="postgresql"),
    )


TABLE = ExplorationSearch.__table__
FTS_TABLE = "exploration_search_fts"

# SQLite: the FTS5 index over the table's `document`, and the triggers that keep it in step
# (the external-content pattern of the FTS5 documentation).
SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS exploration_search_fts USING fts5(document, "
    "content='exploration_search', content_rowid='exploration_id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS exploration_search_ai AFTER INSERT ON exploration_search "
    "BEGIN INSERT INTO exploration_search_fts(rowid, document) "
    "VALUES (new.exploration_id, new.document); END",
    "CREATE TRIGGER IF NOT EXISTS exploration_search_ad AFTER DELETE ON exploration_search "
    "BEGIN INSERT INTO exploration_search_fts(exploration_search_fts, rowid, document) "
    "VALUES ('delete', old.exploration_id, old.document); END",
    "CREATE TRIGGER IF NOT EXISTS exploration_search_au AFTER UPDATE ON exploration_search "
    "BEGIN INSERT INTO exploration_search_fts(exploration_search_fts, rowid, document) "
    "VALUES ('delete', old.exploration_id, old.document); "
    "INSERT INTO exploration_search_fts(rowid, document) "
    "VALUES (new.exploration_id, new.document); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS exploration_search_au",
    "DROP TRIGGER IF EXISTS exploration_search_ad",
    "DROP TRIGGER IF EXISTS exploration_search_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)

# create_all and drop_all (the tests) build the same index as the migration.
for _statement in SQLITE_DDL:
    event.listen(TABLE, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in SQLITE_DROP:
    event.listen(TABLE, "before_drop", DDL(_statement).execute_if(dialect="sqlite"))


def is_search_index_table(name: str) -> bool:
    """True for the tables FTS5 makes (the virtual table and its shadow tables), which the
    models do not describe: the schema comparison leaves them out."""
    return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")


# --- the write path --------------------------------------------------------------------------


def search_row(exploration_id: int, values: Mapping[str, Any], names: Iterable[str]) -> dict:
    """The search row of one exploration from its SEARCHED_COLUMNS `values` and its
    stakeholders' `names` (the write path and bulk loaders share it)."""
    department = DEPARTMENT_BY_CODE.get(values.get("department_code") or "")
    department_names = (department.name["en"], department.name["fr"]) if department else ()
    title = _folded(
        (
            values.get("reference"),
            values.get("department_code"),
            *department_names,
            values.get("department_other"),
            values.get("branch"),
            values.get("service_name"),
            values.get("lead_name"),
        )
    )
    return {"exploration_id": exploration_id, "title": title, "document": title + _folded(names)}


def _rows(connection: Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The search rows of the explorations `ids` that exist."""
    people: dict[int, list[str]] = {}
    query = select(Stakeholder.exploration_id, Stakeholder.name).where(
        Stakeholder.exploration_id.in_(ids)
    )
    for exploration_id, name in connection.execute(query.order_by(Stakeholder.id)):
        people.setdefault(exploration_id, []).append(name)
    columns = [getattr(Exploration, name) for name in SEARCHED_COLUMNS]
    return [
        search_row(
            exploration_id,
            dict(zip(SEARCHED_COLUMNS, values, strict=True)),
            people.get(exploration_id, ()),
        )
        for exploration_id, *values in connection.execute(
            select(Exploration.id, *columns).where(Exploration.id.in_(ids))
        )
    ]


def settle_index(connection: Connection) -> None:
    """After many rows at once: move PostgreSQL's GIN pending list into the index proper
    (fastupdate, the default, keeps new entries in a list that every search also reads;
    VACUUM would move them too, later)."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT gin_clean_pending_list('ix_exploration_search_document_fts'::regclass)")
        )


def rebuild(connection: Connection, ids: Iterable[int]) -> None:
    """Rewrite the search rows of these explorations from what is stored now (a deleted one
    loses its row)."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        connection.execute(delete(TABLE).where(TABLE.c.exploration_id.in_(chunk)))
        rows = _rows(connection, chunk)
        if rows:
            connection.execute(insert(TABLE), rows)


def rebuild_all(connection: Connection) -> None:
    """Rewrite every search row (after a migration, or to repair)."""
    rebuild(connection, connection.scalars(select(Exploration.id)).all())
    settle_index(connection)


def _changed(instance: Any, names: Iterable[str]) -> bool:
    state = inspect(instance)
    return any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    """The one write path: rewrite the search rows of what this flush touched."""
    touched: set[int] = set()
    for instance in session.new:
        if isinstance(instance, Exploration):
            touched.add(instance.id)
        elif isinstance(instance, Stakeholder):
            touched.add(instance.exploration_id)
    for instance in session.dirty:
        if isinstance(instance, Exploration) and _changed(instance, SEARCHED_COLUMNS):
            touched.add(instance.id)
        elif isinstance(instance, Stakeholder) and _changed(instance, ("name", "exploration_id")):
            touched.add(instance.exploration_id)
    for instance in session.deleted:
        if isinstance(instance, Stakeholder):
            touched.add(instance.exploration_id)
    touched.discard(None)  # type: ignore[arg-type]
    if touched:
        rebuild(session.connection(), touched)


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Alembic's include_name hook: the FTS5 tables are the database's, not the models'."""
    return not (type_ == "table" and name and is_search_index_table(name))


def include_object_on(dialect: str) -> Any:
    """Alembic's include_object hook for a database of `dialect`: indexes built on another
    database only (`info={"only_on": ...}`, with `ddl_if`) are not expected here."""

    def include_object(obj: Any, _name: Any, type_: str, _reflected: bool, _other: Any) -> bool:
        only_on = getattr(obj, "info", {}).get("only_on") if type_ == "index" else None
        return only_on in (None, dialect)

    return include_object
