"""facilitator sessions can be ended; API tokens expire

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

`facilitators.session_generation` is part of every login cookie; raising it ("sign out
everywhere", a new password) makes every earlier cookie worthless. API tokens made before this
migration never expired; they now expire 90 days from the upgrade.
"""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('facilitators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0'))
    expires = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=90)
    tokens = sa.table('facilitator_tokens', sa.column('purpose', sa.String), sa.column('expires_at', sa.DateTime))
    op.execute(
        tokens.update()
        .where(tokens.c.purpose == 'api', tokens.c.expires_at.is_(None))
        .values(expires_at=expires)
    )


def downgrade() -> None:
    with op.batch_alter_table('facilitators', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
