"""Real apprenticeship offers from La bonne alternance: the address where one applies, and when
the offer was last fetched from its source.

Revision ID: 0810_offer_apply_url
Revises: 0800_sync_sources
Create Date: 2026-12-03 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0810_offer_apply_url"
down_revision = "0800_sync_sources"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("apply_url", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_column("fetched_at")
        batch_op.drop_column("apply_url")
