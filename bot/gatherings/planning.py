"""Planning a gathering: who may, the form's plan checked field by field, the ideas it can discuss,
and the plan stored. No Slack here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.text import clean_line, is_blank
from bot.core.workspace_settings import CHANNEL_ID, ensure_workspace
from bot.gatherings.details import Problem
from bot.members import roster
from models import Gathering, GatheringIdea, Idea, utcnow
from models.gathering import GATHERING_TITLE_MAX, PLACE_MAX

IDEAS_MAX = 10  # ideas one gathering discusses: each gets a note field afterwards


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
