"""Ideas and what members do with them: themes, follows, offers of help, perspectives."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.ideas import statuses
from bot.ideas.search_terms import terms_of
from models.base import Base, utcnow
from models.knowledge import IdeaLink, IdeaTag
from models.workspace import SLACK_ID

TITLE_MAX = 150
DESCRIPTION_MAX = 3000
HYPOTHESIS_LINE_MAX = 500
THEME_MAX = 50
PARTNER_MAX = 200
NOTE_MAX = 500


# The fields whose words search matches, in title_terms and body_terms: read by the column defaults,
# by the hook that keeps them in step with an edit (`bot.ideas.search`) and by `ideas.terms_of_pitch`.
TITLE_FIELDS = ("title",)
# `tags` is the idea's tags as one line (`bot.ideas.tags`), kept so that search finds them.
BODY_FIELDS = ("description", "believe", "outcome", "test", "share", "used_where", "ask_whom", "tags")


class Idea(Base):
    __tablename__ = "ideas"
    __table_args__ = (
        UniqueConstraint("team_id", "number"),
        Index(None, "team_id", "status"),
        Index(None, "team_id", "created_at"),
        Index(None, "team_id", "channel_id", "message_ts"),
        Index(None, "team_id", "author_id"),
        Index(None, "team_id", "facilitator_id"),
        # One idea per pitch form: Slack sends a form again with the same view id when the first
        # submission's ack came too late, and that must not make a second idea.
        Index(None, "team_id", "view_id", unique=True),
        Index(None, "team_id", "challenge_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID, ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=statuses.FIRST)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    # The four lines of the hypothesis template; empty when not given.
    believe: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    test: Mapped[str] = mapped_column(Text, default="")
    share: Mapped[str] = mapped_column(Text, default="")
    seeking: Mapped[list[str]] = mapped_column(JSON, default=list)
    # A practice's: where it is used, and whom to ask about it; empty for other kinds.
    used_where: Mapped[str] = mapped_column(Text, default="", server_default="")
    ask_whom: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The member's free tags as one line, for search; the rows of `idea_tags` are what lists read.
    tags: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The challenge (an idea of this workspace) this idea, experiment or practice answers; None when
    # it answers none. A plain id, not a foreign key (migration 0014 says why): read it as none when
    # no such challenge is there.
    challenge_id: Mapped[int | None]
    # An experiment's: the day its learning is to be shared, and when its author was asked for it
    # (claimed before the DM goes, so it goes once).
    learning_due: Mapped[date | None]
    learning_asked_at: Mapped[datetime | None]
    # What search matches: the words with their base forms, made on insert and kept in step with
    # edits by `bot.ideas.search` (the engines' indexes are over these, migration 0009).
    title_terms: Mapped[str] = mapped_column(Text, default=terms_of(*TITLE_FIELDS), server_default="")
    body_terms: Mapped[str] = mapped_column(Text, default=terms_of(*BODY_FIELDS), server_default="")
    # None once the author has asked to be forgotten: the idea stays, by "a former member".
    author_id: Mapped[str | None] = mapped_column(SLACK_ID)
    # The facilitator who looks after it; None when there was none to assign (or they left the role).
    facilitator_id: Mapped[str | None] = mapped_column(SLACK_ID)
    # Where `/pitch` was typed, and where the card went (None until it is posted).
    origin_channel_id: Mapped[str | None] = mapped_column(SLACK_ID)
    channel_id: Mapped[str | None] = mapped_column(SLACK_ID)
    message_ts: Mapped[str | None] = mapped_column(String(32))
    # Set while one process posts the card, so a double click on "Post it again" cannot post two.
    post_claimed_at: Mapped[datetime | None]
    # The Slack view id of the form it was pitched in (not personal data); None for older ideas.
    view_id: Mapped[str | None] = mapped_column(SLACK_ID)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    themes: Mapped[list[IdeaTheme]] = relationship(
        cascade="all, delete-orphan", order_by="IdeaTheme.position", lazy="selectin"
    )
    tag_rows: Mapped[list[IdeaTag]] = relationship(
        cascade="all, delete-orphan", order_by="IdeaTag.position", lazy="selectin"
    )
    link_rows: Mapped[list[IdeaLink]] = relationship(
        cascade="all, delete-orphan", order_by="IdeaLink.position", lazy="selectin"
    )


class IdeaTheme(Base):
    """A theme of an idea, a row each so that listing by theme is a plain indexed query."""

    __tablename__ = "idea_themes"
    __table_args__ = (Index(None, "team_id", "theme"),)

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(THEME_MAX), primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID)
    position: Mapped[int] = mapped_column(default=0)


class IdeaFollow(Base):
    __tablename__ = "idea_follows"
    __table_args__ = (Index(None, "team_id", "user_id"),)

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HelpOffer(Base):
    """ "I can help": kept once per member and idea, so a second press does not DM the author again."""

    __tablename__ = "help_offers"
    __table_args__ = (Index(None, "team_id", "user_id"),)

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Perspective(Base):
    """A perspective on a pitch: counted, its text never stored (it lives in Slack's thread)."""

    __tablename__ = "perspectives"
    __table_args__ = (
        # A thread reply seen twice (a retried event, or the bot's own post of a form reply) counts once.
        UniqueConstraint("idea_id", "message_ts"),
        Index(None, "team_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[str | None] = mapped_column(SLACK_ID)
    # "thread": a reply in the pitch's thread; "form": given with the "Add a perspective" button.
    source: Mapped[str] = mapped_column(String(16))
    message_ts: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StatusChange(Base):
    """One step of an idea's way from pitch to project: who moved it, when, from where to where, why."""

    __tablename__ = "status_changes"
    __table_args__ = (Index(None, "team_id", "idea_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    # None once that member has asked to be forgotten.
    user_id: Mapped[str | None] = mapped_column(SLACK_ID)
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Partner(Base):
    """An organisation named on a project (an idea in `developing` or `funded`)."""

    __tablename__ = "partners"
    __table_args__ = (Index(None, "team_id", "name"),)

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(PARTNER_MAX), primary_key=True)
    team_id: Mapped[str] = mapped_column(SLACK_ID)
    position: Mapped[int] = mapped_column(default=0)
