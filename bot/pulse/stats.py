"""The community's figures for one week (`stats show`, the weekly post and its chart).

Definitions are the interface's. A week is ISO, Monday 00:00 to Sunday 24:00 in the workspace's zone,
so a week across a clock change is 167 or 169 hours long. The counts are built in `bot.pulse.counts`;
the period report (`report`, the "in numbers" card) is in `bot.pulse.period_report`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.weeks import Week
from bot.gatherings import records as gatherings
from bot.pulse.counts import (
    NO_ACTIVITY,
    activity_by_week,
    count_of,
    humans,
    idea_figures,
    knowledge_figures,
    members_at,
    pairing_figures,
)
from models import (
    Checkin,
    Idea,
    Member,
)

CHART_WEEKS = 12
NEW_IDEAS_LISTED = 10


@dataclass(frozen=True)
class NewIdea:
    number: int
    title: str
    channel_id: str | None
    message_ts: str | None


def weekly(session: Session, team_id: str, week: Week) -> dict[str, Any]:
    """`stats show --json`: one week's figures, the interface's keys."""
    start, end = week.utc_bounds()
    activity = activity_by_week(session, team_id, week.monday, week.monday).get(week.monday, NO_ACTIVITY)
    ideas = idea_figures(session, team_id, end)
    new_ideas = count_of(
        session,
        select(func.count()).where(Idea.team_id == team_id, Idea.created_at >= start, Idea.created_at < end),
    )
    return {
        "team_id": team_id,
        "week": week.label,
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "members": members_at(session, team_id, end),
        "new_members": count_of(
            session,
            select(func.count()).where(humans(team_id), Member.joined_at >= start, Member.joined_at < end),
        ),
        "active_commenters": activity.active_commenters,
        "visitors": activity.visitors,
        "messages": activity.messages,
        "reactions": activity.reactions,
        "perspectives": activity.perspectives,
        "ideas_new": new_ideas,
        **ideas,
        **pairing_figures(session, team_id, start, end),
        **knowledge_figures(session, team_id, start, end),
        **gatherings.figures(session, team_id, start, end),
        "checkins": checkin_figures(session, team_id=team_id, week=week.label),
    }


def new_ideas_of(session: Session, team_id: str, week: Week, limit: int = NEW_IDEAS_LISTED) -> list[NewIdea]:
    start, end = week.utc_bounds()
    rows = session.execute(
        select(Idea.number, Idea.title, Idea.channel_id, Idea.message_ts)
        .where(Idea.team_id == team_id, Idea.created_at >= start, Idea.created_at < end)
        .order_by(Idea.number)
        .limit(limit)
    )
    return [NewIdea(*row) for row in rows]


def checkin_figures(session: Session, *, team_id: str, week: str) -> dict[str, int]:
    """The week's `checkins` object: empty until somebody answers."""
    answered, attendance, partners = session.execute(
        select(func.count(), func.sum(Checkin.attendance), func.sum(Checkin.new_partners)).where(
            Checkin.team_id == team_id, Checkin.week == week, Checkin.answered_at.is_not(None)
        )
    ).one()
    if not answered:
        return {}
    return {
        "facilitators_answered": int(answered),
        "meeting_attendance": int(attendance or 0),
        "new_partners": int(partners or 0),
    }


@dataclass(frozen=True)
class WeekPoint:
    """One week of the chart."""

    week: Week
    members: int
    active_commenters: int
    visitors: int
    perspectives: int


def chart_series(session: Session, team_id: str, last: Week, weeks: int = CHART_WEEKS) -> list[WeekPoint]:
    """The last `weeks` weeks up to and including `last`, oldest first, for the chart."""
    zone = last.start.tzinfo
    if not isinstance(zone, ZoneInfo):
        raise ValueError(f"week {last.label} starts with no zone of its own")
    span = [
        Week.containing(last.monday - timedelta(days=7 * back), zone) for back in range(weeks - 1, -1, -1)
    ]
    activity = activity_by_week(session, team_id, span[0].monday, last.monday)
    points = []
    for week in span:
        counts = activity.get(week.monday, NO_ACTIVITY)
        points.append(
            WeekPoint(
                week=week,
                members=members_at(session, team_id, week.end.astimezone(UTC)),
                active_commenters=counts.active_commenters,
                visitors=counts.visitors,
                perspectives=counts.perspectives,
            )
        )
    return points
