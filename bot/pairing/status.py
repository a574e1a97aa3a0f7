"""A member's pairing as they see it: taking part or not, the next round, their latest partners
and how many rounds they met in. No Slack here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.workspace_settings import WorkspaceSettings
from bot.pairing.participation import ParticipantData, participant
from bot.pairing.schedule import next_moment
from models import PairingGroup, PairingMember


@dataclass(frozen=True)
class Status:
    me: ParticipantData | None
    next_round: datetime | None
    # Who they were paired with in the latest round they were in, and when it was made.
    latest_partners: list[str]
    latest_at: datetime | None
    rounds: int
    met: int


def status(
    session: Session, team_id: str, user_id: str, settings: WorkspaceSettings, now: datetime
) -> Status:
    me = participant(session, team_id, user_id)
    mine = select(PairingMember.group_id).where(
        PairingMember.team_id == team_id, PairingMember.user_id == user_id
    )
    rounds = session.scalar(select(func.count()).select_from(mine.subquery())) or 0
    met = (
        session.scalar(
            select(func.count()).where(PairingGroup.id.in_(mine), PairingGroup.met_at.is_not(None))
        )
        or 0
    )
    latest = session.execute(
        select(PairingGroup.id, PairingGroup.created_at)
        .where(PairingGroup.id.in_(mine))
        .order_by(PairingGroup.created_at.desc(), PairingGroup.id.desc())
        .limit(1)
    ).first()
    partners: list[str] = []
    if latest is not None:
        partners = list(
            session.scalars(
                select(PairingMember.user_id)
                .where(
                    PairingMember.team_id == team_id,
                    PairingMember.group_id == latest[0],
                    PairingMember.user_id != user_id,
                )
                .order_by(PairingMember.user_id)
            )
        )
    upcoming = next_moment(session, team_id, settings, now) if me is not None and me.active else None
    return Status(me, upcoming, partners, latest[1] if latest else None, int(rounds), int(met))
