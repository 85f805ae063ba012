"""Many rows at once, the fastest way each database takes them (the demo loads 100,000
requests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, insert
from sqlalchemy.schema import AddConstraint, DropConstraint, ForeignKeyConstraint

from core.db import Base


def bulk_insert(connection: Connection, table: Any, values: list[dict[str, Any]]) -> None:
    """Insert many rows at once: COPY on PostgreSQL, Core insert() executemany elsewhere."""
    if not values:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), values)
        return
    columns = list(values[0])
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in values:
            copy.write_row([row[c] for c in columns])


@contextmanager
def foreign_keys_checked_at_the_end(connection: Connection) -> Iterator[None]:
    """On PostgreSQL, the models' foreign keys are dropped while the caller loads rows and added
    back after, in the caller's transaction.

    PostgreSQL checks a foreign key with one query per row inserted; adding the constraint back
    checks every row in one join. Its manual advises this for bulk loads ("Populating a
    Database": remove foreign key constraints). At 20,000 demo requests the per-row checks were
    9 of the load's 24 seconds. The constraints are the models' own (SQLAlchemy's DDL), so the
    schema afterwards is the one the migrations build; a row without its parent fails the
    load, which rolls back whole. The tables stay locked to others until the load commits.
    """
    if connection.dialect.name != "postgresql":
        yield
        return
    constraints = [
        constraint
        for table in Base.metadata.sorted_tables
        for constraint in table.constraints
        if isinstance(constraint, ForeignKeyConstraint)
    ]
    for constraint in constraints:
        connection.execute(DropConstraint(constraint))
    yield
    for constraint in constraints:
        # isolate_from_table=False: the models' tables keep the key in their own CREATE TABLE
        # (by default AddConstraint takes it out, for a key only ever added by ALTER TABLE).
        connection.execute(AddConstraint(constraint, isolate_from_table=False))
