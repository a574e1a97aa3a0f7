"""Weekly series: each week's next occurrence, made once (unique on team, series and moment)
whoever runs the pass, at the same local time across clock changes. No Slack here."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import Gathering, GatheringIdea, utcnow


def a_week_later(moment: datetime, zone: ZoneInfo, wall: time | None = None) -> datetime:
    """Seven days on at the local time `wall` (else `moment`'s): across a clock change the UTC hour
    moves, the local one not. A local time the spring night skips is read an hour later that night
    only; the week after is at `wall` again, since it is the series' own time, not last week's."""
    local = moment.astimezone(zone)
    wanted = wall if wall is not None else local.time().replace(tzinfo=None)
    day = local.date() + timedelta(days=7)
    return datetime.combine(day, wanted).replace(tzinfo=zone).astimezone(UTC)


def continue_series(session: Session, team_id: str, zone: ZoneInfo, now: datetime | None = None) -> list[int]:
    """For each weekly series whose latest occurrence has begun, the next one (the first still to come,
    should the bot have been away for weeks), inserted once whoever runs this; returns the new ids."""
    now = now or utcnow()
    latest = (
        select(Gathering.series_id, func.max(Gathering.starts_at).label("starts_at"))
        .where(Gathering.team_id == team_id, Gathering.weekly.is_(True), Gathering.series_id.is_not(None))
        .group_by(Gathering.series_id)
        .subquery()
    )
    begun = session.scalars(
        select(Gathering)
        .join(
            latest, and_(Gathering.series_id == latest.c.series_id, Gathering.starts_at == latest.c.starts_at)
        )
        .where(Gathering.team_id == team_id, Gathering.starts_at <= now)
    ).all()
    # Each series' own local time is its first gathering's (whose id is the series'): an occurrence
    # moved, or shifted by a skipped hour, does not carry the series with it.
    firsts = {
        g.id: g.starts_at.astimezone(zone).time()
        for g in session.scalars(select(Gathering).where(Gathering.id.in_([g.series_id for g in begun])))
    }
    made = []
    for last in begun:
        wall = firsts.get(last.series_id) if last.series_id is not None else None
        starts_at = a_week_later(last.starts_at, zone, wall)
        while starts_at <= now:
            starts_at = a_week_later(starts_at, zone, wall)
        values = {
            "team_id": team_id,
            "organiser_id": last.organiser_id,
            "title": last.title,
            "place": last.place,
            "starts_at": starts_at,
            "channel_id": last.channel_id,
            "weekly": True,
            "series_id": last.series_id,
            "created_at": now,
        }
        insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        new_id = session.scalar(
            insert(Gathering).values(**values).on_conflict_do_nothing().returning(Gathering.id)
        )
        if new_id is None:
            continue
        ideas = session.scalars(
            select(GatheringIdea.idea_id)
            .where(GatheringIdea.team_id == team_id, GatheringIdea.gathering_id == last.id)
            .order_by(GatheringIdea.position)
        ).all()
        for position, idea_id in enumerate(ideas):
            session.add(
                GatheringIdea(gathering_id=new_id, idea_id=idea_id, team_id=team_id, position=position)
            )
        made.append(new_id)
    return made
