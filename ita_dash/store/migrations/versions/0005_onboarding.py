"""Onboarding a province: one-time passwords, region readers, section heads (issue 13).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # On SQLite this rebuilds `app_user` (a server default that is an expression cannot be added in place): it is
    # copied and the old table dropped, which with foreign keys on would delete every `sign_in_session` row ON DELETE
    # CASCADE. ita_dash.store.sql.upgrade.migrate runs it with foreign keys off (issue 26); env.py checks.
    # batch mode: SQLite cannot ALTER a table in place; on PostgreSQL these are plain ALTER TABLEs
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("one_time_used", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("region_code", sa.String(length=40), nullable=True))
    with op.batch_alter_table("section") as batch:
        batch.add_column(sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("section") as batch:
        batch.drop_column("retired")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("region_code")
        batch.drop_column("one_time_used")
        batch.drop_column("must_change_password")
