"""Known browsers and refused sign-ins (issue 35 item 3): a stranger's wrong passwords lock an account for
strangers only, and the administrator sees the attempts.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 02:20:14
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "known_browser",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["username"], ["app_user.username"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("known_browser", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_known_browser_username"), ["username"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("known_browser", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_known_browser_username"))
    op.drop_table("known_browser")
    op.drop_table("sign_in_attempt")
