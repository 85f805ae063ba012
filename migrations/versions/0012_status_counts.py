"""explorations per status, kept by triggers (the dashboard's counts)

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from intake.status_counts import (
    POSTGRESQL_DDL,
    POSTGRESQL_DROP,
    SQLITE_DDL,
    SQLITE_DROP,
    recount,
)

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

DDL = {"postgresql": POSTGRESQL_DDL, "sqlite": SQLITE_DDL}
DROP = {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}


def upgrade() -> None:
    op.create_table(
        "exploration_status_counts",
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("status", name=op.f("pk_exploration_status_counts")),
    )
    for statement in DDL.get(op.get_bind().dialect.name, ()):
        op.execute(statement)
    recount(op.get_bind())


def downgrade() -> None:
    for statement in DROP.get(op.get_bind().dialect.name, ()):
        op.execute(statement)
    op.drop_table("exploration_status_counts")
