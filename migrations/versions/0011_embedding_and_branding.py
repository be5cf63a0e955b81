"""screen embedding origins and branding (logo, accent colour) per workshop

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('embed_origins', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('accent_color', sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column('logo_type', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('logo_version', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('logo_data', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('logo_data')
        batch_op.drop_column('logo_version')
        batch_op.drop_column('logo_type')
        batch_op.drop_column('accent_color')
        batch_op.drop_column('embed_origins')
