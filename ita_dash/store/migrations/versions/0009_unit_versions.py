"""An empty revision: the slot was reserved for issue 18 and stayed unused (databases have already passed it), so
the per-unit change counters are revision 0011.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21 21:00:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
