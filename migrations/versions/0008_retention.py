"""the retention schedule: holds, runs, purged explorations

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("explorations", sa.Integer(), nullable=False),
        sa.Column("counts_json", sa.Text(), nullable=False),
        sa.Column("held_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_runs")),
    )
    op.create_index(
        op.f("ix_retention_runs_started_at"), "retention_runs", ["started_at"], unique=False
    )
    op.create_table(
        "retention_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exploration_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("lifted_at", sa.DateTime(), nullable=True),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exploration_id"],
            ["explorations.id"],
            name=op.f("fk_retention_holds_exploration_id_explorations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lifted_by_id"],
            ["staff_users.id"],
            name=op.f("fk_retention_holds_lifted_by_id_staff_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"],
            ["staff_users.id"],
            name=op.f("fk_retention_holds_set_by_id_staff_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_holds")),
    )
    op.create_index(
        op.f("ix_retention_holds_exploration_id"),
        "retention_holds",
        ["exploration_id"],
        unique=False,
    )
    op.create_table(
        "retention_purges",
        sa.Column("exploration_id", sa.Integer(), nullable=False),
        sa.Column("purged_at", sa.DateTime(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exploration_id"],
            ["explorations.id"],
            name=op.f("fk_retention_purges_exploration_id_explorations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["retention_runs.id"],
            name=op.f("fk_retention_purges_run_id_retention_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("exploration_id", name=op.f("pk_retention_purges")),
    )


def downgrade() -> None:
    op.drop_table("retention_purges")
    op.drop_index(op.f("ix_retention_holds_exploration_id"), table_name="retention_holds")
    op.drop_table("retention_holds")
    op.drop_index(op.f("ix_retention_runs_started_at"), table_name="retention_runs")
    op.drop_table("retention_runs")
