"""the CDS team of an exploration

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exploration_id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exploration_id"],
            ["explorations.id"],
            name=op.f("fk_team_members_exploration_id_explorations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_users.id"],
            name=op.f("fk_team_members_staff_user_id_staff_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_members")),
        sa.UniqueConstraint(
            "exploration_id", "staff_user_id", name=op.f("uq_team_members_exploration_id")
        ),
    )
    op.create_index(
        op.f("ix_team_members_exploration_id"), "team_members", ["exploration_id"], unique=False
    )
    op.create_index(
        op.f("ix_team_members_staff_user_id"), "team_members", ["staff_user_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_team_members_staff_user_id"), table_name="team_members")
    op.drop_index(op.f("ix_team_members_exploration_id"), table_name="team_members")
    op.drop_table("team_members")
