"""When an account's one-time password was issued, so it can expire (issue 35 item 2).

An account still holding an unused one-time password when this runs gets the time of the upgrade: its slip is good
for ``Security.one_time_password_days`` more days, not refused at once (the issue day is not known).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08 02:16:16
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("one_time_issued_at", sa.DateTime(), nullable=True))
    app_user = sa.table("app_user", sa.column("must_change_password", sa.Boolean()),
                        sa.column("one_time_issued_at", sa.DateTime()))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # stored as naive UTC, like every time of the schema
    op.execute(app_user.update().where(app_user.c.must_change_password.is_(True)).values(one_time_issued_at=now))


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("one_time_issued_at")
