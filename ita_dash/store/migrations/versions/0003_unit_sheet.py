"""The registry of units whose year is kept in a Google Sheet: unit, fiscal year, spreadsheet id.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 08:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_sheet",
        sa.Column("unit_code", sa.String(length=40), sa.ForeignKey("unit.code"), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("spreadsheet_id", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("unit_code", "fiscal_year"),
    )


def downgrade() -> None:
    op.drop_table("unit_sheet")
