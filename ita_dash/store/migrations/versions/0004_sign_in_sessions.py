"""Sign-in sessions kept in the database, versioned ITA results (issue 12).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 21:00:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _ita_result_version()


def _ita_result_version() -> None:
    """Issue 12, helper 12b: ITA results carry a version like the other editable records."""
    with op.batch_alter_table("ita_result") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("ita_result") as batch:
        batch.drop_column("version")
