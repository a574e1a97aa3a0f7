"""Gatherings, with no Slack: planning one, who is coming, and afterwards how many came and what was
said about each idea; and the figures (`gatherings`, `attendees`) the weekly post and the report count.

Times are stored in UTC. A gathering is planned in the workspace's zone (a date and a local time) and
shown to each person in their own zone by Slack's date formatting.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.core.text import clean_block, clean_line, is_blank
from bot.core.workspace_settings import CHANNEL_ID, ensure_workspace
from bot.members import roster
from models import Gathering, GatheringIdea, GatheringRsvp, Idea, utcnow
from models.gathering import GATHERING_TITLE_MAX, NOTE_MAX, PLACE_MAX

IDEAS_MAX = 10  # ideas one gathering discusses: each gets a note field afterwards
ATTENDANCE_MAX = 10_000


class Problem(enum.Enum):
    """What is wrong with a plan, or with an answer or a record; the views put it into words."""

    TITLE_MISSING = "title_missing"
    TITLE_TOO_LONG = "title_too_long"
    PLACE_MISSING = "place_missing"
    PLACE_TOO_LONG = "place_too_long"
    WHEN_MISSING = "when_missing"
    IN_THE_PAST = "in_the_past"
    NO_CHANNEL = "no_channel"
    TOO_MANY_IDEAS = "too_many_ideas"
    UNKNOWN_IDEA = "unknown_idea"
    UNKNOWN = "unknown"
    STARTED = "started"
    NOT_STARTED = "not_started"
    NOT_ALLOWED = "not_allowed"
    BAD_ATTENDANCE = "bad_attendance"
    NOTE_TOO_LONG = "note_too_long"
    CANCELLED = "cancelled"
    STALE = "stale"
    NOT_YOURS = "not_yours"


@dataclass(frozen=True)
class Plan:
    """A gathering as the form gives it: text as typed, the day and time in the workspace zone."""

    title: str = ""
    day: str = ""  # YYYY-MM-DD
    time: str = ""  # HH:MM
    place: str = ""
    channel_id: str = ""
    idea_ids: tuple[int, ...] = ()
    weekly: bool = False


@dataclass(frozen=True)
class IdeaNote:
    idea_id: int
    number: int
    title: str
    note: str


@dataclass(frozen=True)
class GatheringData:
    id: int
    team_id: str
    organiser_id: str | None
    title: str
    place: str
    starts_at: datetime
    channel_id: str
    message_ts: str | None
    attendance: int | None
    version: int = 1
    cancelled: bool = False
    weekly: bool = False
    coming: int = 0
    not_coming: int = 0
    ideas: list[IdeaNote] = field(default_factory=list)

    def started(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) >= self.starts_at


def may_plan(session: Session, team_id: str, user_id: str, gatherings_by: str) -> bool:
    """`gatherings_by` is `everyone` or `facilitators`; workspace admins may always."""
    if gatherings_by != "facilitators":
        return True
    return roster.is_facilitator(session, team_id, user_id) or roster.is_workspace_admin(
        session, team_id, user_id
    )


def check_plan(
    session: Session, team_id: str, plan: Plan, zone: ZoneInfo, now: datetime | None = None
) -> tuple[dict[str, Problem], datetime | None]:
    """Problems per form field, and the start in UTC when the day and time are readable."""
    problems: dict[str, Problem] = {}
    title, place = clean_line(plan.title), clean_line(plan.place)
    if not title or is_blank(title):
        problems["title"] = Problem.TITLE_MISSING
    elif len(title) > GATHERING_TITLE_MAX:
        problems["title"] = Problem.TITLE_TOO_LONG
    if not place or is_blank(place):
        problems["place"] = Problem.PLACE_MISSING
    elif len(place) > PLACE_MAX:
        problems["place"] = Problem.PLACE_TOO_LONG
    starts_at = local_start(plan.day, plan.time, zone)
    if starts_at is None:
        problems["day"] = Problem.WHEN_MISSING
    elif starts_at <= (now or utcnow()):
        problems["day"] = Problem.IN_THE_PAST
    if not CHANNEL_ID.match(plan.channel_id or ""):
        problems["channel"] = Problem.NO_CHANNEL
    if len(plan.idea_ids) > IDEAS_MAX:
        problems["ideas"] = Problem.TOO_MANY_IDEAS
    elif plan.idea_ids:
        found = session.scalar(
            select(func.count()).where(Idea.team_id == team_id, Idea.id.in_(set(plan.idea_ids)))
        )
        if found != len(set(plan.idea_ids)):
            problems["ideas"] = Problem.UNKNOWN_IDEA
    return problems, starts_at


def local_start(day: str, clock: str, zone: ZoneInfo) -> datetime | None:
    """The UTC moment of `day` at `clock` in `zone`; None when either cannot be read. A time a clock
    change skips (03:30 on the spring night) is read as zoneinfo does, an hour later."""
    if not (day or "").isascii() or not (clock or "").isascii():
        return None
    try:
        when = datetime.combine(date.fromisoformat(day), time.fromisoformat(clock), tzinfo=zone)
    except (TypeError, ValueError):
        return None
    return when.astimezone(UTC)


def plan_gathering(session: Session, team_id: str, organiser_id: str, plan: Plan, starts_at: datetime) -> int:
    """Store a checked plan; returns its id."""
    ensure_workspace(session, team_id)
    gathering = Gathering(
        team_id=team_id,
        organiser_id=organiser_id,
        title=clean_line(plan.title),
        place=clean_line(plan.place),
        starts_at=starts_at,
        channel_id=plan.channel_id,
        weekly=plan.weekly,
    )
    session.add(gathering)
    session.flush()
    if plan.weekly:
        gathering.series_id = gathering.id
    for position, idea_id in enumerate(dict.fromkeys(plan.idea_ids)):
        session.add(
            GatheringIdea(gathering_id=gathering.id, idea_id=idea_id, team_id=team_id, position=position)
        )
    return gathering.id


def get(session: Session, team_id: str, gathering_id: int) -> GatheringData | None:
    gathering = session.get(Gathering, gathering_id)
    if gathering is None or gathering.team_id != team_id:
        return None
    coming, not_coming = session.execute(
        select(
            func.coalesce(func.sum(case((GatheringRsvp.coming.is_(True), 1), else_=0)), 0),
            func.coalesce(func.sum(case((GatheringRsvp.coming.is_(False), 1), else_=0)), 0),
        ).where(GatheringRsvp.team_id == team_id, GatheringRsvp.gathering_id == gathering_id)
    ).one()
    ideas = [
        IdeaNote(idea_id, number, title, note)
        for idea_id, number, title, note in session.execute(
            select(Idea.id, Idea.number, Idea.title, GatheringIdea.note)
            .join(Idea, Idea.id == GatheringIdea.idea_id)
            .where(GatheringIdea.team_id == team_id, GatheringIdea.gathering_id == gathering_id)
            .order_by(GatheringIdea.position)
        )
    ]
    return GatheringData(
        id=gathering.id,
        team_id=team_id,
        organiser_id=gathering.organiser_id,
        title=gathering.title,
        place=gathering.place,
        starts_at=gathering.starts_at,
        channel_id=gathering.channel_id,
        message_ts=gathering.message_ts,
        attendance=gathering.attendance,
        version=gathering.version,
        cancelled=gathering.cancelled_at is not None,
        weekly=gathering.weekly and gathering.series_id is not None,
        coming=int(coming),
        not_coming=int(not_coming),
        ideas=ideas,
    )


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
    return result.rowcount == 1


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


def may_record(session: Session, team_id: str, user_id: str, gathering: GatheringData) -> bool:
    """The organiser, or a facilitator (when the organiser is away or has left)."""
    return gathering.organiser_id == user_id or roster.is_facilitator(session, team_id, user_id)


def to_record(
    session: Session, team_id: str, user_id: str, gathering_id: int | None
) -> GatheringData | Problem:
    """The gathering whose record this person may open now, or why not."""
    gathering = get(session, team_id, gathering_id) if gathering_id is not None else None
    if gathering is None:
        return Problem.UNKNOWN
    if not may_record(session, team_id, user_id, gathering):
        return Problem.NOT_ALLOWED
    if not gathering.started():
        return Problem.NOT_STARTED
    return gathering


def to_change(
    session: Session, team_id: str, user_id: str, gathering_id: int | None
) -> GatheringData | Problem:
    """The gathering this person may move, rename or cancel now, or why not."""
    gathering = get(session, team_id, gathering_id) if gathering_id is not None else None
    if gathering is None:
        return Problem.UNKNOWN
    if not may_record(session, team_id, user_id, gathering):
        return Problem.NOT_YOURS
    if gathering.cancelled:
        return Problem.CANCELLED
    if gathering.started():
        return Problem.STARTED
    return gathering


def record(
    session: Session,
    team_id: str,
    gathering_id: int,
    user_id: str,
    attendance: int | None,
    notes: dict[int, str],
    now: datetime | None = None,
) -> Problem | None:
    """How many came and a note per idea, after the start; recording again corrects it."""
    gathering = get(session, team_id, gathering_id)
    if gathering is None:
        return Problem.UNKNOWN
    if not may_record(session, team_id, user_id, gathering):
        return Problem.NOT_ALLOWED
    if gathering.cancelled:
        return Problem.CANCELLED
    if not gathering.started(now):
        return Problem.NOT_STARTED
    if attendance is None or not 0 <= attendance <= ATTENDANCE_MAX:
        return Problem.BAD_ATTENDANCE
    cleaned = {idea_id: clean_block(text) for idea_id, text in notes.items()}
    if any(len(text) > NOTE_MAX for text in cleaned.values()):
        return Problem.NOTE_TOO_LONG
    session.execute(
        update(Gathering)
        .where(Gathering.team_id == team_id, Gathering.id == gathering_id)
        .values(attendance=attendance, recorded_at=now or utcnow())
    )
    for idea in gathering.ideas:
        if idea.idea_id in cleaned:
            session.execute(
                update(GatheringIdea)
                .where(
                    GatheringIdea.team_id == team_id,
                    GatheringIdea.gathering_id == gathering_id,
                    GatheringIdea.idea_id == idea.idea_id,
                )
                .values(note=cleaned[idea.idea_id])
            )
    return None


def claim_notes(session: Session, team_id: str, gathering_id: int) -> bool:
    """The notes go into the announcement's thread once, however often the record is corrected."""
    result = session.execute(
        update(Gathering)
        .where(
            Gathering.team_id == team_id, Gathering.id == gathering_id, Gathering.notes_claimed_at.is_(None)
        )
        .values(notes_claimed_at=utcnow())
    )
    return result.rowcount == 1


@dataclass(frozen=True)
class IdeaGathering:
    """A gathering that discussed an idea, for the idea's history."""

    title: str
    starts_at: datetime
    note: str


def of_idea(session: Session, team_id: str, idea_id: int) -> list[IdeaGathering]:
    rows = session.execute(
        select(Gathering.title, Gathering.starts_at, GatheringIdea.note)
        .join(Gathering, Gathering.id == GatheringIdea.gathering_id)
        .where(
            GatheringIdea.team_id == team_id,
            GatheringIdea.idea_id == idea_id,
            Gathering.recorded_at.is_not(None),
        )
        .order_by(Gathering.starts_at)
    )
    return [IdeaGathering(*row) for row in rows]


def ideas_matching(
    session: Session, team_id: str, words: str, limit: int = 100
) -> list[tuple[int, int, str]]:
    """(id, number, title) of ideas whose number or title matches what was typed, newest first."""
    query = select(Idea.id, Idea.number, Idea.title).where(Idea.team_id == team_id)
    typed = words.strip().lstrip("#")
    if typed.isascii() and typed.isdigit():
        query = query.where(Idea.number == int(typed))
    elif typed:
        query = query.where(func.lower(Idea.title).contains(typed.lower(), autoescape=True))
    rows = session.execute(query.order_by(Idea.number.desc()).limit(limit))
    return [(idea_id, number, title) for idea_id, number, title in rows]


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
    if not may_record(session, team_id, user_id, gathering):
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
    if result.rowcount != 1:
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


def claim_told(session: Session, team_id: str, gathering_id: int, user_id: str, version: int) -> bool:
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
    return result.rowcount == 1


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


def claim_reminder(session: Session, team_id: str, gathering_id: int, user_id: str) -> bool:
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
    return result.rowcount == 1


def release_reminder(session: Session, team_id: str, gathering_id: int, user_id: str) -> None:
    session.execute(
        update(GatheringRsvp)
        .where(
            GatheringRsvp.team_id == team_id,
            GatheringRsvp.gathering_id == gathering_id,
            GatheringRsvp.user_id == user_id,
        )
        .values(reminded_at=None)
    )


def a_week_later(moment: datetime, zone: ZoneInfo) -> datetime:
    """The same local time seven days on: across a clock change the UTC hour moves, the local one not."""
    local = moment.astimezone(zone).replace(tzinfo=None) + timedelta(days=7)
    return local.replace(tzinfo=zone).astimezone(UTC)


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
    made = []
    for last in begun:
        starts_at = a_week_later(last.starts_at, zone)
        while starts_at <= now:
            starts_at = a_week_later(starts_at, zone)
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


def figures(session: Session, team_id: str, start: datetime | None, end: datetime) -> dict[str, int]:
    """Gatherings that began in [start, end) (None: ever), and how many came to them, as recorded."""
    began: Any = Gathering.starts_at < end
    if start is not None:
        began = and_(began, Gathering.starts_at >= start)
    count, attendees = session.execute(
        select(func.count(), func.coalesce(func.sum(Gathering.attendance), 0)).where(
            Gathering.team_id == team_id, Gathering.cancelled_at.is_(None), began
        )
    ).one()
    return {"gatherings": int(count), "attendees": int(attendees)}
