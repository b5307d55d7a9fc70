"""Structures that take part: a pause, their own response delay, a fallback scope; how each
callback request was routed; demonstration accounts.

Revision ID: 0400_structure_participation
Revises: 0300_career_summary_reviews
Create Date: 2026-12-02 19:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0400_structure_participation"
down_revision = "0300_career_summary_reviews"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "structure_participation",
        sa.Column("structure_id", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("response_delay_days", sa.Integer(), nullable=True),
        sa.Column("fallback_scope", sa.String(length=300), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["structure_id"], ["structures.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("structure_id"),
    )
    with op.batch_alter_table("callback_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("routed_as", sa.String(length=10), nullable=True))
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("demo")
    with op.batch_alter_table("callback_requests", schema=None) as batch_op:
        batch_op.drop_column("routed_as")
    op.drop_table("structure_participation")
