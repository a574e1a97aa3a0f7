"""Gatherings (issue 18): planned meetings, the ideas each will discuss with a note per idea
afterwards, and who said they would come.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gatherings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("organiser_id", sa.String(length=32), nullable=True),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("starts_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("weekly", sa.Boolean(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("cancelled_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("announce_claimed_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("attendance", sa.Integer(), nullable=True),
        sa.Column("recorded_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("notes_claimed_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_gatherings_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gatherings")),
        sa.UniqueConstraint(
            "team_id", "series_id", "starts_at", name=op.f("uq_gatherings_team_id_series_id_starts_at")
        ),
    )
    with op.batch_alter_table("gatherings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gatherings_team_id_starts_at"), ["team_id", "starts_at"], unique=False
        )

    op.create_table(
        "gathering_ideas",
        sa.Column("gathering_id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["gathering_id"],
            ["gatherings.id"],
            name=op.f("fk_gathering_ideas_gathering_id_gatherings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_gathering_ideas_idea_id_ideas"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("gathering_id", "idea_id", name=op.f("pk_gathering_ideas")),
    )
    op.create_table(
        "gathering_rsvps",
        sa.Column("gathering_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("coming", sa.Boolean(), nullable=False),
        sa.Column("answered_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("told_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["gathering_id"],
            ["gatherings.id"],
            name=op.f("fk_gathering_rsvps_gathering_id_gatherings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("gathering_id", "user_id", name=op.f("pk_gathering_rsvps")),
    )


def downgrade() -> None:
    op.drop_table("gathering_rsvps")
    op.drop_table("gathering_ideas")
    with op.batch_alter_table("gatherings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gatherings_team_id_starts_at"))

    op.drop_table("gatherings")
