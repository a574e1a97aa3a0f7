"""\"Did you meet?\": what a member of a group answered. A "Yes" from anyone marks the group as met,
and any answer, even late, clears the silence counted towards a pause. No Slack here."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.core.db import rows_changed
from bot.pairing.participation import update_participants
from models import PairingGroup, PairingMember

MET, NOT_YET, WONT = "met", "not_yet", "wont"
ANSWERS = (MET, NOT_YET, WONT)


class AnswerOutcome(enum.Enum):
    SAVED = "saved"
    UNKNOWN = "unknown"
    NOT_IN_GROUP = "not_in_group"


def answer(
    session: Session, team_id: str, group_id: int, user_id: str, said: str, now: datetime
) -> AnswerOutcome:
    """Keep what a member of the group answered; a "Yes" from anyone marks the group as met."""
    if said not in ANSWERS:
        return AnswerOutcome.UNKNOWN
    group = session.get(PairingGroup, group_id)
    if group is None or group.team_id != team_id:
        return AnswerOutcome.UNKNOWN
    changed = rows_changed(
        session.execute(
            update(PairingMember)
            .where(
                PairingMember.team_id == team_id,
                PairingMember.group_id == group_id,
                PairingMember.user_id == user_id,
            )
            .values(answer=said, answered_at=now)
        )
    )
    if not changed:
        return AnswerOutcome.NOT_IN_GROUP
    # Answering, even late, shows they are there: silence so far no longer counts.
    update_participants(session, team_id, {user_id}, missed_rounds=0)
    if said == MET and group.met_at is None:
        group.met_at = now
    return AnswerOutcome.SAVED


def in_group(session: Session, *, team_id: str, group_id: int, user_id: str) -> bool:
    return (
        session.scalar(
            select(func.count()).where(
                PairingMember.team_id == team_id,
                PairingMember.group_id == group_id,
                PairingMember.user_id == user_id,
            )
        )
        == 1
    )
