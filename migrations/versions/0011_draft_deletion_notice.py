"""when the lead of an abandoned draft was told of its deletion

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("explorations") as batch:
        batch.add_column(sa.Column("deletion_notice_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("explorations") as batch:
        batch.drop_column("deletion_notice_at")
