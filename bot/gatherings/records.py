"""After a gathering: how many came and a note per idea, the notes' thread post (claimed once),
each idea's gatherings, and the figures (`gatherings`, `attendees`) the weekly post and the report
count. No Slack here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.orm import Session

from bot.core.db import rows_changed
from bot.core.text import clean_block
from bot.gatherings.details import GatheringData, Problem, get, may_record
from models import Gathering, GatheringIdea, utcnow
from models.gathering import NOTE_MAX

ATTENDANCE_MAX = 10_000


def to_record(
    session: Session, team_id: str, user_id: str, gathering_id: int | None
) -> GatheringData | Problem:
    """The gathering whose record this person may open now, or why not."""
    gathering = get(session, team_id, gathering_id) if gathering_id is not None else None
    if gathering is None:
        return Problem.UNKNOWN
    if not may_record(session, gathering, team_id=team_id, user_id=user_id):
        return Problem.NOT_ALLOWED
    if not gathering.started():
        return Problem.NOT_STARTED
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
    if not may_record(session, gathering, team_id=team_id, user_id=user_id):
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
    return rows_changed(result) == 1


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


def figures(session: Session, team_id: str, start: datetime | None, end: datetime) -> dict[str, int]:
    """Gatherings that began in [start, end) (None: ever), and how many came to them, as recorded."""
    began: ColumnElement[bool] = Gathering.starts_at < end
    if start is not None:
        began = and_(began, Gathering.starts_at >= start)
    count, attendees = session.execute(
        select(func.count(), func.coalesce(func.sum(Gathering.attendance), 0)).where(
            Gathering.team_id == team_id, Gathering.cancelled_at.is_(None), began
        )
    ).one()
    # COALESCE makes the sum 0 with no recorded attendance; the column's type still says "or None".
    return {"gatherings": int(count), "attendees": int(attendees or 0)}
