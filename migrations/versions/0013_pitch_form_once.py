"""The form a pitch came from, so a form Slack sends again (its ack came late) makes no second idea

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("view_id", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_ideas_team_id_view_id"), ["team_id", "view_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ideas_team_id_view_id"))
        batch_op.drop_column("view_id")
