"""Plans read as units write them: measure start dates, all-section owners (issue 14).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 21:00:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # On SQLite this rebuilds `measure` (a server default that is an expression cannot be added in place): it is
    # copied and the old table dropped, which with foreign keys on would delete every `follow_up` row ON DELETE
    # CASCADE. ita_dash.store.sql.upgrade.migrate runs it with foreign keys off (issue 26); env.py checks.
    with op.batch_alter_table("measure") as batch:
        batch.add_column(sa.Column("start_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("all_sections", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("measure") as batch:
        batch.drop_column("all_sections")
        batch.drop_column("start_date")
