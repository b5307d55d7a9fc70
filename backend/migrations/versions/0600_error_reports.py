"""« Signaler une erreur »: reports on places and offers.

Revision ID: 0600_error_reports
Revises: 0500_counselor_onboarding
Create Date: 2026-12-03 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0600_error_reports"
down_revision = "0500_counselor_onboarding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "error_reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("target", sa.String(length=10), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=10), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("structure_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["structure_id"], ["structures.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["owner_id"], ["accounts.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["closed_by_id"], ["accounts.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_error_reports_structure_id", "error_reports", ["structure_id"])
    op.create_index("ix_error_reports_target", "error_reports", ["target", "target_id", "status"])


def downgrade() -> None:
    op.drop_table("error_reports")
