"""activity comparisons: an activity may name an earlier run of the same question

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('compared_with_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_activities_compared_with_id_activities'), 'activities',
                                    ['compared_with_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_activities_compared_with_id_activities'), type_='foreignkey')
        batch_op.drop_column('compared_with_id')
