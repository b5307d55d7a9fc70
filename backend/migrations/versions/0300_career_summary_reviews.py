"""Counselors' confirmations of the career summaries written by Total Accès.

Revision ID: 0300_career_summary_reviews
Revises: 0200_activity_sectors_milo
Create Date: 2026-12-02 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0300_career_summary_reviews"
down_revision = "0200_activity_sectors_milo"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "career_summary_reviews",
        sa.Column("career_code", sa.String(length=5), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("career_code"),
    )


def downgrade() -> None:
    op.drop_table("career_summary_reviews")
