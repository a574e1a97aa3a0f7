"""The community in numbers over any period (`report`, the "in numbers" card): what happened in it,
and the weekly activity's usual range. The counts are built in `bot.pulse.counts`.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, not_, select
from sqlalchemy.orm import Session

from bot.core import workspace_settings
from bot.core.weeks import week_start
from bot.gatherings import records as gatherings
from bot.ideas import statuses
from bot.pulse.counts import (
    activity_by_week,
    count_of,
    has_reached,
    knowledge_figures,
    members_at,
    pairing_figures,
)
from models import (
    DailyActivity,
    Gathering,
    Idea,
    Partner,
    Workspace,
    utcnow,
)


def report(
    session: Session,
    team_id: str,
    zone: ZoneInfo,
    now: datetime | None = None,
    *,
    first: date | None = None,
    last: date | None = None,
) -> dict[str, Any]:
    """`report --json`: the "in numbers" card for the days `first` to `last` (both included, in the
    workspace zone). Without `first` the period reaches back to the very beginning, so nothing ever
    recorded is left out; without `last` it ends now.

    Each count is of what happened in the period: a figure the weekly post gives as a running total
    (ideas, projects, partners, funded) counts what was added to it, so the period's figure is what
    the weekly figures of its weeks add up to. `members` is how many there were at its end.
    """
    now = now or utcnow()
    today = now.astimezone(zone).date()
    last = last or today
    start = _local_midnight(first, zone) if first is not None else None
    end = min(_local_midnight(last + timedelta(days=1), zone), now)
    chosen = workspace_settings.load(session, team_id)
    since = chosen.since or first_day(session, team_id, zone)
    weeks = activity_by_week(
        session, team_id, week_start(first) if first else None, week_start(last), sums=False
    )
    # The week under way is not over: counting it would pull the range down. It counts only when it
    # is all there is.
    this_monday = week_start(today)
    finished = [counts for monday, counts in weeks.items() if monday < this_monday] or list(weeks.values())
    pairing = pairing_figures(session, team_id, start, end)
    made = period_ideas(session, team_id, start, end)
    opening = max(first, since) if first and since else since
    return {
        "team_id": team_id,
        "community_name": community_name(session, team_id, chosen),
        "from": (first or since or last).isoformat(),
        "to": last.isoformat(),
        "since": since.isoformat() if since else None,
        "months_active": months_between(opening, min(last, today)) if opening else 0,
        "members": members_at(session, team_id, end),
        "weekly_active_commenters": quartile_range([c.active_commenters for c in finished]),
        "weekly_visitors": quartile_range([c.visitors for c in finished]),
        "ideas_total": made.ideas,
        "projects": len(made.projects),
        "partners": len(made.partners),
        "funded": len(made.funded),
        "project_names": made.projects,
        "partner_names": made.partners,
        "funded_names": made.funded,
        "pairs_met": pairing["pairs_met"],
        "learnings_shared": pairing["learnings_shared"],
        **knowledge_figures(session, team_id, start, end),
        **gatherings.figures(session, team_id, start, end),
    }


def first_day(session: Session, team_id: str, zone: ZoneInfo) -> date | None:
    """The first day with recorded activity, else the day of the first idea or gathering planned;
    None before any."""
    since = session.scalar(select(func.min(DailyActivity.day)).where(DailyActivity.team_id == team_id))
    if since is None:
        firsts = [
            session.scalar(select(func.min(Idea.created_at)).where(Idea.team_id == team_id)),
            session.scalar(select(func.min(Gathering.created_at)).where(Gathering.team_id == team_id)),
        ]
        known = [moment for moment in firsts if moment is not None]
        since = min(known).astimezone(zone).date() if known else None
    return since


def community_name(
    session: Session, team_id: str, chosen: workspace_settings.WorkspaceSettings
) -> str | None:
    """The `community_name` setting, else the workspace's name as Slack gave it (None: not known)."""
    if chosen.community_name:
        return chosen.community_name
    workspace = session.get(Workspace, team_id)
    return workspace.name if workspace is not None else None


@dataclass(frozen=True)
class PeriodIdeas:
    """What the ideas did in a period: pitched, and became projects, funded, or gained partners."""

    ideas: int
    projects: list[str]
    funded: list[str]
    partners: list[str]


def period_ideas(session: Session, team_id: str, start: datetime | None, end: datetime) -> PeriodIdeas:
    """Ideas pitched in [start, end), and the projects, funded projects and partners that the running
    totals gained in it, by name (`idea_figures` at `end` less the same at `start`)."""

    def gained(statuses: tuple[str, ...]) -> Any:
        became = has_reached(team_id, statuses, end)
        return and_(became, not_(has_reached(team_id, statuses, start))) if start is not None else became

    def titles(statuses: tuple[str, ...]) -> list[str]:
        query = (
            select(Idea.number, Idea.title)
            .where(Idea.team_id == team_id, Idea.created_at < end, gained(statuses))
            .order_by(Idea.number)
        )
        return [f"#{number} {title}" for number, title in session.execute(query)]

    def partner_names(moment: datetime) -> dict[str, str]:
        # The same organisation under different capitals is one partner; its first spelling stands.
        rows = session.execute(
            select(Partner.name)
            .join(Idea, Idea.id == Partner.idea_id)
            .where(
                Partner.team_id == team_id,
                Idea.created_at < moment,
                has_reached(team_id, statuses.PROJECTS, moment),
            )
            .order_by(Idea.number, Partner.position)
        )
        names: dict[str, str] = {}
        for (name,) in rows:
            names.setdefault(name.lower(), name)
        return names

    before = partner_names(start) if start is not None else {}
    pitched = Idea.created_at < end
    if start is not None:
        pitched = and_(pitched, Idea.created_at >= start)
    return PeriodIdeas(
        ideas=count_of(session, select(func.count()).where(Idea.team_id == team_id, pitched)),
        projects=titles(statuses.PROJECTS),
        funded=titles((statuses.FUNDED,)),
        partners=[name for key, name in partner_names(end).items() if key not in before],
    )


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def months_between(since: date, today: date) -> int:
    """Months of life, rounded to the nearest, at least one: 7 months and 6 days are 7 months."""
    return max(1, round((today - since).days / (365.2425 / 12)))


def quartile_range(values: list[int]) -> list[int]:
    """[25th, 75th] percentile, interpolated between the values (as numpy's default), rounded."""
    if not values:
        return [0, 0]
    if len(values) == 1:
        return [values[0], values[0]]
    low, _, high = statistics.quantiles(values, n=4, method="inclusive")
    return [_round_half_up(low), _round_half_up(high)]


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)
