"""A change counter per unit for incremental figures (issue 18).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-21 23:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One row per unit written since; a unit without a row is at 0 (no backfill needed: the figures cache is
    # empty when a process starts, so nothing was cached under the old, database-wide counter alone).
    op.create_table(
        "unit_version",
        sa.Column("unit_code", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("unit_code"),
    )


def downgrade() -> None:
    op.drop_table("unit_version")
