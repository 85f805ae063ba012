"""Indexes for the staff dashboard's orders: every sortable column of `explorations`, with
the id that breaks ties, so a page of 25 is read from an index in order instead of sorting the
whole portfolio (exports.portfolio orders by `column ASC NULLS LAST, id ASC` or
`column DESC NULLS LAST, id DESC`).

On SQLite one index serves both directions: a B-tree keeps NULLs first, so read backwards it
gives `DESC NULLS LAST`. PostgreSQL keeps NULLs last in an ascending index, so the descending
order, NULLs still last, needs an index of its own (`ddl_if`: PostgreSQL only).
"""

from __future__ import annotations

from sqlalchemy import Index

from intake.models import Exploration

SORTED_COLUMNS = {
    "reference": Exploration.reference,
    "department_code": Exploration.department_code,
    "service_name": Exploration.service_name,
    "status": Exploration.status,
    "preferred_start": Exploration.preferred_start,
    "submitted_at": Exploration.submitted_at,
    "updated_at": Exploration.updated_at,
}

ASCENDING = tuple(
    Index(f"ix_explorations_{name}_id", column, Exploration.id)
    for name, column in SORTED_COLUMNS.items()
)
DESCENDING = tuple(
    Index(
        f"ix_explorations_{name}_desc",
        column.desc().nulls_last(),
        Exploration.id.desc(),
        info={"only_on": "postgresql"},
    ).ddl_if(dialect="postgresql")
    for name, column in SORTED_COLUMNS.items()
)
