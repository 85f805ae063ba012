"""The demo's search rows, made from the rows it inserts (intake.search.search_row) and stored
in bulk: the same words the write path stores, at a tenth of the cost of reading them back."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection

from demo.seed import DemoRows
from intake import search


def seed_search(
    connection: Connection,
    exploration_ids: list[int],
    rows: DemoRows,
    bulk_insert: Any,
) -> None:
    """Insert the search row of every demo exploration, then settle the index."""
    names: dict[int, list[str]] = defaultdict(list)
    for index, person, _topics in rows.stakeholders:
        names[index].append(person["name"])
    bulk_insert(
        connection,
        search.TABLE,
        [
            search.search_row(id_, values, names[index])
            for index, (id_, values) in enumerate(
                zip(exploration_ids, rows.explorations, strict=True)
            )
        ],
    )
    search.settle_index(connection)
