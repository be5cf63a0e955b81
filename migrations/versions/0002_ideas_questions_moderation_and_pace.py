"""ideas, questions, moderation and pace

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('upvotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_upvotes_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_upvotes_response_id_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_upvotes')),
    sa.UniqueConstraint('response_id', 'participant_id', name=op.f('uq_upvotes_response_id_participant_id'))
    )
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), server_default='visible', nullable=False))
        batch_op.add_column(sa.Column('answered', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('highlighted', sa.Boolean(), server_default='0', nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_responses_activity_id_participant_id_request_id'), ['activity_id', 'participant_id', 'request_id'])
        batch_op.create_check_constraint('status', "status IN ('visible', 'pending', 'hidden')")

    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.JSON(), nullable=True))

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pace', sa.String(length=12), server_default='presenter', nullable=False))
        batch_op.add_column(sa.Column('blocked_words', sa.JSON(), server_default='[]', nullable=False))
        batch_op.create_check_constraint('pace', "pace IN ('presenter', 'self_paced')")



def downgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_workshops_pace'), type_='check')
        batch_op.drop_column('blocked_words')
        batch_op.drop_column('pace')

    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_column('source')

    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_responses_status'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_responses_activity_id_participant_id_request_id'), type_='unique')
        batch_op.drop_column('highlighted')
        batch_op.drop_column('answered')
        batch_op.drop_column('status')

    op.drop_table('upvotes')
