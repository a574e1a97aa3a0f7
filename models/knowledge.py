"""The knowledge bank around ideas: free tags, links, supports, and what members follow by tag or theme.

An idea's challenge, an experiment's learning date and a practice's fields are columns of `ideas`
(models/idea.py); an experiment's shared learning is a row of `learnings` (models/pairing.py), as a
pairing conversation's is, so both are counted and found alike.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow
from models.workspace import SLACK_ID

TAG_MAX = 40
LINK_URL_MAX = 1000
LINK_LABEL_MAX = 100
# "tag:nuoret" or "theme:Health": a theme is at most THEME_MAX (50), a tag TAG_MAX, plus the prefix.
TOPIC_MAX = 64


class IdeaTag(Base):
    """A member's free tag on their own idea (normalised: `bot.ideas.tags`), a row each so that
    listing and following by tag are plain indexed queries."""

    __tablename__ = "idea_tags"
    __table_args__ = (Index(None, "team_id", "tag"),)

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(TAG_MAX), primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID)
    position: Mapped[int] = mapped_column(default=0)


class IdeaLink(Base):
    """A link on an idea (a document, a Miro board), shown on its card."""

    __tablename__ = "idea_links"
    __table_args__ = (Index(None, "team_id", "idea_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(LINK_URL_MAX))
    label: Mapped[str] = mapped_column(String(LINK_LABEL_MAX), default="")
    # Who added it; None once they have asked to be forgotten (the link stays with the idea).
    added_by: Mapped[str | None] = mapped_column(SLACK_ID)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Support(Base):
    """One member's "I support this" on an idea: one each, undone by pressing again."""

    __tablename__ = "idea_supports"
    __table_args__ = (Index(None, "team_id", "created_at"), Index(None, "team_id", "user_id"))

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TopicFollow(Base):
    """A member following a tag or a theme: what is new there reaches them in one digest a day."""

    __tablename__ = "topic_follows"
    __table_args__ = (Index(None, "team_id", "topic"),)

    team_id: Mapped[str] = mapped_column(
        SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    topic: Mapped[str] = mapped_column(String(TOPIC_MAX), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedDigest(Base):
    """One follower's digest of one day, claimed before it is sent so that it goes at most once."""

    __tablename__ = "feed_digests"

    team_id: Mapped[str] = mapped_column(
        SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    items: Mapped[int] = mapped_column(default=0)
