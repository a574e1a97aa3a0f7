"""What the bot counts for the community's figures: activity per member per day, never message text."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow
from models.workspace import SLACK_ID


class DailyActivity(Base):
    """One member's counts on one day, the day taken in the workspace's zone when it happened."""

    __tablename__ = "daily_activity"
    __table_args__ = (
        # Weekly figures and the life-long report read one week, or every week, at a time. Covering
        # what counting people needs (who, and did they talk), so the report reads the index alone.
        Index(None, "team_id", "week", "user_id", "messages", "perspectives"),
    )

    team_id: Mapped[str] = mapped_column(
        SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    # The Monday of `day`'s ISO week, kept so that weeks group without date arithmetic in SQL.
    week: Mapped[date]
    messages: Mapped[int] = mapped_column(default=0)
    reactions: Mapped[int] = mapped_column(default=0)
    home_opens: Mapped[int] = mapped_column(default=0)
    commands: Mapped[int] = mapped_column(default=0)
    buttons: Mapped[int] = mapped_column(default=0)
    perspectives: Mapped[int] = mapped_column(default=0)


class SeenEvent(Base):
    """Slack's event ids already counted: a retry (even after a restart) carries the same id."""

    __tablename__ = "seen_events"
    __table_args__ = (Index(None, "seen_at"),)

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class StatsPost(Base):
    """A week's stats claimed for one channel: the claim is what makes the post happen at most once."""

    __tablename__ = "stats_posts"

    team_id: Mapped[str] = mapped_column(
        SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    channel_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None while a process is posting; set once Slack has taken the message.
    posted_at: Mapped[datetime | None]
    message_ts: Mapped[str | None] = mapped_column(String(32))
