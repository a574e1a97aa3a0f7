"""A gathering's announcement in its channel: claimed once before the post, released or forgotten
when Slack refuses it, and its message kept. No Slack here: `bot.gatherings.run` posts."""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from bot.core.db import rows_changed
from models import Gathering, utcnow


def claim_announcement(session: Session, team_id: str, gathering_id: int) -> bool:
    """Take the announcement; False when it was taken (a retried submission, a second process)."""
    result = session.execute(
        update(Gathering)
        .where(
            Gathering.team_id == team_id,
            Gathering.id == gathering_id,
            Gathering.announce_claimed_at.is_(None),
        )
        .values(announce_claimed_at=utcnow())
    )
    return rows_changed(result) == 1


def release_announcement(session: Session, team_id: str, gathering_id: int) -> None:
    session.execute(
        update(Gathering)
        .where(Gathering.team_id == team_id, Gathering.id == gathering_id)
        .values(announce_claimed_at=None)
    )


def forget_unannounced(session: Session, team_id: str, gathering_id: int) -> None:
    """Slack refused the announcement: nobody saw the gathering, so it is not kept."""
    session.execute(
        delete(Gathering).where(
            Gathering.team_id == team_id, Gathering.id == gathering_id, Gathering.message_ts.is_(None)
        )
    )


def announced(session: Session, team_id: str, gathering_id: int, message_ts: str | None) -> None:
    session.execute(
        update(Gathering)
        .where(Gathering.team_id == team_id, Gathering.id == gathering_id)
        .values(message_ts=message_ts)
    )
