"""never reuse ids on SQLite; index responses by participant

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

SQLite gives a deleted row's id to the next row unless a table is AUTOINCREMENT; then an
answer naming a deleted theme would count for a new theme with the same id. PostgreSQL's
sequences never reuse ids, so only SQLite's tables are rebuilt (Alembic's batch mode copies
them; the migration's own connection has foreign keys off, so nothing cascades).
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

TABLES = ("facilitators", "facilitator_tokens", "workshops", "themes", "activities",
          "participants", "responses", "upvotes")


def upgrade() -> None:
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_responses_participant_id'), ['participant_id'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
                pass


def downgrade() -> None:
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_responses_participant_id'))
