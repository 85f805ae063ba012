"""The dashboard's search as SQL: which explorations match the words typed (or the one whole
reference typed), and how they rank. The words and their index are intake.search's; each
database gets its own match (full text on PostgreSQL, FTS5 on SQLite, LIKE elsewhere).

A search's words are bound parameters and each database's query text is put together in SQL
from them, so a search compiles once per number of words and SQLAlchemy reuses it."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    Text,
    and_,
    case,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Boolean

from intake.models import Exploration
from intake.search import FTS_TABLE, TABLE, TSVECTOR, words

# A search uses at most this many words (a longer query finds nothing more useful).
MAX_TERMS = 8
# A whole reference, as the service writes it (intake.service.next_reference), in any case.
_REFERENCE = re.compile(r"EXP-[0-9]{4}-[0-9]{4,}", re.IGNORECASE | re.ASCII)


def searched_reference(query: str | None) -> str | None:
    """The reference a search is, when it is one whole reference ("exp-2026-0123 " finds
    EXP-2026-0123 through the references' unique index; as words, "exp" and "2026" would
    match every request of the year)."""
    text = (query or "").strip()
    return text.upper() if _REFERENCE.fullmatch(text) else None


def search_terms(query: str | None) -> tuple[str, ...]:
    """The distinct words a search looks for, in order, at most MAX_TERMS."""
    return tuple(dict.fromkeys(words(query)))[:MAX_TERMS]


_FTS = table(FTS_TABLE, column("rowid", Integer), column("document", Text))


class SearchMatch(FunctionElement[bool]):
    """True for the explorations whose words start with every term: a full-text match on
    PostgreSQL, an FTS5 MATCH on SQLite, a LIKE per term on any other database.

    The terms are its arguments, bound parameters, and each database's query text is put
    together from them in SQL: the compiled statement depends only on how many terms there
    are, so SQLAlchemy compiles a search once and reuses it for every other search of as
    many words (compiling was a third of a search's time)."""

    type = Boolean()
    inherit_cache = True

    def __init__(self, terms: Sequence[str]) -> None:
        super().__init__(*(literal(term, Text) for term in terms))


def _spelled(element: SearchMatch, before: str, between: str, after: str) -> Any:
    """The terms as one SQL string expression: 'before' || t1 || 'between' || t2 ... ||
    'after' (the constants are the query syntax, quoted here; the terms stay parameters)."""
    parts: list[Any] = []
    for index, term in enumerate(element.clauses):
        parts += [literal_column(f"'{between if index else before}'", Text), term]
    parts.append(literal_column(f"'{after}'", Text))
    return functools.reduce(lambda left, right: left.op("||")(right), parts)


class JoinedSearchMatch(SearchMatch):
    """The same match as a condition on `exploration_search` itself, for a statement that
    joins that table (see search_join): each match is then read once, with its title for
    the rank, instead of once to match and once more to rank."""

    inherit_cache = True


def _found(element: SearchMatch, matches: Any) -> Any:
    """`matches`, a condition on exploration_search, as a condition on what the statement
    reads: itself when the statement joins the table, else the exploration's id among the
    matching rows."""
    if isinstance(element, JoinedSearchMatch):
        return matches
    return Exploration.id.in_(select(TABLE.c.exploration_id).where(matches))


@compiles(SearchMatch)
def _compile_like(element: SearchMatch, compiler: Any, **kw: Any) -> str:
    matches = and_(
        *(
            TABLE.c.document.like(
                literal_column("'% '", Text).op("||")(term).op("||")(literal_column("'%'"))
            )
            for term in element.clauses
        )
    )
    return compiler.process(_found(element, matches), **kw)


@compiles(SearchMatch, "postgresql")
def _compile_tsquery(element: SearchMatch, compiler: Any, **kw: Any) -> str:
    query = _spelled(element, "", ":* & ", ":*")  # word:* & other:*
    matches = literal_column(TSVECTOR).op("@@")(
        func.to_tsquery(literal_column("'simple'::regconfig"), query)
    )
    return compiler.process(_found(element, matches), **kw)


@compiles(SearchMatch, "sqlite")
def _compile_fts(element: SearchMatch, compiler: Any, **kw: Any) -> str:
    query = _spelled(element, '"', '"* "', '"*')  # "word"* "other"*
    matches = TABLE.c.exploration_id.in_(
        select(_FTS.c.rowid).where(_FTS.c.document.op("MATCH")(query))
    )
    return compiler.process(_found(element, matches), **kw)


def search_condition(terms: Sequence[str], *, joined: bool = False) -> ColumnElement[bool]:
    """The WHERE condition of a search for `terms` (see search_terms); `joined` when the
    statement joins exploration_search (search_join)."""
    return JoinedSearchMatch(terms) if joined else SearchMatch(terms)


def search_join(stmt: Select[Any]) -> Select[Any]:
    """`stmt`, which reads explorations, joined to their search rows (one each)."""
    return stmt.join(TABLE, TABLE.c.exploration_id == Exploration.id)


def search_rank(terms: Sequence[str], *, joined: bool = False) -> Any:
    """How many of the terms start a word of the request's own words (reference, department,
    service, branch, lead): higher first, so a request named after the words comes before
    one where only a stakeholder's name matches. Read from the joined search row when
    `joined` (search_join), else looked up by the exploration's id."""
    hits = sum(
        (case((TABLE.c.title.like(f"% {term}%"), 1), else_=0) for term in terms),
        start=literal(0),
    )  # the patterns are bound parameters: the rank compiles once per number of terms
    if joined:
        return hits
    return (
        select(func.coalesce(func.max(hits), 0))
        .where(TABLE.c.exploration_id == Exploration.id)
        .correlate(Exploration)
        .scalar_subquery()
    )
