"""facilitator sessions on the server: logging out ends a session, copied cookies included

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

Login cookies issued before this migration name no session, so every facilitator logs in once
more after the upgrade.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'facilitator_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('facilitator_id', sa.Integer(), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['facilitator_id'], ['facilitators.id'],
                                name=op.f('fk_facilitator_sessions_facilitator_id_facilitators'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_facilitator_sessions')),
        sa.UniqueConstraint('secret_hash', name=op.f('uq_facilitator_sessions_secret_hash')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('facilitator_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facilitator_sessions_facilitator_id'), ['facilitator_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('facilitator_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facilitator_sessions_facilitator_id'))
    op.drop_table('facilitator_sessions')
