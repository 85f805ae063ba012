"""the outcome: CDS ratings, findings, recommendations, the final report

Revision ID: 0006
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cds_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exploration_id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.String(length=40), nullable=False),
        sa.Column("role_id", sa.String(length=40), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exploration_id"],
            ["explorations.id"],
            name=op.f("fk_cds_ratings_exploration_id_explorations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_users.id"],
            name=op.f("fk_cds_ratings_staff_user_id_staff_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cds_ratings")),
        sa.UniqueConstraint(
            "exploration_id",
            "staff_user_id",
            "practice_id",
            "role_id",
            name=op.f("uq_cds_ratings_exploration_id"),
        ),
    )
    op.create_index(
        op.f("ix_cds_ratings_exploration_id"), "cds_ratings", ["exploration_id"], unique=False
    )
    op.create_index(
        op.f("ix_cds_ratings_staff_user_id"), "cds_ratings", ["staff_user_id"], unique=False
    )

    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exploration_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.String(length=40), nullable=False),
        sa.Column("helps", sa.Text(), nullable=True),
        sa.Column("blocks", sa.Text(), nullable=True),
        sa.Column("role_ids", sa.String(length=200), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["staff_users.id"],
            name=op.f("fk_findings_by_user_id_staff_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["exploration_id"],
            ["explorations.id"],
            name=op.f("fk_findings_exploration_id_explorations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint(
            "exploration_id", "practice_id", name=op.f("uq_findings_exploration_id")
        ),
    )
    op.create_index(
        op.f("ix_findings_exploration_id"), "findings", ["exploration_id"], unique=False
    )

    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exploration_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("workshop_opened_at", sa.DateTime(), nullable=True),
        sa.Column("workshop_opened_by", sa.Integer(), nullable=True),
        sa.Column("partner_ordered_at", sa.DateTime(), nullable=True),
        sa.Column("final_settled_at", sa.DateTime(), nullable=True),
        sa.Column("final_settled_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exploration_id"],
            ["explorations.id"],
            name=op.f("fk_outcomes_exploration_id_explorations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["final_settled_by"],
            ["staff_users.id"],
            name=op.f("fk_outcomes_final_settled_by_staff_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["published_by"],
            ["staff_users.id"],
            name=op.f("fk_outcomes_published_by_staff_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_opened_by"],
            ["staff_users.id"],
            name=op.f("fk_outcomes_workshop_opened_by_staff_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcomes")),
        sa.UniqueConstraint("exploration_id", name=op.f("uq_outcomes_exploration_id")),
    )
    op.create_table(
        "recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exploration_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("practice_ids", sa.String(length=400), nullable=False),
        sa.Column("role_ids", sa.String(length=200), nullable=False),
        sa.Column("horizon", sa.String(length=10), nullable=False),
        sa.Column("effort", sa.String(length=10), nullable=False),
        sa.Column("impact", sa.String(length=10), nullable=False),
        sa.Column("carrier", sa.String(length=10), nullable=False),
        sa.Column("carrier_name", sa.String(length=200), nullable=True),
        sa.Column("staff_position", sa.Integer(), nullable=False),
        sa.Column("partner_position", sa.Integer(), nullable=True),
        sa.Column("final_position", sa.Integer(), nullable=True),
        sa.Column("partner_wants_help", sa.Boolean(), nullable=False),
        sa.Column("partner_comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["staff_users.id"],
            name=op.f("fk_recommendations_by_user_id_staff_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["exploration_id"],
            ["explorations.id"],
            name=op.f("fk_recommendations_exploration_id_explorations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendations")),
    )
    op.create_index(
        op.f("ix_recommendations_exploration_id"),
        "recommendations",
        ["exploration_id"],
        unique=False,
    )

    op.create_table(
        "reconciled_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exploration_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.String(length=40), nullable=False),
        sa.Column("role_id", sa.String(length=40), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["staff_users.id"],
            name=op.f("fk_reconciled_ratings_by_user_id_staff_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["exploration_id"],
            ["explorations.id"],
            name=op.f("fk_reconciled_ratings_exploration_id_explorations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciled_ratings")),
        sa.UniqueConstraint(
            "exploration_id",
            "practice_id",
            "role_id",
            name=op.f("uq_reconciled_ratings_exploration_id"),
        ),
    )
    op.create_index(
        op.f("ix_reconciled_ratings_exploration_id"),
        "reconciled_ratings",
        ["exploration_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_reconciled_ratings_exploration_id"), table_name="reconciled_ratings")

    op.drop_table("reconciled_ratings")
    op.drop_index(op.f("ix_recommendations_exploration_id"), table_name="recommendations")

    op.drop_table("recommendations")
    op.drop_table("outcomes")
    op.drop_index(op.f("ix_findings_exploration_id"), table_name="findings")

    op.drop_table("findings")
    op.drop_index(op.f("ix_cds_ratings_staff_user_id"), table_name="cds_ratings")
    op.drop_index(op.f("ix_cds_ratings_exploration_id"), table_name="cds_ratings")

    op.drop_table("cds_ratings")
