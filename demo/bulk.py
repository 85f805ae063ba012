"""Many rows at once, the fastest way each database takes them (the demo loads 100,000
requests)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert


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
