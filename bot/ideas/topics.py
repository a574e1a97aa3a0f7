"""Following a tag or a theme: what is new under it reaches the member in one digest a day
(`bot.ideas.digest_run`) and on their Home tab.

A topic is kept as one string, `tag:nuoret` or `theme:health`, so one table holds both and a
member's follows are one indexed query. Nothing here imports Slack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent
from bot.core.workspace_settings import ensure_workspace
from bot.ideas import tags
from models import TopicFollow
from models.knowledge import TOPIC_MAX

TopicKind = Literal["tag", "theme"]
TAG: TopicKind = "tag"
THEME: TopicKind = "theme"
# At most this many topics per member: a digest stays a digest.
MAX_PER_MEMBER = 50


@dataclass(frozen=True)
class Topic:
    kind: TopicKind
    name: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.name}"


def tag_topic(raw: str) -> Topic | None:
    tag = tags.normalise(raw)
    return Topic(TAG, tag) if tag else None


def theme_topic(raw: str, themes: tuple[str, ...], theme_names: dict[str, str]) -> Topic | None:
    """A theme of the workspace, by its key or by its name in the member's language (any case)."""
    wanted = raw.strip().casefold()
    for theme in themes:
        if theme.casefold() == wanted:
            return Topic(THEME, theme)
    found = theme_names.get(wanted)
    return Topic(THEME, found) if found in themes else None


def parse(word: str, themes: tuple[str, ...], theme_names: dict[str, str]) -> Topic | None:
    """`#nuoret` or `theme:NAME` (also `teema:` and `tema:`); None for anything else."""
    if word.startswith(("#", "＃")):
        return tag_topic(word)
    prefix, sep, rest = word.partition(":")
    if sep and prefix.casefold() in ("theme", "teema", "tema") and rest.strip():
        return theme_topic(rest, themes, theme_names)
    return None


def of_key(key: str) -> Topic | None:
    kind, _, name = key.partition(":")
    if kind == TAG and name:
        return Topic(TAG, name)
    if kind == THEME and name:
        return Topic(THEME, name)
    return None


def follow(session: Session, *, team_id: str, user_id: str, topic: Topic) -> bool:
    """Follow a topic; False when the member already did or follows MAX_PER_MEMBER already."""
    if (
        len(topic.key) > TOPIC_MAX
        or len(followed(session, team_id=team_id, user_id=user_id)) >= MAX_PER_MEMBER
    ):
        return False
    # A follow may be the first thing a workspace stores, and a follow belongs to its workspace.
    ensure_workspace(session, team_id)
    return insert_if_absent(session, TopicFollow, team_id=team_id, user_id=user_id, topic=topic.key)


def unfollow(session: Session, *, team_id: str, user_id: str, topic: Topic) -> bool:
    """Stop following; False when the member was not following it."""
    gone = session.execute(
        delete(TopicFollow)
        .where(TopicFollow.team_id == team_id, TopicFollow.user_id == user_id, TopicFollow.topic == topic.key)
        .returning(TopicFollow.topic)
    ).first()
    return gone is not None


def followed(session: Session, *, team_id: str, user_id: str) -> list[Topic]:
    """A member's topics, in the order they followed them."""
    keys = session.scalars(
        select(TopicFollow.topic)
        .where(TopicFollow.team_id == team_id, TopicFollow.user_id == user_id)
        .order_by(TopicFollow.created_at, TopicFollow.topic)
    )
    return [topic for topic in map(of_key, keys) if topic is not None]


def followers(session: Session, *, team_id: str, topic: Topic) -> list[str]:
    return list(
        session.scalars(
            select(TopicFollow.user_id)
            .where(TopicFollow.team_id == team_id, TopicFollow.topic == topic.key)
            .order_by(TopicFollow.user_id)
        )
    )
