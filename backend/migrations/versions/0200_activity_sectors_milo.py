"""ROME activity sectors (secteurs d'activité and sous-secteurs, many-to-many with careers) and
the MILO code of Missions locales (2023 referential).

Revision ID: 0200_activity_sectors_milo
Revises: 0100_people
Create Date: 2026-11-29 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0200_activity_sectors_milo"
down_revision = "0100_people"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_sectors",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parent_code", sa.String(length=10), nullable=True),
        sa.Column("definition", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("licence", sa.String(length=120), nullable=False),
        sa.Column("source_date", sa.String(length=20), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["parent_code"], ["activity_sectors.code"]),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("activity_sectors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_sectors_parent_code"), ["parent_code"], unique=False
        )

    op.create_table(
        "career_activity_sectors",
        sa.Column("sector_code", sa.String(length=10), nullable=False),
        sa.Column("career_code", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(["career_code"], ["careers.code"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sector_code"], ["activity_sectors.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sector_code", "career_code"),
    )
    with op.batch_alter_table("career_activity_sectors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_career_activity_sectors_career_code"), ["career_code"], unique=False
        )

    with op.batch_alter_table("structures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("milo_code", sa.String(length=10), nullable=True))
        batch_op.create_index(batch_op.f("ix_structures_milo_code"), ["milo_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("structures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_structures_milo_code"))
        batch_op.drop_column("milo_code")

    with op.batch_alter_table("career_activity_sectors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_career_activity_sectors_career_code"))
    op.drop_table("career_activity_sectors")

    with op.batch_alter_table("activity_sectors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_sectors_parent_code"))
    op.drop_table("activity_sectors")
