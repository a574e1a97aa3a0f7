"""Each group's two messages: the introduction once the round is made, and "Did you meet?" some
days later. Which are due, and the claim taken before each is sent (released when Slack surely did
not take it, kept when it may have). No Slack here: `bot.pairing.run` sends them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.core.db import rows_changed
from bot.core.workspace_settings import WorkspaceSettings
from bot.pairing.grouping import GroupData
from bot.pairing.participation import people_of
from models import PairingGroup, PairingMember

# A group's two messages: its introduction, and "Did you meet?" some days later.
Step = Literal["intro", "followup"]
INTRO: Step = "intro"
FOLLOWUP: Step = "followup"


def groups_of(session: Session, team_id: str, group_ids: Iterable[int]) -> list[GroupData]:
    ids = list(group_ids)
    if not ids:
        return []
    rows = session.scalars(
        select(PairingGroup).where(PairingGroup.team_id == team_id, PairingGroup.id.in_(ids))
    )
    groups = {g.id: GroupData(g.id, g.round_id, [], g.language, g.channel_id) for g in rows}
    member_rows = session.execute(
        select(PairingMember.group_id, PairingMember.user_id)
        .where(PairingMember.team_id == team_id, PairingMember.group_id.in_(list(groups)))
        .order_by(PairingMember.group_id, PairingMember.user_id)
    ).all()
    profiles = people_of(session, team_id, [u for _g, u in member_rows])
    for group_id, user_id in member_rows:
        groups[group_id].people.append(profiles[user_id])
    return [groups[i] for i in ids if i in groups]


def intros_due(session: Session, team_id: str) -> list[int]:
    """Groups made but not introduced yet (and not refused for good)."""
    return list(
        session.scalars(
            select(PairingGroup.id)
            .where(
                PairingGroup.team_id == team_id,
                PairingGroup.intro_claimed_at.is_(None),
                PairingGroup.intro_error.is_(None),
            )
            .order_by(PairingGroup.id)
        )
    )


def follow_up_after(every_days: int) -> timedelta:
    """A week after the introduction; sooner when rounds come more often, so it comes before the next."""
    if every_days <= 0:
        return timedelta(days=7)
    return timedelta(days=max(1, min(7, every_days - 1)))


def followups_due(session: Session, team_id: str, settings: WorkspaceSettings, now: datetime) -> list[int]:
    return list(
        session.scalars(
            select(PairingGroup.id)
            .where(
                PairingGroup.team_id == team_id,
                PairingGroup.intro_sent_at.is_not(None),
                PairingGroup.intro_sent_at <= now - follow_up_after(settings.pairing_every_days),
                PairingGroup.followup_claimed_at.is_(None),
            )
            .order_by(PairingGroup.id)
        )
    )


def _claimed_at(step: Step) -> InstrumentedAttribute[datetime | None]:
    return PairingGroup.intro_claimed_at if step == INTRO else PairingGroup.followup_claimed_at


def claim(session: Session, team_id: str, group_id: int, step: Step, now: datetime) -> bool:
    """Claim a group's introduction ("intro") or follow-up ("followup") before it is sent."""
    column = _claimed_at(step)
    return bool(
        rows_changed(
            session.execute(
                update(PairingGroup)
                .where(PairingGroup.id == group_id, PairingGroup.team_id == team_id, column.is_(None))
                .values({column: now})
            )
        )
    )


def release(session: Session, team_id: str, group_id: int, step: Step) -> None:
    """Slack surely did not take it: the next run tries again."""
    column = _claimed_at(step)
    session.execute(
        update(PairingGroup)
        .where(PairingGroup.id == group_id, PairingGroup.team_id == team_id)
        .values({column: None})
    )


def confirm_intro(
    session: Session, team_id: str, group_id: int, channel_id: str | None, now: datetime
) -> None:
    session.execute(
        update(PairingGroup)
        .where(PairingGroup.id == group_id, PairingGroup.team_id == team_id)
        .values(intro_sent_at=now, channel_id=channel_id)
    )


def refuse_intro(session: Session, team_id: str, group_id: int, error: str) -> None:
    """Slack refused for good (an account gone, say): the group is not introduced, nor asked later."""
    session.execute(
        update(PairingGroup)
        .where(PairingGroup.id == group_id, PairingGroup.team_id == team_id)
        .values(intro_error=error[:64])
    )


def confirm_followup(session: Session, team_id: str, group_id: int, now: datetime) -> None:
    session.execute(
        update(PairingGroup)
        .where(PairingGroup.id == group_id, PairingGroup.team_id == team_id)
        .values(followup_sent_at=now)
    )
