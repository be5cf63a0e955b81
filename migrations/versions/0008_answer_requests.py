"""every request id that stored an answer, so an old retry changes nothing

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'answer_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['activity_id'], ['activities.id'],
                                name=op.f('fk_answer_requests_activity_id_activities'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name=op.f('fk_answer_requests_participant_id_participants'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_requests')),
        sa.UniqueConstraint('activity_id', 'participant_id', 'request_id',
                            name=op.f('uq_answer_requests_activity_id_participant_id_request_id')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('answer_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_requests_participant_id'), ['participant_id'], unique=False)
    # The answers stored so far: their (latest) request ids are the history there is.
    op.execute("INSERT INTO answer_requests (activity_id, participant_id, request_id) "
               "SELECT activity_id, participant_id, request_id FROM responses WHERE slot = 0")


def downgrade() -> None:
    with op.batch_alter_table('answer_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_requests_participant_id'))
    op.drop_table('answer_requests')
