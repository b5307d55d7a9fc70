"""Live data from official sources: which source rows each place comes from, sync runs and
their reports, and the lock that keeps two syncs from running at once.

Revision ID: 0800_sync_sources
Revises: 0700_employer_signup
Create Date: 2026-12-03 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0800_sync_sources"
down_revision = "0700_employer_signup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("structures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("siret", sa.String(length=14), nullable=True))
        batch_op.create_index("ix_structures_siret", ["siret"])
    op.create_table(
        "structure_sources",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "structure_id",
            sa.Integer(),
            sa.ForeignKey("structures.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_updated_at", sa.String(length=10), nullable=True),
        sa.Column("gone", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("source", "source_id", name="uq_structure_sources_source_id"),
    )
    op.create_table(
        "sync_runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(length=40), nullable=False, index=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("fetched", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("added", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("changed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("closed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("rejected", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("report", sa.Text(), nullable=True),
    )
    op.create_table(
        "sync_locks",
        sa.Column("name", sa.String(length=40), primary_key=True),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sync_locks")
    op.drop_table("sync_runs")
    op.drop_table("structure_sources")
    with op.batch_alter_table("structures", schema=None) as batch_op:
        batch_op.drop_index("ix_structures_siret")
        batch_op.drop_column("siret")
