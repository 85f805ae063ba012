"""drop the indexes that repeat the first column of a unique constraint or a sort index; index
the one foreign key to explorations that had none

A unique constraint on (exploration_id, document_id) is an index that already finds the rows
of one exploration, and (status, id) already finds the requests of one status: the
single-column indexes beside them only cost every insert and update, and disk.

Deleting a request (the retention schedule deletes them by the hundred) deletes its
submission keys too, by `idempotency_keys.exploration_id`: without an index, PostgreSQL read
the whole table once per request deleted.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# (index, table, column): each is the first column of a unique constraint or of a sort index.
REPEATED = [
    ("ix_cds_ratings_exploration_id", "cds_ratings", "exploration_id"),
    ("ix_document_statuses_exploration_id", "document_statuses", "exploration_id"),
    ("ix_explorations_department_code", "explorations", "department_code"),
    ("ix_explorations_status", "explorations", "status"),
    ("ix_findings_exploration_id", "findings", "exploration_id"),
    ("ix_practice_comments_respondent_id", "practice_comments", "respondent_id"),
    ("ix_ratings_respondent_id", "ratings", "respondent_id"),
    ("ix_reconciled_ratings_exploration_id", "reconciled_ratings", "exploration_id"),
    ("ix_stakeholder_topics_stakeholder_id", "stakeholder_topics", "stakeholder_id"),
    ("ix_team_members_exploration_id", "team_members", "exploration_id"),
    ("ix_topic_states_exploration_id", "topic_states", "exploration_id"),
]


MISSING = ("ix_idempotency_keys_exploration_id", "idempotency_keys", "exploration_id")


def upgrade() -> None:
    for name, table, _column in REPEATED:
        op.drop_index(name, table_name=table)
    name, table, column = MISSING
    op.create_index(name, table, [column])


def downgrade() -> None:
    name, table, _column = MISSING
    op.drop_index(name, table_name=table)
    for name, table, column in REPEATED:
        op.create_index(name, table, [column])
