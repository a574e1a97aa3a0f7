"""Moving, renaming or cancelling a gathering still to come, only against the version its form
showed, and telling those coming once per change. No Slack here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from bot.core.db import rows_changed
from bot.core.text import clean_line
from bot.gatherings.details import GatheringData, Problem, get, may_record
from bot.gatherings.planning import Plan, check_plan
from models import Gathering, GatheringRsvp, utcnow


@dataclass(frozen=True)
class Change:
    """What the organiser's change form gives: the new title, day, time and place, or a cancellation;
    and whether a weekly series stops after this one."""

    title: str = ""
    day: str = ""
    time: str = ""
    place: str = ""
    cancel: bool = False
    stop_series: bool = False


def to_change(
    session: Session, team_id: str, user_id: str, gathering_id: int | None
) -> GatheringData | Problem:
    """The gathering this person may move, rename or cancel now, or why not."""
    gathering = get(session, team_id, gathering_id) if gathering_id is not None else None
    if gathering is None:
        return Problem.UNKNOWN
    if not may_record(session, gathering, team_id=team_id, user_id=user_id):
        return Problem.NOT_YOURS
    if gathering.cancelled:
        return Problem.CANCELLED
    if gathering.started():
        return Problem.STARTED
    return gathering


def change(
    session: Session,
    team_id: str,
    gathering_id: int,
    user_id: str,
    version: int | None,
    wanted: Change,
    zone: ZoneInfo,
    now: datetime | None = None,
) -> tuple[dict[str, Problem], bool]:
    """Move, rename or cancel a gathering still to come; (problems per field, whether those coming
    must be told: a new time or place, or a cancellation). Only against the version the form showed."""
    now = now or utcnow()
    gathering = get(session, team_id, gathering_id)
    if gathering is None or version is None:
        return {"title": Problem.UNKNOWN}, False
    if not may_record(session, gathering, team_id=team_id, user_id=user_id):
        return {"title": Problem.NOT_YOURS}, False
    if gathering.cancelled:
        return {"title": Problem.CANCELLED}, False
    if gathering.started(now):
        return {"title": Problem.STARTED}, False
    current = and_(Gathering.team_id == team_id, Gathering.id == gathering_id, Gathering.version == version)
    if wanted.cancel:
        values: dict[str, Any] = {"cancelled_at": now}
        tell = True
    else:
        plan = Plan(title=wanted.title, day=wanted.day, time=wanted.time, place=wanted.place)
        problems, starts_at = check_plan(
            session, team_id, replace(plan, channel_id=gathering.channel_id), zone, now
        )
        if problems or starts_at is None:
            return problems, False
        place = clean_line(wanted.place)
        values = {"title": clean_line(wanted.title), "place": place, "starts_at": starts_at}
        tell = starts_at != gathering.starts_at or place != gathering.place
    result = session.execute(update(Gathering).where(current).values(version=Gathering.version + 1, **values))
    if rows_changed(result) != 1:
        return {"title": Problem.STALE}, False
    if tell and not wanted.cancel:
        # A new time is a new hour before: those coming are reminded again.
        session.execute(
            update(GatheringRsvp)
            .where(GatheringRsvp.team_id == team_id, GatheringRsvp.gathering_id == gathering_id)
            .values(reminded_at=None)
        )
    if wanted.stop_series and gathering.weekly:
        series = session.scalar(select(Gathering.series_id).where(Gathering.id == gathering_id))
        session.execute(
            update(Gathering)
            .where(Gathering.team_id == team_id, Gathering.series_id == series)
            .values(weekly=False)
        )
    return {}, tell


def to_tell(session: Session, team_id: str, gathering_id: int) -> list[str]:
    """Those coming who have not been told of the gathering's latest version."""
    return list(
        session.scalars(
            select(GatheringRsvp.user_id)
            .join(Gathering, Gathering.id == GatheringRsvp.gathering_id)
            .where(
                GatheringRsvp.team_id == team_id,
                GatheringRsvp.gathering_id == gathering_id,
                GatheringRsvp.coming.is_(True),
                GatheringRsvp.told_version < Gathering.version,
            )
            .order_by(GatheringRsvp.user_id)
        )
    )


def claim_told(session: Session, *, team_id: str, gathering_id: int, user_id: str, version: int) -> bool:
    """Taken before the DM: each person hears of each change once, whoever sends it."""
    result = session.execute(
        update(GatheringRsvp)
        .where(
            GatheringRsvp.team_id == team_id,
            GatheringRsvp.gathering_id == gathering_id,
            GatheringRsvp.user_id == user_id,
            GatheringRsvp.told_version < version,
        )
        .values(told_version=version)
    )
    return rows_changed(result) == 1
