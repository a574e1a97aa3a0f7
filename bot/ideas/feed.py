"""What is new for one member in what they follow: their feed, read by the daily digest
(`bot.ideas.digest_run`) and by their Home tab.

Three kinds of item, each shown once, the newest first:
- a new idea (of any kind) under a tag or theme they follow;
- a new answer to a challenge they follow (`IdeaFollow`) or to a challenge under a followed topic;
- a learning shared on an experiment they follow or under a followed topic.

Their own ideas and learnings are left out. A handful of indexed queries per member, whatever the
size of the bank: the topics, one query per kind of item (each bounded by the window and a scan
limit), and one for the ideas shown. Nothing here imports Slack.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, or_, select, union
from sqlalchemy.orm import Session

from bot.ideas import topics
from bot.ideas.data import IdeaRef
from bot.ideas.topics import Topic
from models import Idea, IdeaFollow, IdeaTheme, Learning
from models.knowledge import IdeaTag

NEW_IDEA = "idea"
ANSWER = "answer"
LEARNING = "learning"

# A digest lists at most this many items, the Home tab fewer; "and N more" says the rest.
DIGEST_ITEMS = 20
HOME_ITEMS = 10
# Rows read per kind of item: a window of a day or a week never holds more in a real workspace, and
# the feed stays quick even when one does (the count of "more" is then a lower bound).
SCAN_LIMIT = 500

_Row = TypeVarTuple("_Row")


@dataclass(frozen=True)
class FeedItem:
    """One thing new in what a member follows."""

    what: str  # NEW_IDEA, ANSWER or LEARNING
    # The new idea or answer; for a learning, the experiment it was shared on.
    idea: IdeaRef
    at: datetime
    # For a new idea: the followed tag or theme it came under.
    topic: Topic | None = None
    # For an answer: the challenge it answers.
    challenge: IdeaRef | None = None
    # For a learning: the channel it was shared in (None until posted).
    channel_id: str | None = None


@dataclass(frozen=True)
class Feed:
    items: tuple[FeedItem, ...] = ()
    # How many more there were beyond the items shown.
    more: int = 0

    @property
    def total(self) -> int:
        return len(self.items) + self.more


@dataclass(frozen=True)
class _Found:
    """A candidate before the ideas are read: its key (so it counts once), kind and moment."""

    key: tuple[str, int]
    what: str
    idea_id: int
    at: datetime
    rank: int
    topic: Topic | None = None
    challenge_id: int | None = None
    channel_id: str | None = None


# When one idea is found in two ways, the first of these explains it: a challenge the member follows
# directly, then the topic the idea itself is under, then the topic of the challenge it answers.
_RANK_FOLLOWED_CHALLENGE, _RANK_TOPIC, _RANK_TOPIC_CHALLENGE = 0, 1, 2


def feed_of(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    since: datetime,
    until: datetime,
    limit: int = DIGEST_ITEMS,
    followed: list[Topic] | None = None,
) -> Feed:
    """What is new for the member after `since` up to and including `until`, the newest first;
    `followed`: their topics when the caller has read them already."""
    if followed is None:
        followed = topics.followed(session, team_id=team_id, user_id=user_id)
    window = _Window(team_id=team_id, user_id=user_id, since=since, until=until, followed=followed)
    found: dict[tuple[str, int], _Found] = {}
    for candidate in (*window.new_ideas(session), *window.answers(session), *window.learnings(session)):
        kept = found.get(candidate.key)
        if kept is None or (candidate.rank, -candidate.at.timestamp()) < (kept.rank, -kept.at.timestamp()):
            found[candidate.key] = candidate
    ordered = sorted(found.values(), key=lambda f: (f.at, f.idea_id), reverse=True)
    shown = ordered[:limit]
    refs = _refs(
        session, team_id, {f.idea_id for f in shown} | {f.challenge_id for f in shown if f.challenge_id}
    )
    items = []
    for f in shown:
        idea = refs.get(f.idea_id)
        if idea is None:
            continue  # deleted between the two reads
        challenge = refs.get(f.challenge_id) if f.challenge_id is not None else None
        # An answer whose challenge is gone (deleted since) is still a new idea.
        what = NEW_IDEA if f.what == ANSWER and challenge is None else f.what
        items.append(FeedItem(what, idea, f.at, f.topic, challenge, f.channel_id))
    return Feed(tuple(items), max(0, len(ordered) - len(shown)))


@dataclass(frozen=True)
class _Window:
    team_id: str
    user_id: str
    since: datetime
    until: datetime
    followed: list[Topic]

    @property
    def tags(self) -> list[str]:
        return [t.name for t in self.followed if t.kind == topics.TAG]

    @property
    def themes(self) -> list[str]:
        return [t.name for t in self.followed if t.kind == topics.THEME]

    def _not_mine(self, author: Any) -> ColumnElement[bool]:
        # An idea whose author was forgotten (None) is nobody's own.
        return or_(author.is_(None), author != self.user_id)

    def _new(self, query: Select[*_Row]) -> Select[*_Row]:
        return (
            query.where(
                Idea.team_id == self.team_id,
                Idea.created_at > self.since,
                Idea.created_at <= self.until,
                self._not_mine(Idea.author_id),
            )
            .order_by(Idea.created_at.desc())
            .limit(SCAN_LIMIT)
        )

    def new_ideas(self, session: Session) -> Iterable[_Found]:
        # The workspace is the idea's (`_new`); the tag or theme row is looked up by its key (idea, name),
        # so an engine without statistics yet never walks every row of a theme for each new idea.
        found: list[_Found] = []
        if self.tags:
            rows = session.execute(
                self._new(
                    select(Idea.id, Idea.created_at, IdeaTag.tag)
                    .join(IdeaTag, IdeaTag.idea_id == Idea.id)
                    .where(IdeaTag.tag.in_(self.tags))
                )
            )
            found += [
                _Found((NEW_IDEA, i), NEW_IDEA, i, at, _RANK_TOPIC, Topic(topics.TAG, n)) for i, at, n in rows
            ]
        if self.themes:
            rows = session.execute(
                self._new(
                    select(Idea.id, Idea.created_at, IdeaTheme.theme)
                    .join(IdeaTheme, IdeaTheme.idea_id == Idea.id)
                    .where(IdeaTheme.theme.in_(self.themes))
                )
            )
            found += [
                _Found((NEW_IDEA, i), NEW_IDEA, i, at, _RANK_TOPIC, Topic(topics.THEME, n))
                for i, at, n in rows
            ]
        # Two topics of one idea: the one followed first explains it, whatever order the rows came in.
        order = {t: n for n, t in enumerate(self.followed)}
        return sorted(found, key=lambda f: order.get(f.topic, len(order)) if f.topic else 0)

    def _followed_ideas(self) -> Select[int]:
        return select(IdeaFollow.idea_id).where(
            IdeaFollow.team_id == self.team_id, IdeaFollow.user_id == self.user_id
        )

    def _topic_ideas(self) -> Select[Any] | None:
        parts: list[Select[Any]] = []
        if self.tags:
            parts.append(
                select(IdeaTag.idea_id).where(IdeaTag.team_id == self.team_id, IdeaTag.tag.in_(self.tags))
            )
        if self.themes:
            parts.append(
                select(IdeaTheme.idea_id).where(
                    IdeaTheme.team_id == self.team_id, IdeaTheme.theme.in_(self.themes)
                )
            )
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else select(union(*parts).subquery().c[0])

    def _followed_or_under_topic(self, column: Any) -> ColumnElement[bool]:
        under_topic = self._topic_ideas()
        direct = column.in_(self._followed_ideas())
        return direct if under_topic is None else or_(direct, column.in_(under_topic))

    def answers(self, session: Session) -> Iterable[_Found]:
        direct = Idea.challenge_id.in_(self._followed_ideas())
        rows = session.execute(
            self._new(
                select(Idea.id, Idea.created_at, Idea.challenge_id, direct.label("direct")).where(
                    Idea.challenge_id.is_not(None), self._followed_or_under_topic(Idea.challenge_id)
                )
            )
        )
        return [
            _Found(
                (NEW_IDEA, i),
                ANSWER,
                i,
                at,
                _RANK_FOLLOWED_CHALLENGE if is_direct else _RANK_TOPIC_CHALLENGE,
                challenge_id=challenge,
            )
            for i, at, challenge, is_direct in rows
        ]

    def learnings(self, session: Session) -> Iterable[_Found]:
        rows = session.execute(
            select(Learning.id, Learning.idea_id, Learning.created_at, Learning.channel_id)
            .where(
                Learning.team_id == self.team_id,
                Learning.idea_id.is_not(None),
                Learning.created_at > self.since,
                Learning.created_at <= self.until,
                self._not_mine(Learning.author_id),
                self._followed_or_under_topic(Learning.idea_id),
            )
            .order_by(Learning.created_at.desc())
            .limit(SCAN_LIMIT)
        )
        return [
            _Found((LEARNING, learning_id), LEARNING, idea_id, at, _RANK_TOPIC, channel_id=channel)
            for learning_id, idea_id, at, channel in rows
            if idea_id is not None
        ]


def _refs(session: Session, team_id: str, idea_ids: set[int]) -> dict[int, IdeaRef]:
    """The ideas shown, read in one query (columns only: no themes, tags or links loaded)."""
    if not idea_ids:
        return {}
    rows = session.execute(
        select(
            Idea.id, Idea.number, Idea.kind, Idea.status, Idea.title, Idea.channel_id, Idea.message_ts
        ).where(Idea.team_id == team_id, Idea.id.in_(idea_ids))
    )
    return {
        row.id: IdeaRef(row.id, row.number, row.kind, row.status, row.title, row.channel_id, row.message_ts)
        for row in rows
    }


def follow_themes(
    session: Session, *, team_id: str, user_id: str, wanted: Iterable[str], themes: tuple[str, ...]
) -> bool:
    """Follow exactly the workspace themes in `wanted` (the Home tab's theme menu): the others of the
    workspace's themes are unfollowed. A value that is no theme of the workspace changes nothing,
    and a followed theme the workspace no longer has is left to its own Unfollow button. True when
    something changed."""
    chosen = {theme for theme in wanted if theme in themes}
    current = {
        t.name for t in topics.followed(session, team_id=team_id, user_id=user_id) if t.kind == topics.THEME
    }
    changed = False
    for theme in themes:
        topic = Topic(topics.THEME, theme)
        if theme in chosen and theme not in current:
            changed |= topics.follow(session, team_id=team_id, user_id=user_id, topic=topic)
        elif theme in current and theme not in chosen:
            changed |= topics.unfollow(session, team_id=team_id, user_id=user_id, topic=topic)
    return changed


def unfollow_key(session: Session, *, team_id: str, user_id: str, key: str) -> bool:
    """Stop following the topic a button names by its key; a key that is no topic of the member's
    (forged, or already unfollowed) changes nothing."""
    topic = topics.of_key(key)
    return topic is not None and topics.unfollow(session, team_id=team_id, user_id=user_id, topic=topic)
