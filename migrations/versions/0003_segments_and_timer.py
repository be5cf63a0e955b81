"""segments and timer

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timer_ends_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('timer_closes', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('split_by', sa.String(length=120), nullable=True))

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('segments', sa.JSON(), server_default='{}', nullable=False))

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('segments', sa.JSON(), server_default='[]', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('segments')

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('segments')

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_column('split_by')
        batch_op.drop_column('timer_closes')
        batch_op.drop_column('timer_ends_at')

