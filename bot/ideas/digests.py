"""The daily digest of what members follow: who may get one, from when it reads, and its claim.

Who: a member who follows a tag or a theme, a challenge (for its answers) or an experiment (for its
learning). A followed idea's other changes already reach its followers as they happen, so the
digest keeps to these. At most one digest per member and day (their own day, in their own zone):
the `feed_digests` row of that day is claimed before the DM goes and confirmed after.

A digest reads from the moment the last one was claimed; a member's first digest reads from when
they first followed something; neither reaches back more than a week (what the Home tab shows).
Nothing is claimed when nothing is new, so what comes later that working day still comes that day.
Nothing here imports Slack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent
from bot.core.working_hours import zone_named
from bot.ideas import kinds
from models import FeedDigest, Idea, IdeaFollow, Learning, Member, TopicFollow, utcnow

# A digest reads at most this far back (a member back from a quiet spell, or a weekend).
LONGEST_REACH = timedelta(days=7)
# Digest rows older than this are deleted: only the last one (within LONGEST_REACH) is ever read.
KEEP_DAYS = 14
# Following one of these kinds of idea brings its news into the digest (answers, the learning).
FOLLOWED_KINDS = (kinds.CHALLENGE, kinds.EXPERIMENT)


@dataclass(frozen=True)
class Follower:
    user_id: str
    zone: ZoneInfo
    # What their next digest reads from.
    since: datetime
    # The last day they had a digest on (in their zone), None when never (or not for KEEP_DAYS).
    last_day: date | None

    def day(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()

    def had_one_today(self, now: datetime) -> bool:
        return self.last_day is not None and self.last_day >= self.day(now)


def followers(session: Session, *, team_id: str, now: datetime, zone: ZoneInfo) -> list[Follower]:
    """Everyone who follows something the digest reads, with their zone (else `zone`, the
    workspace's) and where their next digest begins; members who left and bots are left out. A few
    queries over the workspace, whatever its number of followers."""
    first_follow: dict[str, datetime] = {}
    topic_rows = session.execute(
        select(TopicFollow.user_id, func.min(TopicFollow.created_at))
        .where(TopicFollow.team_id == team_id)
        .group_by(TopicFollow.user_id)
    )
    idea_rows = session.execute(
        select(IdeaFollow.user_id, func.min(IdeaFollow.created_at))
        .join(Idea, Idea.id == IdeaFollow.idea_id)
        .where(IdeaFollow.team_id == team_id, Idea.team_id == team_id, Idea.kind.in_(FOLLOWED_KINDS))
        .group_by(IdeaFollow.user_id)
    )
    for user_id, at in (*topic_rows, *idea_rows):
        if user_id not in first_follow or at < first_follow[user_id]:
            first_follow[user_id] = at
    if not first_follow:
        return []
    recent = now - timedelta(days=KEEP_DAYS)
    last: dict[str, tuple[datetime, date]] = {
        user_id: (claimed, day)
        for user_id, claimed, day in session.execute(
            select(FeedDigest.user_id, func.max(FeedDigest.claimed_at), func.max(FeedDigest.day))
            .where(FeedDigest.team_id == team_id, FeedDigest.day >= recent.date())
            .group_by(FeedDigest.user_id)
        )
    }
    members = {
        m.user_id: m
        for m in session.execute(
            select(Member.user_id, Member.timezone, Member.deleted, Member.is_bot).where(
                Member.team_id == team_id
            )
        )
    }
    result = []
    for user_id in sorted(first_follow):
        member = members.get(user_id)
        if member is not None and (member.deleted or member.is_bot):
            continue
        previous = last.get(user_id)
        since = max(previous[0] if previous else first_follow[user_id], now - LONGEST_REACH)
        own_zone = zone_named(member.timezone if member is not None else None, zone)
        result.append(Follower(user_id, own_zone, since, previous[1] if previous else None))
    return result


def latest_news(session: Session, team_id: str) -> datetime | None:
    """When the newest idea or learning of the workspace came: a follower whose digest begins later
    has nothing new, and costs no query of their own."""
    ideas = session.scalar(select(func.max(Idea.created_at)).where(Idea.team_id == team_id))
    learnings = session.scalar(
        select(func.max(Learning.created_at)).where(
            Learning.team_id == team_id, Learning.idea_id.is_not(None)
        )
    )
    moments = [m for m in (ideas, learnings) if m is not None]
    return max(moments) if moments else None


@dataclass(frozen=True)
class Day:
    """One member's digest of one day (their own day): the key of its claim."""

    team_id: str
    user_id: str
    day: date


def claim(session: Session, key: Day, *, now: datetime, items: int) -> bool:
    """The member's digest of the day, claimed at `now`; False when that day's was claimed already."""
    return insert_if_absent(
        session,
        FeedDigest,
        team_id=key.team_id,
        user_id=key.user_id,
        day=key.day,
        claimed_at=now,
        items=items,
    )


def _row(key: Day) -> tuple[ColumnElement[bool], ...]:
    return (FeedDigest.team_id == key.team_id, FeedDigest.user_id == key.user_id, FeedDigest.day == key.day)


def release(session: Session, key: Day) -> None:
    """Slack surely did not take it: the day is free again, and the next run reads from the same moment."""
    session.execute(delete(FeedDigest).where(*_row(key), FeedDigest.sent_at.is_(None)))


def confirm(session: Session, key: Day) -> None:
    session.execute(update(FeedDigest).where(*_row(key)).values(sent_at=utcnow()))


def forget_old(session: Session, *, team_id: str, now: datetime) -> int:
    """Delete digest rows no digest will read again; how many went."""
    gone = session.execute(
        delete(FeedDigest)
        .where(FeedDigest.team_id == team_id, FeedDigest.day < (now - timedelta(days=KEEP_DAYS)).date())
        .returning(FeedDigest.user_id)
    )
    return len(gone.all())
