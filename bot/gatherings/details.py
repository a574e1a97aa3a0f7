"""A gathering as the rules and the views see it (`GatheringData`, read with `get`), who may act
for it, and `Problem`: what can be wrong with a plan, an answer, a record or a change. No Slack here.

Times are stored in UTC. A gathering is planned in the workspace's zone (a date and a local time) and
shown to each person in their own zone by Slack's date formatting.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.members import roster
from models import Gathering, GatheringIdea, GatheringRsvp, Idea, utcnow


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


def may_record(session: Session, gathering: GatheringData, *, team_id: str, user_id: str) -> bool:
    """The organiser, or a facilitator (when the organiser is away or has left)."""
    return gathering.organiser_id == user_id or roster.is_facilitator(session, team_id, user_id)
