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


def _create_sign_in_sessions() -> None:
    """Issue 12 (sessions): one row per signed-in browser; only hashes of its secrets."""
    op.create_table(
        "sign_in_session",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("username", sa.String(length=60), sa.ForeignKey("app_user.username", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True, unique=True),
        sa.Column("handoff_hash", sa.String(length=64), nullable=True, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_sign_in_session_username", "sign_in_session", ["username"])


def upgrade() -> None:
    _create_sign_in_sessions()
    _ita_result_version()


def _ita_result_version() -> None:
    """Issue 12, helper 12b: ITA results carry a version like the other editable records."""
    with op.batch_alter_table("ita_result") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("ita_result") as batch:
        batch.drop_column("version")
    op.drop_table("sign_in_session")
