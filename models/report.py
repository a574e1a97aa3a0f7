"""The "in numbers" card posted to a channel: the claim that makes one press post it once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow
from models.workspace import SLACK_ID

PERIOD_KEY_MAX = 24  # "2026-01-01/2026-12-31"; "all/…" for the whole life


class ReportPost(Base):
    """One period's card claimed for one channel. A double click, or a second facilitator pressing
    the same button, finds the claim and posts nothing; a refusal from Slack releases it."""

    __tablename__ = "report_posts"

    team_id: Mapped[str] = mapped_column(
        SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[str] = mapped_column(String(PERIOD_KEY_MAX), primary_key=True)
    channel_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None while a process is posting; set once Slack has taken the message.
    posted_at: Mapped[datetime | None]
    message_ts: Mapped[str | None] = mapped_column(String(32))
