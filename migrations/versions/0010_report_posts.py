"""The "in numbers" card for any period, posted to a channel once per press (`report_posts`).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_posts",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=24), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("claimed_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("posted_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_report_posts_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "period", "channel_id", name=op.f("pk_report_posts")),
    )


def downgrade() -> None:
    op.drop_table("report_posts")
