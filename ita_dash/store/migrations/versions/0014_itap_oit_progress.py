"""The OIT items a unit has answered on ITAP, as its province pastes ITAP's progress table (issue 32 item 2).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 23:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "itap_oit_progress",
        sa.Column("unit_code", sa.String(length=40), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("entered_by", sa.String(length=60), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["unit_code"], ["unit.code"]),
        sa.PrimaryKeyConstraint("unit_code", "fiscal_year"),
    )


def downgrade() -> None:
    op.drop_table("itap_oit_progress")
