"""a reason on status changes; what was typed before a language switch

Revision ID: 0010
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("status_changes") as batch:
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
    op.create_table(
        "kept_typing",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("page_hash", sa.String(length=64), nullable=False),
        sa.Column("form_id", sa.String(length=100), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_kept_typing")),
    )
    op.create_index(
        op.f("ix_kept_typing_created_at"), "kept_typing", ["created_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_kept_typing_created_at"), table_name="kept_typing")
    op.drop_table("kept_typing")
    with op.batch_alter_table("status_changes") as batch:
        batch.drop_column("reason")
