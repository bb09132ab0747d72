"""Unit figures kept in a table, so a new process does not recompute every unit (issue 18).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22 00:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A cache, never the truth: a row is used only while its unit's change counter and the template library are the
    # ones it was computed with; anything else is recomputed and written over. Safe to empty at any time.
    op.create_table(
        "unit_figure",
        sa.Column("unit_code", sa.String(length=40), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("thresholds_key", sa.String(length=64), nullable=False),
        sa.Column("unit_version", sa.Integer(), nullable=False),
        sa.Column("template_key", sa.String(length=64), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("fiscal_year", "as_of", "thresholds_key", "unit_code"),
    )
    op.create_index("ix_unit_figure_as_of", "unit_figure", ["as_of"])


def downgrade() -> None:
    op.drop_index("ix_unit_figure_as_of", table_name="unit_figure")
    op.drop_table("unit_figure")
