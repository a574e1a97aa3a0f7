"""A newcomer's welcome: who gets one, and once ever. No Slack here; `bot.members.welcome_run` sends it.

Who: a person who joins this workspace, as `bot.members.membership` decides who is a member: not a bot or
Slackbot, not a guest from another organisation who reached us through Slack Connect; and not a
deleted account.

Once: `members.welcomed_at` is claimed by one conditional UPDATE, so Slack's retries, a second
process and a restart all find it taken. It is never cleared when someone leaves, so a member who
leaves and comes back is not welcomed twice (erasing one's data forgets it, as it forgets the rest).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.core.db import rows_changed
from bot.members.membership import is_member_profile
from models import Member, utcnow


def is_newcomer_to_welcome(user: dict[str, Any], team_id: str) -> bool:
    """A human of this workspace, by the one rule of who is a member (`bot.members.membership`), whose
    account is not deleted."""
    return is_member_profile(user, team_id) and not user.get("deleted")


def claim(session: Session, *, team_id: str, user_id: str, now: datetime | None = None) -> bool:
    """Take the member's one welcome; False when it was taken before (or they are unknown)."""
    taken = session.execute(
        update(Member)
        .where(Member.team_id == team_id, Member.user_id == user_id, Member.welcomed_at.is_(None))
        .values(welcomed_at=now or utcnow())
    )
    return rows_changed(taken) == 1


def release(session: Session, *, team_id: str, user_id: str) -> None:
    """Slack surely did not take the DM: the welcome may be tried again."""
    session.execute(
        update(Member).where(Member.team_id == team_id, Member.user_id == user_id).values(welcomed_at=None)
    )
