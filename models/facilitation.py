"""Facilitation: what needs a facilitator's attention, the digests that told them, weekly check-ins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow
from models.workspace import SLACK_ID

NEWS_MAX = 1000


class AttentionItem(Base):
    """One thing a facilitator should look at: an idea waiting, or a member not yet welcomed.

    `since` is when the condition began (the pitch, its last activity, its move to developing, the
    member's joining), so an idea that goes quiet again after new activity is a new item, while the
    same quiet spell stays one item however often it is checked.
    """

    __tablename__ = "attention_items"
    __table_args__ = (
        UniqueConstraint("team_id", "kind", "subject", "since"),
        Index(None, "team_id", "facilitator_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    # no_perspective, stale, unwelcomed, no_partners (see bot.facilitation.attention.KINDS)
    kind: Mapped[str] = mapped_column(String(16))
    # The idea's id, or the member's user id.
    subject: Mapped[str] = mapped_column(String(32))
    since: Mapped[datetime]
    facilitator_id: Mapped[str | None] = mapped_column(SLACK_ID)
    # open; done (a facilitator said so); gone (the condition ended by itself)
    state: Mapped[str] = mapped_column(String(8), default="open")
    snoozed_until: Mapped[datetime | None]
    # When it last went out in a digest; an item goes out at most once a day.
    last_sent_at: Mapped[datetime | None]
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("reminder_digests.id", ondelete="SET NULL"))
    done_by: Mapped[str | None] = mapped_column(SLACK_ID)
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReminderDigest(Base):
    """One digest DM to one facilitator, claimed before it is sent so it goes out exactly once.

    `slot` is the facilitator's local date for scheduled runs (one digest a day at most) and a
    unique run id for an operator's `remind`.
    """

    __tablename__ = "reminder_digests"
    __table_args__ = (UniqueConstraint("team_id", "facilitator_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    facilitator_id: Mapped[str] = mapped_column(SLACK_ID)
    slot: Mapped[str] = mapped_column(String(48))
    language: Mapped[str] = mapped_column(String(8))
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    channel_id: Mapped[str | None] = mapped_column(SLACK_ID)
    message_ts: Mapped[str | None] = mapped_column(String(32))


class Checkin(Base):
    """A facilitator's weekly check-in: asked once, reminded at most once, answered (and re-answered)."""

    __tablename__ = "checkins"

    team_id: Mapped[str] = mapped_column(
        SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    facilitator_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    asked_at: Mapped[datetime | None]
    ask_sent_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    attendance: Mapped[int | None]
    new_partners: Mapped[int | None]
    news: Mapped[str] = mapped_column(Text, default="")
