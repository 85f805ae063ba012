"""search across requests (full text on PostgreSQL, FTS5 on SQLite) and sort indexes

Revision ID: 0009
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from intake.indexes import SORTED_COLUMNS
from intake.search import SQLITE_DDL, SQLITE_DROP, TSVECTOR, rebuild_all

revision = "0009"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "exploration_search",
        sa.Column("exploration_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exploration_id"],
            ["explorations.id"],
            name=op.f("fk_exploration_search_exploration_id_explorations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("exploration_id", name=op.f("pk_exploration_search")),
    )
    if dialect == "postgresql":
        op.create_index(
            "ix_exploration_search_document_fts",
            "exploration_search",
            [sa.text(TSVECTOR)],
            postgresql_using="gin",
        )
    elif dialect == "sqlite":
        for statement in SQLITE_DDL:
            op.execute(statement)
    for name in SORTED_COLUMNS:
        op.create_index(f"ix_explorations_{name}_id", "explorations", [name, "id"])
        if dialect == "postgresql":
            op.create_index(
                f"ix_explorations_{name}_desc",
                "explorations",
                [sa.text(f"{name} DESC NULLS LAST"), sa.text("id DESC")],
            )
    rebuild_all(op.get_bind())


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name in SORTED_COLUMNS:
        if dialect == "postgresql":
            op.drop_index(f"ix_explorations_{name}_desc", table_name="explorations")
        op.drop_index(f"ix_explorations_{name}_id", table_name="explorations")
    if dialect == "sqlite":
        for statement in SQLITE_DROP:
            op.execute(statement)
    else:
        op.drop_index("ix_exploration_search_document_fts", table_name="exploration_search")
    op.drop_table("exploration_search")
