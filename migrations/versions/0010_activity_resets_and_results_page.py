"""resetting an activity's answers (with an undo window), and the participants' results page

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results_published', sa.Boolean(), server_default='0', nullable=False))
    op.create_table(
        'activity_resets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('reset_at', sa.DateTime(), nullable=False),
        sa.Column('answers_removed', sa.Integer(), nullable=False),
        sa.Column('votes_removed', sa.Integer(), nullable=False),
        sa.Column('undo_until', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['activity_id'], ['activities.id'],
                                name=op.f('fk_activity_resets_activity_id_activities'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_resets')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('activity_resets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_resets_activity_id'), ['activity_id'], unique=False)
    op.create_table(
        'reset_held_rows',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reset_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('table_name', sa.String(length=20), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.CheckConstraint("table_name IN ('responses', 'upvotes', 'answer_requests')",
                           name=op.f('ck_reset_held_rows_table_name')),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name=op.f('fk_reset_held_rows_participant_id_participants'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['reset_id'], ['activity_resets.id'],
                                name=op.f('fk_reset_held_rows_reset_id_activity_resets'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reset_held_rows')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('reset_held_rows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reset_held_rows_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reset_held_rows_reset_id'), ['reset_id'], unique=False)


def downgrade() -> None:
    op.drop_table('reset_held_rows')
    op.drop_table('activity_resets')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('results_published')
