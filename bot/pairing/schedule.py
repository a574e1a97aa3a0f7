"""When pairing rounds happen: 10:00 on a weekday in the workspace zone, `pairing_every_days` after
the one before. A scheduled round's row is made a day before its moment, so the heads-up and "Skip
this round" have something to point at. No Slack here."""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent
from bot.core.workspace_settings import WorkspaceSettings, ensure_workspace
from bot.pairing.participation import eligible
from models import PairingInvite, PairingRound

HEADS_UP = timedelta(days=1)
ROUND_HOUR = 10


def round_moment(day: date, zone: ZoneInfo) -> datetime:
    """10:00 on `day`, or on the Monday after when it falls on a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(ROUND_HOUR), tzinfo=zone)


def pending_round(session: Session, team_id: str, now: datetime | None = None) -> PairingRound | None:
    """The announced round not made yet, if any (at most one: a partial unique index says so).

    With `now`, a round more than a day overdue (rounds were turned off after its heads-up, or the
    bot was down) is dropped with its skips rather than made with a stale heads-up."""
    pending = session.scalars(
        select(PairingRound).where(PairingRound.team_id == team_id, PairingRound.made_at.is_(None)).limit(1)
    ).first()
    if pending is not None and now is not None and pending.moment < now - HEADS_UP:
        session.execute(
            delete(PairingRound).where(PairingRound.id == pending.id, PairingRound.made_at.is_(None))
        )
        return None
    return pending


def next_moment(
    session: Session, team_id: str, settings: WorkspaceSettings, now: datetime
) -> datetime | None:
    """When the next scheduled round is made; None when rounds are off."""
    if settings.pairing_every_days == 0:
        return None
    pending = pending_round(session, team_id)
    if pending is not None:
        return pending.moment
    zone = settings.zone
    # Never sooner than tomorrow, so the heads-up always comes first.
    earliest = round_moment(now.astimezone(zone).date() + timedelta(days=1), zone)
    last = session.scalar(
        select(func.max(PairingRound.made_at)).where(
            PairingRound.team_id == team_id, PairingRound.made_at.is_not(None)
        )
    )
    if last is None:
        return earliest
    planned = round_moment(last.astimezone(zone).date() + timedelta(days=settings.pairing_every_days), zone)
    return max(planned, earliest)


def announce(
    session: Session, team_id: str, settings: WorkspaceSettings, now: datetime
) -> PairingRound | None:
    """The scheduled round whose heads-up is due by now (made a day before its moment), if any."""
    pending = pending_round(session, team_id, now)
    if pending is not None:
        return pending
    moment = next_moment(session, team_id, settings, now)
    if moment is None or now < moment - HEADS_UP or len(eligible(session, team_id, moment)) < 2:
        return None
    insert_if_absent(session, PairingRound, team_id=team_id, moment=moment, created_at=now)
    return pending_round(session, team_id)


def round_now(session: Session, team_id: str, now: datetime) -> PairingRound | None:
    """For `pair`: the announced round if there is one (its skips stand), else a new round now;
    None when fewer than two take part, so no empty round counts as one in the schedule."""
    ensure_workspace(session, team_id)
    pending = pending_round(session, team_id, now)
    if pending is not None:
        return pending
    if len(eligible(session, team_id, now)) < 2:
        return None
    insert_if_absent(session, PairingRound, team_id=team_id, moment=now, created_at=now)
    return pending_round(session, team_id)


def heads_up_due(session: Session, team_id: str, round_: PairingRound) -> list[str]:
    """Who takes part in the round and has not had its heads-up."""
    invited = set(
        session.scalars(
            select(PairingInvite.user_id).where(
                PairingInvite.team_id == team_id, PairingInvite.round_id == round_.id
            )
        )
    )
    return [
        c.user_id for c in eligible(session, team_id, round_.moment, round_.id) if c.user_id not in invited
    ]


def claim_heads_up(session: Session, *, team_id: str, round_id: int, user_id: str, now: datetime) -> bool:
    return insert_if_absent(
        session, PairingInvite, round_id=round_id, user_id=user_id, team_id=team_id, sent_at=now
    )


def release_heads_up(session: Session, *, team_id: str, round_id: int, user_id: str) -> None:
    session.execute(
        delete(PairingInvite).where(
            PairingInvite.team_id == team_id,
            PairingInvite.round_id == round_id,
            PairingInvite.user_id == user_id,
            PairingInvite.skipped_at.is_(None),
        )
    )


class SkipOutcome(enum.Enum):
    SKIPPED = "skipped"
    TOO_LATE = "too_late"
    UNKNOWN = "unknown"


def skip(session: Session, team_id: str, round_id: int, user_id: str, now: datetime) -> SkipOutcome:
    # Locked, so a skip waits for a round being made at this moment and then sees it made.
    round_ = session.get(PairingRound, round_id, with_for_update=True)
    if round_ is None or round_.team_id != team_id:
        return SkipOutcome.UNKNOWN
    if round_.made_at is not None:
        return SkipOutcome.TOO_LATE
    insert_if_absent(session, PairingInvite, round_id=round_id, user_id=user_id, team_id=team_id)
    session.execute(
        update(PairingInvite)
        .where(
            PairingInvite.team_id == team_id,
            PairingInvite.round_id == round_id,
            PairingInvite.user_id == user_id,
        )
        .values(skipped_at=now)
    )
    return SkipOutcome.SKIPPED
