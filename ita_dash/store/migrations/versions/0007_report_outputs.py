"""The results report a unit signs: what was done, outcomes, photos, the introduction (issue 15).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measure") as batch:
        batch.add_column(sa.Column("achievement", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "measure_photo",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("measure_id", sa.Integer(), sa.ForeignKey("measure.id", ondelete="CASCADE"), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("caption", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_measure_photo_measure_month", "measure_photo", ["measure_id", "month"])
    op.create_table(
        "report_settings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_code", sa.String(length=40), sa.ForeignKey("unit.code"), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.UniqueConstraint("unit_code", "fiscal_year"),
    )


def downgrade() -> None:
    op.drop_table("report_settings")
    op.drop_index("ix_measure_photo_measure_month", table_name="measure_photo")
    op.drop_table("measure_photo")
    with op.batch_alter_table("measure") as batch:
        batch.drop_column("achievement")
