"""Who is coming: "I'll come" and "Can't make it" (the latest answer stands), and the reminder an
hour before, claimed per person. No Slack here."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.core.db import rows_changed
from bot.gatherings.details import Problem
from models import Gathering, GatheringRsvp, utcnow


def answer(
    session: Session, team_id: str, gathering_id: int, user_id: str, coming: bool, now: datetime | None = None
) -> Problem | None:
    """I'll come / Can't make it: the latest answer stands; none once the gathering has begun."""
    now = now or utcnow()
    found = session.execute(
        select(Gathering.starts_at, Gathering.cancelled_at, Gathering.version).where(
            Gathering.team_id == team_id, Gathering.id == gathering_id
        )
    ).first()
    if found is None:
        return Problem.UNKNOWN
    starts_at, cancelled_at, version = found
    if cancelled_at is not None:
        return Problem.CANCELLED
    if now >= starts_at:
        return Problem.STARTED
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(GatheringRsvp).values(
        gathering_id=gathering_id,
        user_id=user_id,
        team_id=team_id,
        coming=coming,
        answered_at=now,
        # They answer what the announcement shows now: no need to tell them of earlier changes.
        told_version=version,
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["gathering_id", "user_id"],
            set_={"coming": coming, "answered_at": now, "told_version": version},
        )
    )
    return None


REMIND_BEFORE = timedelta(hours=1)


def due_reminders(session: Session, team_id: str, now: datetime | None = None) -> list[tuple[int, str]]:
    """(gathering, member) for everyone coming to an announced gathering that begins within the hour
    and has not been reminded."""
    now = now or utcnow()
    rows = session.execute(
        select(GatheringRsvp.gathering_id, GatheringRsvp.user_id)
        .join(Gathering, Gathering.id == GatheringRsvp.gathering_id)
        .where(
            GatheringRsvp.team_id == team_id,
            GatheringRsvp.coming.is_(True),
            GatheringRsvp.reminded_at.is_(None),
            Gathering.message_ts.is_not(None),
            Gathering.cancelled_at.is_(None),
            Gathering.starts_at > now,
            Gathering.starts_at <= now + REMIND_BEFORE,
        )
        .order_by(Gathering.starts_at, GatheringRsvp.user_id)
    )
    return [(gathering_id, user_id) for gathering_id, user_id in rows]


def claim_reminder(session: Session, *, team_id: str, gathering_id: int, user_id: str) -> bool:
    """Taken before the DM, so a second process or a rerun never reminds twice."""
    result = session.execute(
        update(GatheringRsvp)
        .where(
            GatheringRsvp.team_id == team_id,
            GatheringRsvp.gathering_id == gathering_id,
            GatheringRsvp.user_id == user_id,
            GatheringRsvp.coming.is_(True),
            GatheringRsvp.reminded_at.is_(None),
        )
        .values(reminded_at=utcnow())
    )
    return rows_changed(result) == 1


def release_reminder(session: Session, *, team_id: str, gathering_id: int, user_id: str) -> None:
    session.execute(
        update(GatheringRsvp)
        .where(
            GatheringRsvp.team_id == team_id,
            GatheringRsvp.gathering_id == gathering_id,
            GatheringRsvp.user_id == user_id,
        )
        .values(reminded_at=None)
    )
