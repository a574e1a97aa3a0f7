"""Claiming a period's "in numbers" card for a channel, so that one press posts it once.

Whoever inserts the claim row posts; a double click or a second facilitator finds it and stops. A
refusal from Slack releases it; a post cut short by Slack's own failure keeps it, since the card
may be in the channel already.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent
from bot.core.workspace_settings import ensure_workspace
from models import ReportPost, utcnow

WHOLE_LIFE = "all"
_KEY = re.compile(r"^(all|[0-9]{4}-[0-9]{2}-[0-9]{2})/([0-9]{4}-[0-9]{2}-[0-9]{2})$")


@dataclass(frozen=True)
class PeriodKey:
    """A period as the button carries it and the claim is keyed: `2026-01-01/2026-12-31`."""

    first: date | None
    last: date

    def __str__(self) -> str:
        return f"{self.first.isoformat() if self.first else WHOLE_LIFE}/{self.last.isoformat()}"

    @classmethod
    def parse(cls, value: str) -> PeriodKey:
        """ValueError for anything a button of ours would not carry (a forged or garbled value)."""
        match = _KEY.match(value or "")
        if not match:
            raise ValueError(value)
        first = None if match[1] == WHOLE_LIFE else date.fromisoformat(match[1])
        last = date.fromisoformat(match[2])
        if first is not None and first > last:
            raise ValueError(value)
        return cls(first, last)


def claim(session: Session, team_id: str, period: PeriodKey, channel_id: str) -> bool:
    """Take the period for the channel; False when somebody has taken it already."""
    ensure_workspace(session, team_id)
    return insert_if_absent(
        session, ReportPost, team_id=team_id, period=str(period), channel_id=channel_id, claimed_at=utcnow()
    )


def release(session: Session, team_id: str, period: PeriodKey, channel_id: str) -> None:
    session.execute(
        delete(ReportPost).where(
            ReportPost.team_id == team_id,
            ReportPost.period == str(period),
            ReportPost.channel_id == channel_id,
        )
    )


def confirm(
    session: Session, team_id: str, period: PeriodKey, channel_id: str, message_ts: str | None
) -> None:
    session.execute(
        update(ReportPost)
        .where(
            ReportPost.team_id == team_id,
            ReportPost.period == str(period),
            ReportPost.channel_id == channel_id,
        )
        .values(posted_at=utcnow(), message_ts=message_ts)
    )
