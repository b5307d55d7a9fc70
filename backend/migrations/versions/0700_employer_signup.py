"""Employers sign up alone: SIRET and directory check on the account, offers moderated until one
is approved, the employer's reply to an application.

Revision ID: 0700_employer_signup
Revises: 0600_error_reports
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0700_employer_signup"
down_revision = "0600_error_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("siret", sa.String(length=14), nullable=True))
        batch_op.add_column(sa.Column("company_check", sa.String(length=12), nullable=True))
        batch_op.add_column(
            sa.Column("offers_trusted", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Employers created by an admin before sign-up existed were vetted: they stay trusted.
    op.get_bind().execute(
        sa.text("UPDATE accounts SET offers_trusted = :yes WHERE role = 'employer'"), {"yes": True}
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("moderation_note", sa.String(length=300), nullable=True))
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("replied_at")
        batch_op.drop_column("reply")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_column("moderation_note")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("offers_trusted")
        batch_op.drop_column("company_check")
        batch_op.drop_column("siret")
