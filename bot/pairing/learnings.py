"""Learnings: what a member of a group chose to share after meeting, kept, posted to the learnings
channel and found by `/idea search` as ideas are. No Slack here."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent
from bot.core.text import clean_block
from bot.pairing.followup import MET, answer, in_group
from bot.pairing.participation import FormProblem
from models import Learning
from models.pairing import LEARNING_MAX


def parse_learning(raw: str | None) -> tuple[str | None, FormProblem | None]:
    value = clean_block(raw)
    if not value:
        return None, FormProblem.MISSING
    if len(value) > LEARNING_MAX:
        return None, FormProblem.TOO_LONG
    return value, None


class LearningOutcome(enum.Enum):
    KEPT = "kept"
    ALREADY = "already"
    NOT_IN_GROUP = "not_in_group"


def keep_learning(
    session: Session, team_id: str, group_id: int, user_id: str, learning: str, now: datetime
) -> tuple[LearningOutcome, int | None]:
    """Keep a learning its author chose to share (writing one says the group met)."""
    if not in_group(session, team_id=team_id, group_id=group_id, user_id=user_id):
        return LearningOutcome.NOT_IN_GROUP, None
    if not insert_if_absent(
        session,
        Learning,
        team_id=team_id,
        group_id=group_id,
        author_id=user_id,
        text=learning,
        created_at=now,
    ):
        return LearningOutcome.ALREADY, None
    answer(session, team_id, group_id, user_id, MET, now)
    learning_id = session.scalar(
        select(Learning.id).where(Learning.group_id == group_id, Learning.author_id == user_id)
    )
    return LearningOutcome.KEPT, learning_id


def record_learning_post(
    session: Session, team_id: str, learning_id: int, channel_id: str, message_ts: str
) -> None:
    session.execute(
        update(Learning)
        .where(Learning.team_id == team_id, Learning.id == learning_id)
        .values(channel_id=channel_id, message_ts=message_ts)
    )
