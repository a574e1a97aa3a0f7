"""Taking part in pairing: joining (a line to talk about and interests), pausing, leaving and
resuming, and who takes part in a round at a given moment. No Slack here."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, or_, select, update
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent, rows_changed
from bot.core.text import clean_line
from bot.core.workspace_settings import ensure_workspace
from bot.members import roster
from bot.pairing.matching import Candidate
from models import Member, PairingInvite, PairingParticipant
from models.pairing import TOPIC_MAX

PAUSE_WEEKS_MAX = 52


@dataclass(frozen=True)
class ParticipantData:
    user_id: str
    active: bool
    topic: str
    interests: tuple[str, ...]
    paused_until: datetime | None
    auto_paused_at: datetime | None

    def paused(self, now: datetime) -> bool:
        return self.auto_paused_at is not None or (self.paused_until is not None and self.paused_until > now)


@dataclass(frozen=True)
class JoinAnswer:
    topic: str
    interests: tuple[str, ...]


class FormProblem(enum.Enum):
    MISSING = "missing"
    TOO_LONG = "too_long"


def parse_join(
    topic: str | None, interests: Sequence[str], themes: Sequence[str]
) -> tuple[JoinAnswer | None, dict[str, FormProblem]]:
    """One line about what to talk about (optional) and interests among the workspace's themes; a
    forged theme is dropped, a topic too long is refused."""
    line = clean_line(topic)
    if len(line) > TOPIC_MAX:
        return None, {"topic": FormProblem.TOO_LONG}
    chosen = tuple(dict.fromkeys(i for i in interests if i in themes))
    return JoinAnswer(line, chosen), {}


def parse_weeks(raw: str) -> int | None:
    """`pause WEEKS`: a whole number from 1 to 52."""
    value = raw.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 3:
        return None
    weeks = int(value)
    return weeks if 1 <= weeks <= PAUSE_WEEKS_MAX else None


def interest_keys(stored: str) -> tuple[str, ...]:
    """`pairing_participants.interests` (comma-separated theme keys) as a tuple."""
    return tuple(i for i in stored.split(",") if i)


def _data(row: PairingParticipant) -> ParticipantData:
    return ParticipantData(
        row.user_id,
        row.active,
        row.topic,
        interest_keys(row.interests),
        row.paused_until,
        row.auto_paused_at,
    )


def participant(session: Session, team_id: str, user_id: str) -> ParticipantData | None:
    row = session.get(PairingParticipant, (team_id, user_id))
    return _data(row) if row is not None else None


def join(session: Session, team_id: str, user_id: str, answer: JoinAnswer, now: datetime) -> bool:
    """Take part (or change one's line and interests); any pause ends. True when newly in."""
    ensure_workspace(session, team_id)
    roster.ensure_member(session, team_id, user_id)
    insert_if_absent(
        session,
        PairingParticipant,
        team_id=team_id,
        user_id=user_id,
        active=False,
        joined_at=now,
        updated_at=now,
    )
    row = session.get(PairingParticipant, (team_id, user_id), populate_existing=True)
    if row is None:
        raise LookupError(f"participant {team_id}/{user_id} missing right after its insert")
    newly = not row.active
    if newly:
        row.joined_at = now
    if newly:
        # Coming back starts afresh; editing one's line while taking part keeps any pause.
        row.paused_until, row.auto_paused_at, row.missed_rounds = None, None, 0
    row.active, row.topic, row.interests = True, answer.topic, ",".join(answer.interests)
    row.updated_at = now
    return newly


def leave(session: Session, team_id: str, user_id: str, now: datetime) -> bool:
    """Out of every round from now on. False when they were not taking part."""
    changed = rows_changed(
        session.execute(
            update(PairingParticipant)
            .where(*_one(team_id=team_id, user_id=user_id), PairingParticipant.active.is_(True))
            .values(active=False, paused_until=None, auto_paused_at=None, missed_rounds=0, updated_at=now)
        )
    )
    return bool(changed)


def pause(session: Session, team_id: str, user_id: str, weeks: int, now: datetime) -> datetime | None:
    """Left out of rounds for `weeks`; None when they are not taking part."""
    until = now + timedelta(weeks=weeks)
    changed = rows_changed(
        session.execute(
            update(PairingParticipant)
            .where(*_one(team_id=team_id, user_id=user_id), PairingParticipant.active.is_(True))
            .values(paused_until=until, updated_at=now)
        )
    )
    return until if changed else None


def resume(session: Session, team_id: str, user_id: str, now: datetime) -> bool:
    """Back in the next round, whatever paused them. False when they are not taking part."""
    changed = rows_changed(
        session.execute(
            update(PairingParticipant)
            .where(*_one(team_id=team_id, user_id=user_id), PairingParticipant.active.is_(True))
            .values(paused_until=None, auto_paused_at=None, missed_rounds=0, updated_at=now)
        )
    )
    return bool(changed)


def _one(*, team_id: str, user_id: str) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return PairingParticipant.team_id == team_id, PairingParticipant.user_id == user_id


# ------------------------------------------------------------------------------ who takes part in a round


@dataclass(frozen=True)
class Person:
    """A participant as a group's introduction shows them."""

    user_id: str
    topic: str
    interests: tuple[str, ...]


def eligible(session: Session, team_id: str, at: datetime, round_id: int | None = None) -> list[Candidate]:
    """Who takes part at `at`: joined, not paused, still a member, and not skipping this round."""
    return [Candidate(p.user_id, frozenset(p.interests)) for p in taking_part(session, team_id, at, round_id)]


def taking_part(session: Session, team_id: str, at: datetime, round_id: int | None) -> list[Person]:
    """Who takes part at `at`, with their line and interests (see `eligible`)."""
    query = (
        select(PairingParticipant.user_id, PairingParticipant.topic, PairingParticipant.interests)
        .join(
            Member,
            and_(Member.team_id == PairingParticipant.team_id, Member.user_id == PairingParticipant.user_id),
        )
        .where(
            PairingParticipant.team_id == team_id,
            PairingParticipant.active.is_(True),
            PairingParticipant.auto_paused_at.is_(None),
            or_(PairingParticipant.paused_until.is_(None), PairingParticipant.paused_until <= at),
            Member.deleted.is_(False),
            Member.is_bot.is_(False),
        )
        .order_by(PairingParticipant.user_id)
    )
    if round_id is not None:
        query = query.where(
            ~exists().where(
                PairingInvite.round_id == round_id,
                PairingInvite.user_id == PairingParticipant.user_id,
                PairingInvite.skipped_at.is_not(None),
            )
        )
    return [
        Person(user_id, topic, interest_keys(interests))
        for user_id, topic, interests in session.execute(query)
    ]


def people_of(session: Session, team_id: str, user_ids: list[str]) -> dict[str, Person]:
    """Each one's line and interests; blank for someone whose participation is gone."""
    found: dict[str, Person] = {}
    for start in range(0, len(user_ids), roster.IN_BATCH):
        rows = session.execute(
            select(PairingParticipant.user_id, PairingParticipant.topic, PairingParticipant.interests).where(
                PairingParticipant.team_id == team_id,
                PairingParticipant.user_id.in_(user_ids[start : start + roster.IN_BATCH]),
            )
        )
        found.update({u: Person(u, topic, interest_keys(interests)) for u, topic, interests in rows})
    return {u: found.get(u, Person(u, "", ())) for u in user_ids}


def update_participants(session: Session, team_id: str, user_ids: set[str], **values: object) -> None:
    ordered = sorted(user_ids)
    for start in range(0, len(ordered), roster.IN_BATCH):
        session.execute(
            update(PairingParticipant)
            .where(
                PairingParticipant.team_id == team_id,
                PairingParticipant.user_id.in_(ordered[start : start + roster.IN_BATCH]),
            )
            .values(**values)
        )
