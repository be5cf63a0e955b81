"""room controls: joining open or closed, a room size limit, single-use join nonces

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joining_open', sa.Boolean(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('max_participants', sa.Integer(), nullable=True))

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('join_nonce', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_participants_join_nonce', ['join_nonce'])
        batch_op.create_index('ix_participants_joined_at', ['joined_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index('ix_participants_joined_at')
        batch_op.drop_constraint('uq_participants_join_nonce', type_='unique')
        batch_op.drop_column('join_nonce')

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('max_participants')
        batch_op.drop_column('joining_open')
