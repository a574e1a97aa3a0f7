"""Claiming a week's stats post for a channel, so that it goes out at most once.

Whoever inserts the claim row posts; everyone else (a second scheduler, a restart catching up, an
operator's `stats post`) finds it and stops. A refusal from Slack releases the claim so a later run
can try again. A claim that was never confirmed (the process died mid-post, or the connection broke
after sending) is not retried by itself: the message may be in the channel already. `--force` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent
from bot.core.workspace_settings import ensure_workspace
from models import StatsPost, utcnow


@dataclass(frozen=True)
class Existing:
    claimed_at: datetime
    posted_at: datetime | None


def claim(
    session: Session, *, team_id: str, week: str, channel_id: str, force: bool = False
) -> Existing | None:
    """Take the week for the channel; None when taken, else what stood in the way."""
    ensure_workspace(session, team_id)
    if force:
        release(session, team_id=team_id, week=week, channel_id=channel_id)
    if insert_if_absent(
        session, StatsPost, team_id=team_id, week=week, channel_id=channel_id, claimed_at=utcnow()
    ):
        return None
    row = session.get(StatsPost, (team_id, week, channel_id))
    if row is None:
        raise RuntimeError(f"the claim on {week} of {team_id} in {channel_id} is neither new nor there")
    return Existing(claimed_at=row.claimed_at, posted_at=row.posted_at)


def release(session: Session, *, team_id: str, week: str, channel_id: str) -> None:
    session.execute(
        delete(StatsPost).where(
            StatsPost.team_id == team_id, StatsPost.week == week, StatsPost.channel_id == channel_id
        )
    )


def confirm(session: Session, *, team_id: str, week: str, channel_id: str, message_ts: str | None) -> None:
    session.execute(
        update(StatsPost)
        .where(StatsPost.team_id == team_id, StatsPost.week == week, StatsPost.channel_id == channel_id)
        .values(posted_at=utcnow(), message_ts=message_ts)
    )


def left_behind(session: Session, claimed_before: datetime) -> list[tuple[str, str, str]]:
    """(team, week, channel) of every claim, whatever the week, taken before `claimed_before` and
    never confirmed: its post was cut short (the process killed mid-post). The scheduler has moved
    on to the next week by then, so only a look across all weeks finds it."""
    rows = session.execute(
        select(StatsPost.team_id, StatsPost.week, StatsPost.channel_id)
        .where(
            StatsPost.posted_at.is_(None),
            StatsPost.claimed_at < claimed_before,
            StatsPost.channel_id.not_like(NOTICE_PREFIX + "%"),
        )
        .order_by(StatsPost.team_id, StatsPost.week, StatsPost.channel_id)
    )
    return [(team_id, week, channel_id) for team_id, week, channel_id in rows]


# The notice to the admins about a post left unconfirmed is claimed like the post itself, in a row of
# its own beside the week's claim ("!" + channel), so it goes once across restarts and schedulers.
NOTICE_PREFIX = "!"


def claim_notice(session: Session, *, team_id: str, week: str, channel_id: str) -> bool:
    """Take the one notice about this week's unconfirmed post to the channel; False when it was given."""
    now = utcnow()
    return insert_if_absent(
        session,
        StatsPost,
        team_id=team_id,
        week=week,
        channel_id=NOTICE_PREFIX + channel_id,
        claimed_at=now,
        posted_at=now,
    )
