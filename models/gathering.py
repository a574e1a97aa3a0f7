"""Gatherings: a planned meeting with a time, a place or link, the ideas it will discuss, who said
they would come and, afterwards, how many came and a note per idea."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow
from models.workspace import SLACK_ID

GATHERING_TITLE_MAX = 150
PLACE_MAX = 300
NOTE_MAX = 2000


class Gathering(Base):
    __tablename__ = "gatherings"
    __table_args__ = (
        # Weekly figures and the report count gatherings by when they began.
        Index(None, "team_id", "starts_at"),
        # One occurrence of a weekly series per moment: whoever inserts it announces it.
        UniqueConstraint("team_id", "series_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    organiser_id: Mapped[str | None] = mapped_column(SLACK_ID)
    title: Mapped[str] = mapped_column(String(GATHERING_TITLE_MAX))
    place: Mapped[str] = mapped_column(String(PLACE_MAX))
    starts_at: Mapped[datetime]
    channel_id: Mapped[str] = mapped_column(SLACK_ID)
    # A weekly gathering announces its next occurrence once it has begun; all occurrences share the
    # first one's id as `series_id` (None for a one-off).
    weekly: Mapped[bool] = mapped_column(default=False)
    series_id: Mapped[int | None]
    # Bumped by every change: a form carries the version it showed, so of two people editing at once
    # the second is told instead of undoing the first; those coming are told of each version once.
    version: Mapped[int] = mapped_column(default=1)
    cancelled_at: Mapped[datetime | None]
    # The announcement: claimed before chat.postMessage so it goes out once; its ts once Slack took it.
    announce_claimed_at: Mapped[datetime | None]
    message_ts: Mapped[str | None] = mapped_column(String(32))
    # Afterwards: how many came (None: not recorded yet), and the notes' thread post, claimed once.
    attendance: Mapped[int | None]
    recorded_at: Mapped[datetime | None]
    notes_claimed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GatheringIdea(Base):
    """An idea a gathering will discuss, and afterwards the organiser's note on it."""

    __tablename__ = "gathering_ideas"

    gathering_id: Mapped[int] = mapped_column(
        ForeignKey("gatherings.id", ondelete="CASCADE"), primary_key=True
    )
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID)
    position: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")


class GatheringRsvp(Base):
    """One member's answer: coming or not. Personal data: erased with the member."""

    __tablename__ = "gathering_rsvps"

    gathering_id: Mapped[int] = mapped_column(
        ForeignKey("gatherings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID)
    coming: Mapped[bool]
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The reminder DM an hour before: claimed here before it is sent, so it goes out once.
    reminded_at: Mapped[datetime | None]
    # The last version of the gathering (moved or cancelled) they were told of: claimed before the DM.
    told_version: Mapped[int] = mapped_column(default=1)
