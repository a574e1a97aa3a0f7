"""Answering a challenge: which challenges are open for answers, and who hears of a new answer."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.ideas import kinds, statuses
from bot.ideas.data import IdeaRef, ref_of
from models import Idea, IdeaFollow

# Slack's limit for one select's options.
CHALLENGES_OFFERED = 100


def open_challenges(session: Session, team_id: str, limit: int = CHALLENGES_OFFERED) -> list[IdeaRef]:
    """The workspace's challenges that still take answers, the newest first."""
    rows = session.scalars(
        select(Idea)
        .where(Idea.team_id == team_id, Idea.kind == kinds.CHALLENGE, Idea.status.in_(statuses.OPEN))
        .order_by(Idea.number.desc())
        .limit(limit)
    )
    return [ref_of(row) for row in rows]


def open_challenge(session: Session, team_id: str, idea_id: int) -> IdeaRef | None:
    """The challenge `idea_id` if it is one of this workspace's and still takes answers."""
    row = session.scalar(
        select(Idea).where(
            Idea.team_id == team_id,
            Idea.id == idea_id,
            Idea.kind == kinds.CHALLENGE,
            Idea.status.in_(statuses.OPEN),
        )
    )
    return None if row is None else ref_of(row)


def to_tell(session: Session, *, team_id: str, challenge_id: int, answer_author_id: str | None) -> list[str]:
    """Who hears of a new answer: the challenge's author and followers, each once, never the answer's
    own author (nor anyone erased: their ids are gone)."""
    challenge = session.scalar(select(Idea).where(Idea.team_id == team_id, Idea.id == challenge_id))
    if challenge is None:
        return []
    followers = session.scalars(
        select(IdeaFollow.user_id)
        .where(IdeaFollow.team_id == team_id, IdeaFollow.idea_id == challenge_id)
        .order_by(IdeaFollow.user_id)
    )
    people = [challenge.author_id, *followers]
    return [user for user in dict.fromkeys(people) if user and user != answer_author_id]
