"""A small bank for the feed and digest tests: ideas with themes and tags at chosen moments, learnings
on experiments, and follows, written as rows (so the tests say only what they are about)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.db import Database
from bot.core.workspace_settings import ensure_workspace
from bot.ideas import topics
from models import Idea, IdeaFollow, IdeaTheme, Learning, Member, TopicFollow
from models.knowledge import IdeaTag

# A Wednesday: 10:00 in Helsinki (UTC+2 in winter), in everyone's working week.
WEDNESDAY_8_UTC = datetime(2026, 1, 14, 8, 0, tzinfo=UTC)


@dataclass
class Bank:
    db: Database
    team_id: str
    numbers: count[int] = field(default_factory=lambda: count(1))

    def __post_init__(self) -> None:
        with self.db.session() as session:
            ensure_workspace(session, self.team_id)

    def idea(
        self,
        title: str,
        *,
        at: datetime,
        author: str | None = "U0AUTHOR",
        kind: str = "idea",
        themes: tuple[str, ...] = (),
        tags: tuple[str, ...] = (),
        challenge_id: int | None = None,
        channel_id: str | None = None,
    ) -> int:
        with self.db.session() as session:
            idea = Idea(
                team_id=self.team_id,
                number=next(self.numbers),
                kind=kind,
                title=title,
                author_id=author,
                challenge_id=challenge_id,
                channel_id=channel_id,
                message_ts="1700000000.000100" if channel_id else None,
                created_at=at,
                themes=[IdeaTheme(team_id=self.team_id, theme=t, position=i) for i, t in enumerate(themes)],
                tag_rows=[IdeaTag(team_id=self.team_id, tag=t, position=i) for i, t in enumerate(tags)],
            )
            session.add(idea)
            session.flush()
            return idea.id

    def learning(
        self,
        experiment_id: int,
        *,
        at: datetime,
        author: str | None = "U0AUTHOR",
        channel_id: str | None = None,
    ) -> int:
        with self.db.session() as session:
            learning = Learning(
                team_id=self.team_id,
                idea_id=experiment_id,
                author_id=author,
                text="Kävelykokoukset toimivat",
                channel_id=channel_id,
                created_at=at,
            )
            session.add(learning)
            session.flush()
            return learning.id

    def follow(self, user_id: str, *keys: str, at: datetime | None = None) -> None:
        """Follow topics (`tag:nuoret`, `theme:health`)."""
        with self.db.session() as session:
            for key in keys:
                topic = topics.of_key(key)
                if topic is None:
                    raise ValueError(key)
                topics.follow(session, team_id=self.team_id, user_id=user_id, topic=topic)
            if at is not None:
                _set_follow_moment(session, self.team_id, user_id, at)

    def follow_idea(self, user_id: str, idea_id: int, *, at: datetime | None = None) -> None:
        with self.db.session() as session:
            session.add(
                IdeaFollow(
                    idea_id=idea_id,
                    user_id=user_id,
                    team_id=self.team_id,
                    **({"created_at": at} if at else {}),
                )
            )

    def member(self, user_id: str, *, zone: str | None = None, language: str | None = None) -> None:
        with self.db.session() as session:
            session.add(Member(team_id=self.team_id, user_id=user_id, timezone=zone, language=language))

    def number_of(self, idea_id: int) -> int:
        with self.db.read() as session:
            return session.scalars(select(Idea.number).where(Idea.id == idea_id)).one()

    def ideas(self) -> int:
        with self.db.read() as session:
            return session.scalar(select(func.count()).select_from(Idea)) or 0


def _set_follow_moment(session: Session, team_id: str, user_id: str, at: datetime) -> None:
    for row in session.scalars(
        select(TopicFollow).where(TopicFollow.team_id == team_id, TopicFollow.user_id == user_id)
    ):
        row.created_at = at


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
