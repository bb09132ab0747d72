"""Indexes for the province and national figures (ita_dash/store/figures.py): a year's measures, follow-ups read
in measure order without touching the table, and each quota series' latest snapshot.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 08:10:00
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_measure_year_unit", "measure", ["fiscal_year", "unit_code"])
    # covering on PostgreSQL (INCLUDE); SQLite gets the plain index
    op.create_index("ix_follow_up_measure_cover", "follow_up", ["measure_id", "entered_at"],
                    postgresql_include=["month", "status", "percent"])
    op.create_index("ix_quota_snapshot_series", "quota_snapshot",
                    ["fiscal_year", "unit_code", "tool", "section", "taken_on", "id"], postgresql_include=["count"])
    op.create_index("ix_oit_item_year_unit", "oit_item", ["fiscal_year", "unit_code"])


def downgrade() -> None:
    op.drop_index("ix_oit_item_year_unit", table_name="oit_item")
    op.drop_index("ix_quota_snapshot_series", table_name="quota_snapshot")
    op.drop_index("ix_follow_up_measure_cover", table_name="follow_up")
    op.drop_index("ix_measure_year_unit", table_name="measure")
