"""the plan (agreement, time zone, kickoff, survey window) and the week-2 interviews

Revision ID: 0005
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exploration_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(length=40), nullable=False),
        sa.Column("partner_time_zone", sa.String(length=40), nullable=True),
        sa.Column("agreement_sent_on", sa.Date(), nullable=True),
        sa.Column("agreement_signed_on", sa.Date(), nullable=True),
        sa.Column("agreement_note", sa.Text(), nullable=True),
        sa.Column("kickoff_at", sa.DateTime(), nullable=True),
        sa.Column("kickoff_minutes", sa.Integer(), nullable=False),
        sa.Column("morning_time", sa.Time(), nullable=False),
        sa.Column("afternoon_time", sa.Time(), nullable=False),
        sa.Column("survey_closes_at", sa.DateTime(), nullable=True),
        sa.Column("survey_window_applied", sa.Boolean(), nullable=False),
        sa.Column("week_sequence", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exploration_id"],
            ["explorations.id"],
            name=op.f("fk_plans_exploration_id_explorations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("exploration_id", name=op.f("uq_plans_exploration_id")),
    )
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exploration_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=80), nullable=False),
        sa.Column("topic_ids", sa.String(length=400), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("partner_unavailable", sa.Boolean(), nullable=False),
        sa.Column("partner_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exploration_id"],
            ["explorations.id"],
            name=op.f("fk_interviews_exploration_id_explorations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviews")),
        sa.UniqueConstraint("uid", name=op.f("uq_interviews_uid")),
    )
    op.create_index(
        op.f("ix_interviews_exploration_id"), "interviews", ["exploration_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_interviews_exploration_id"), table_name="interviews")
    op.drop_table("interviews")
    op.drop_table("plans")
