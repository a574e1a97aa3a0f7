"""The knowledge bank (issue 17): free tags, links and supports on ideas, following a tag or a
theme with a daily digest; a practice's fields, the challenge an idea answers and an experiment's
learning date on `ideas`; an experiment's learning as a row of `learnings`.

`ideas.challenge_id` and `learnings.idea_id` are plain ids, not foreign keys: on SQLite a constraint
added to a table makes Alembic copy `ideas` and `learnings` into new tables, the copy would lose the
search index's triggers (migration 0009), and dropping the old `ideas` would cascade to its children.
Ideas are only ever deleted a whole workspace at a time (`purge`), and the code reads a missing
challenge as none.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed_digests",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("claimed_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_feed_digests_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "user_id", "day", name=op.f("pk_feed_digests")),
    )
    op.create_table(
        "topic_follows",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_topic_follows_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "user_id", "topic", name=op.f("pk_topic_follows")),
    )
    with op.batch_alter_table("topic_follows", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_topic_follows_team_id_topic"), ["team_id", "topic"], unique=False
        )

    op.create_table(
        "idea_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("added_by", sa.String(length=32), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_idea_links_idea_id_ideas"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea_links")),
    )
    with op.batch_alter_table("idea_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idea_links_team_id_idea_id"), ["team_id", "idea_id"], unique=False
        )

    op.create_table(
        "idea_supports",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_idea_supports_idea_id_ideas"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("idea_id", "user_id", name=op.f("pk_idea_supports")),
    )
    with op.batch_alter_table("idea_supports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idea_supports_team_id_created_at"), ["team_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_idea_supports_team_id_user_id"), ["team_id", "user_id"], unique=False
        )

    op.create_table(
        "idea_tags",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_idea_tags_idea_id_ideas"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("idea_id", "tag", name=op.f("pk_idea_tags")),
    )
    with op.batch_alter_table("idea_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idea_tags_team_id_tag"), ["team_id", "tag"], unique=False)

    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("used_where", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("ask_whom", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("tags", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("learning_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("challenge_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("learning_asked_at", models.base.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("learnings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("idea_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("worked", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("did_not", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("again", sa.String(length=8), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("post_claimed_at", models.base.UTCDateTime(timezone=True), nullable=True)
        )
    op.create_index(op.f("ix_ideas_team_id_challenge_id"), "ideas", ["team_id", "challenge_id"], unique=False)
    op.create_index(op.f("ix_learnings_idea_id"), "learnings", ["idea_id"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_learnings_idea_id"), table_name="learnings")
    op.drop_index(op.f("ix_ideas_team_id_challenge_id"), table_name="ideas")
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35 and later): no copy of the tables, as above.
    for table, columns in (
        ("learnings", ("post_claimed_at", "again", "did_not", "worked", "idea_id")),
        ("ideas", ("learning_asked_at", "learning_due", "challenge_id", "tags", "ask_whom", "used_where")),
    ):
        for column in columns:
            op.drop_column(table, column)

    with op.batch_alter_table("idea_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idea_tags_team_id_tag"))

    op.drop_table("idea_tags")
    with op.batch_alter_table("idea_supports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idea_supports_team_id_user_id"))
        batch_op.drop_index(batch_op.f("ix_idea_supports_team_id_created_at"))

    op.drop_table("idea_supports")
    with op.batch_alter_table("idea_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idea_links_team_id_idea_id"))

    op.drop_table("idea_links")
    with op.batch_alter_table("topic_follows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topic_follows_team_id_topic"))

    op.drop_table("topic_follows")
    op.drop_table("feed_digests")
