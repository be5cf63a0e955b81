"""workshop teams: members with roles, invitations, the moderation record, admins and disabled accounts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04

Every workshop's facilitator becomes its owner; the oldest account becomes the admin.
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('facilitators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_admin', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('disabled', sa.Boolean(), server_default='0', nullable=False))
    op.execute("UPDATE facilitators SET is_admin = (id = (SELECT MIN(id) FROM facilitators))")

    op.create_table(
        'workshop_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('facilitator_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('moderator', 'co_facilitator', 'owner')", name=op.f('ck_workshop_members_role')),
        sa.ForeignKeyConstraint(['facilitator_id'], ['facilitators.id'],
                                name=op.f('fk_workshop_members_facilitator_id_facilitators'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'],
                                name=op.f('fk_workshop_members_workshop_id_workshops'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_members')),
        sa.UniqueConstraint('workshop_id', 'facilitator_id', name=op.f('uq_workshop_members_workshop_id_facilitator_id')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('workshop_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_members_facilitator_id'), ['facilitator_id'], unique=False)
    op.execute(
        "INSERT INTO workshop_members (workshop_id, facilitator_id, role, created_at) "
        "SELECT id, facilitator_id, 'owner', created_at FROM workshops"
    )

    op.create_table(
        'invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=True),
        sa.Column('role', sa.String(length=16), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('facilitator_id', sa.Integer(), nullable=True),
        sa.Column('invited_by_id', sa.Integer(), nullable=True),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint("role IS NULL OR role IN ('moderator', 'co_facilitator', 'owner')",
                           name=op.f('ck_invitations_role')),
        sa.ForeignKeyConstraint(['facilitator_id'], ['facilitators.id'],
                                name=op.f('fk_invitations_facilitator_id_facilitators'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['invited_by_id'], ['facilitators.id'],
                                name=op.f('fk_invitations_invited_by_id_facilitators'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'],
                                name=op.f('fk_invitations_workshop_id_workshops'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_invitations_token_hash')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_workshop_id'), ['workshop_id'], unique=False)

    op.create_table(
        'moderation_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=True),
        sa.Column('facilitator_id', sa.Integer(), nullable=True),
        sa.Column('facilitator_email', sa.String(length=254), nullable=False),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['activity_id'], ['activities.id'],
                                name=op.f('fk_moderation_events_activity_id_activities'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['entry_id'], ['responses.id'],
                                name=op.f('fk_moderation_events_entry_id_responses'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['facilitator_id'], ['facilitators.id'],
                                name=op.f('fk_moderation_events_facilitator_id_facilitators'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'],
                                name=op.f('fk_moderation_events_workshop_id_workshops'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_events')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('moderation_events', schema=None) as batch_op:
        batch_op.create_index('ix_moderation_events_workshop', ['workshop_id', 'id'], unique=False)


def downgrade() -> None:
    op.drop_table('moderation_events')
    op.drop_table('invitations')
    op.drop_table('workshop_members')
    with op.batch_alter_table('facilitators', schema=None) as batch_op:
        batch_op.drop_column('disabled')
        batch_op.drop_column('is_admin')
