"""Unmentoring: who takes part in random pairing, the rounds, the groups they made, and the learnings
members chose to share."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.ideas.search_terms import terms_of
from models.base import Base, utcnow
from models.workspace import SLACK_ID

TOPIC_MAX = 150
LEARNING_MAX = 1000


# The fields of a learning whose words search matches (`bot.ideas.search`).
LEARNING_FIELDS = ("text", "worked", "did_not")


class PairingParticipant(Base):
    """A member who chose to take part. Nobody is ever added without joining themselves."""

    __tablename__ = "pairing_participants"

    team_id: Mapped[str] = mapped_column(
        SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    # False after `leave`; the row stays so their past groups still count as "met" for repeats.
    active: Mapped[bool] = mapped_column(default=True)
    # "What I'd like to talk about", one line.
    topic: Mapped[str] = mapped_column(String(TOPIC_MAX), default="")
    # Theme keys of the workspace, comma-separated.
    interests: Mapped[str] = mapped_column(Text, default="")
    # `pause WEEKS`: left out of rounds until then; it ends by itself.
    paused_until: Mapped[datetime | None]
    # Paused after rounds in a row without an answer; back with one click.
    auto_paused_at: Mapped[datetime | None]
    # Rounds in a row whose "Did you meet?" went unanswered.
    missed_rounds: Mapped[int] = mapped_column(default=0)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PairingRound(Base):
    """One round: announced a day ahead (scheduled rounds), made at `moment`, groups asked later."""

    __tablename__ = "pairing_rounds"
    __table_args__ = (
        UniqueConstraint("team_id", "moment"),
        # At most one round announced and not made yet per workspace, whoever announces it (the
        # scheduler, `pair`): a second one is simply not inserted.
        Index(
            "uq_pairing_rounds_pending",
            "team_id",
            unique=True,
            sqlite_where=text("made_at IS NULL"),
            postgresql_where=text("made_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    # When the groups are made.
    moment: Mapped[datetime]
    # Set when the groups are made: the claim that makes them exactly once.
    made_at: Mapped[datetime | None]
    # When the unanswered follow-ups of this round were counted against their members.
    settled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PairingInvite(Base):
    """The heads-up a day before a round (claimed before it is sent), and "Skip this round"."""

    __tablename__ = "pairing_invites"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("pairing_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    sent_at: Mapped[datetime | None]
    skipped_at: Mapped[datetime | None]


class PairingGroup(Base):
    """A pair, or the one trio of an odd round, with its group DM and its follow-up."""

    __tablename__ = "pairing_groups"
    __table_args__ = (Index(None, "team_id", "round_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("pairing_rounds.id", ondelete="CASCADE"))
    # A language every member reads, else the workspace's.
    language: Mapped[str] = mapped_column(String(8))
    intro_claimed_at: Mapped[datetime | None]
    intro_sent_at: Mapped[datetime | None]
    # Slack's refusal of the introduction, when it was refused for good.
    intro_error: Mapped[str | None] = mapped_column(String(64))
    channel_id: Mapped[str | None] = mapped_column(SLACK_ID)
    followup_claimed_at: Mapped[datetime | None]
    followup_sent_at: Mapped[datetime | None]
    # The first "Yes, we met".
    met_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PairingMember(Base):
    """Who was in a group, and what each of them answered to "Did you meet?"."""

    __tablename__ = "pairing_members"
    __table_args__ = (Index(None, "team_id", "user_id"), Index(None, "team_id", "round_id"))

    group_id: Mapped[int] = mapped_column(
        ForeignKey("pairing_groups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    # Kept beside the group so a round's history is read with one indexed query.
    round_id: Mapped[int] = mapped_column(ForeignKey("pairing_rounds.id", ondelete="CASCADE"))
    # met, not_yet, wont
    answer: Mapped[str | None] = mapped_column(String(8))
    answered_at: Mapped[datetime | None]


class Learning(Base):
    """What a member learned in a pairing conversation, kept only because they chose to share it.

    Found by `/idea search` (an index of the engine's own, migration 0007).
    """

    __tablename__ = "learnings"
    __table_args__ = (
        UniqueConstraint("group_id", "author_id"),
        Index(None, "team_id", "created_at"),
        # One learning per experiment: a form sent twice keeps the first.
        Index(None, "idea_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("pairing_groups.id", ondelete="SET NULL"))
    author_id: Mapped[str | None] = mapped_column(SLACK_ID)
    text: Mapped[str] = mapped_column(Text)
    # An experiment's learning (`bot.ideas.learning`): what worked, what did not, and would they do it
    # again (yes, no, maybe); empty for a pairing conversation's.
    # A plain id, not a foreign key (migration 0014 says why).
    idea_id: Mapped[int | None]
    worked: Mapped[str] = mapped_column(Text, default="", server_default="")
    did_not: Mapped[str] = mapped_column(Text, default="", server_default="")
    again: Mapped[str] = mapped_column(String(8), default="", server_default="")
    # What search matches: the words with their base forms (`bot.ideas.search`, migration 0009).
    body_terms: Mapped[str] = mapped_column(Text, default=terms_of(*LEARNING_FIELDS), server_default="")
    channel_id: Mapped[str | None] = mapped_column(SLACK_ID)
    message_ts: Mapped[str | None] = mapped_column(String(32))
    # Set while one process posts it to the learnings channel, so it is posted once.
    post_claimed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
