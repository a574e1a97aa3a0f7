"""An idea as views and jobs see it: plain data read from the database, detached from it.

`data_of` reads what the card and `/idea show` need: the idea, its themes, tags and links, the
challenge it answers and, with `counts`, its perspectives, followers and supports, a challenge's
answers and an experiment's learning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.ideas import kinds
from models import Idea, IdeaFollow, Learning, Perspective, Support

# A challenge's card lists at most this many of its answers (the newest); `/idea show` says how many.
ANSWERS_SHOWN = 10


@dataclass(frozen=True)
class IdeaRef:
    """Another idea, named on this one's card: a challenge it answers, or an answer to it."""

    id: int
    number: int
    kind: str
    status: str
    title: str
    channel_id: str | None = None
    message_ts: str | None = None


@dataclass(frozen=True)
class LinkData:
    url: str
    label: str = ""


@dataclass(frozen=True)
class LearningData:
    """An experiment's shared learning."""

    text: str
    worked: str
    did_not: str
    again: str
    channel_id: str | None
    message_ts: str | None
    created_at: datetime


@dataclass(frozen=True)
class IdeaData:
    """An idea as views see it: plain data, detached from the database."""

    id: int
    team_id: str
    number: int
    kind: str
    status: str
    title: str
    description: str
    believe: str
    outcome: str
    test: str
    share: str
    themes: tuple[str, ...]
    seeking: tuple[str, ...]
    author_id: str | None
    channel_id: str | None
    message_ts: str | None
    origin_channel_id: str | None
    created_at: datetime
    perspectives: int = 0
    followers: int = 0
    # A practice's: where it is used and whom to ask.
    used_where: str = ""
    ask_whom: str = ""
    tags: tuple[str, ...] = ()
    links: tuple[LinkData, ...] = ()
    # The challenge it answers: its id as stored, and the challenge as read (None when gone).
    challenge_id: int | None = None
    challenge: IdeaRef | None = None
    # An experiment's: the day its learning is due, and the learning once shared.
    learning_due: date | None = None
    learning: LearningData | None = None
    supports: int = 0
    # A challenge's answers, the newest first (at most ANSWERS_SHOWN), and how many there are.
    answers: tuple[IdeaRef, ...] = ()
    answer_count: int = 0

    @property
    def has_hypothesis(self) -> bool:
        return any((self.believe, self.outcome, self.test, self.share))

    @property
    def posted(self) -> bool:
        return self.channel_id is not None and self.message_ts is not None


def ref_of(idea: Idea) -> IdeaRef:
    return IdeaRef(
        id=idea.id,
        number=idea.number,
        kind=idea.kind,
        status=idea.status,
        title=idea.title,
        channel_id=idea.channel_id,
        message_ts=idea.message_ts,
    )


def _count(session: Session, model: type[Perspective] | type[IdeaFollow] | type[Support], idea: Idea) -> int:
    query = select(func.count()).where(model.team_id == idea.team_id, model.idea_id == idea.id)
    return session.scalar(query) or 0


def challenge_of(session: Session, idea: Idea) -> IdeaRef | None:
    """The challenge an idea answers, when it names one that is there (of its own workspace)."""
    if idea.challenge_id is None:
        return None
    challenge = session.scalar(
        select(Idea).where(
            Idea.team_id == idea.team_id, Idea.id == idea.challenge_id, Idea.kind == kinds.CHALLENGE
        )
    )
    return None if challenge is None else ref_of(challenge)


def answers_of(
    session: Session, team_id: str, challenge_id: int, limit: int = ANSWERS_SHOWN
) -> list[IdeaRef]:
    """A challenge's answers, the newest first."""
    answers = session.scalars(
        select(Idea)
        .where(Idea.team_id == team_id, Idea.challenge_id == challenge_id)
        .order_by(Idea.number.desc())
        .limit(limit)
    )
    return [ref_of(answer) for answer in answers]


def answer_count(session: Session, team_id: str, challenge_id: int) -> int:
    query = select(func.count()).where(Idea.team_id == team_id, Idea.challenge_id == challenge_id)
    return session.scalar(query) or 0


def learning_of(session: Session, team_id: str, idea_id: int) -> LearningData | None:
    learning = session.scalar(
        select(Learning).where(Learning.team_id == team_id, Learning.idea_id == idea_id)
    )
    if learning is None:
        return None
    return LearningData(
        text=learning.text,
        worked=learning.worked,
        did_not=learning.did_not,
        again=learning.again,
        channel_id=learning.channel_id,
        message_ts=learning.message_ts,
        created_at=learning.created_at,
    )


def data_of(session: Session, idea: Idea, counts: bool = True) -> IdeaData:
    """An idea as plain data; `counts` adds its perspectives, followers and supports, a challenge's
    answers and an experiment's learning (a few more queries)."""
    perspectives = followers = supports = answers_total = 0
    answers: list[IdeaRef] = []
    learning = None
    if counts:
        perspectives = _count(session, Perspective, idea)
        followers = _count(session, IdeaFollow, idea)
        supports = _count(session, Support, idea)
        if idea.kind == kinds.CHALLENGE:
            answers = answers_of(session, idea.team_id, idea.id)
            answers_total = answer_count(session, idea.team_id, idea.id)
        if idea.kind == kinds.EXPERIMENT:
            learning = learning_of(session, idea.team_id, idea.id)
    return IdeaData(
        id=idea.id,
        team_id=idea.team_id,
        number=idea.number,
        kind=idea.kind,
        status=idea.status,
        title=idea.title,
        description=idea.description,
        believe=idea.believe,
        outcome=idea.outcome,
        test=idea.test,
        share=idea.share,
        themes=tuple(t.theme for t in idea.themes),
        seeking=tuple(idea.seeking or ()),
        author_id=idea.author_id,
        channel_id=idea.channel_id,
        message_ts=idea.message_ts,
        origin_channel_id=idea.origin_channel_id,
        created_at=idea.created_at,
        perspectives=perspectives,
        followers=followers,
        used_where=idea.used_where or "",
        ask_whom=idea.ask_whom or "",
        tags=tuple(row.tag for row in idea.tag_rows),
        links=tuple(LinkData(url=row.url, label=row.label) for row in idea.link_rows),
        challenge_id=idea.challenge_id,
        challenge=challenge_of(session, idea),
        learning_due=idea.learning_due,
        learning=learning,
        supports=supports,
        answers=tuple(answers),
        answer_count=answers_total,
    )
