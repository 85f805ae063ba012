"""survey answers are released into the partner's results in steps

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("respondents") as batch:
        batch.add_column(sa.Column("released_at", sa.DateTime(), nullable=True))
    # Answers submitted before this change were already shown to the partner.
    op.execute("UPDATE respondents SET released_at = submitted_at WHERE submitted_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("respondents") as batch:
        batch.drop_column("released_at")
