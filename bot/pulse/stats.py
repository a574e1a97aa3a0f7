"""The community's figures: one week (`stats show`) and any period (`report`, the "in numbers" card).

Definitions are the interface's. A week is ISO, Monday 00:00 to Sunday 24:00 in the workspace's zone,
so a week across a clock change is 167 or 169 hours long. Activity is kept per local day
(`bot.pulse.activity`), so it falls into weeks exactly; ideas and members carry UTC times and are compared
with the week's bounds.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, case, distinct, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from bot.core import workspace_settings
from bot.core.weeks import Week, week_start
from bot.gatherings import plans
from bot.ideas import statuses
from bot.pulse.activity import SLACKBOT
from models import (
    Checkin,
    DailyActivity,
    Gathering,
    Idea,
    Learning,
    Member,
    PairingGroup,
    Partner,
    StatusChange,
    Workspace,
    utcnow,
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
    activity = _activity_by_week(session, team_id, week.monday, week.monday).get(week.monday, _NO_ACTIVITY)
    ideas = _idea_figures(session, team_id, end)
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
            select(func.count()).where(_humans(team_id), Member.joined_at >= start, Member.joined_at < end),
        ),
        "active_commenters": activity.active_commenters,
        "visitors": activity.visitors,
        "messages": activity.messages,
        "reactions": activity.reactions,
        "perspectives": activity.perspectives,
        "ideas_new": new_ideas,
        **ideas,
        **pairing_figures(session, team_id, start, end),
        **plans.figures(session, team_id, start, end),
        "checkins": checkin_figures(session, team_id, week.label),
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


def pairing_figures(session: Session, team_id: str, start: datetime | None, end: datetime) -> dict[str, int]:
    """Groups made (a trio counts as one), groups that said they met, and learnings shared, between
    `start` (None: ever) and `end`. A group counts as met in the week of its first "Yes"."""

    def between(column: Any) -> Any:
        return and_(column < end, column >= start) if start is not None else column < end

    return {
        "pairs_made": count_of(
            session,
            select(func.count()).where(PairingGroup.team_id == team_id, between(PairingGroup.created_at)),
        ),
        "pairs_met": count_of(
            session, select(func.count()).where(PairingGroup.team_id == team_id, between(PairingGroup.met_at))
        ),
        "learnings_shared": count_of(
            session, select(func.count()).where(Learning.team_id == team_id, between(Learning.created_at))
        ),
    }


def checkin_figures(session: Session, team_id: str, week: str) -> dict[str, int]:
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
    activity = _activity_by_week(session, team_id, span[0].monday, last.monday)
    points = []
    for week in span:
        counts = activity.get(week.monday, _NO_ACTIVITY)
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
    weeks = _activity_by_week(
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
        **plans.figures(session, team_id, start, end),
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
    totals gained in it, by name (`_idea_figures` at `end` less the same at `start`)."""

    def gained(statuses: tuple[str, ...]) -> Any:
        became = _reached(team_id, statuses, end)
        return and_(became, not_(_reached(team_id, statuses, start))) if start is not None else became

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
                _reached(team_id, statuses.PROJECTS, moment),
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


def members_at(session: Session, team_id: str, moment: datetime) -> int:
    """Human, not deleted accounts at `moment` (those already there when first counted count always)."""
    return count_of(
        session,
        select(func.count()).where(
            _humans(team_id),
            or_(Member.joined_at.is_(None), Member.joined_at < moment),
            or_(Member.deleted.is_(False), and_(Member.deleted_at.is_not(None), Member.deleted_at >= moment)),
        ),
    )


def _humans(team_id: str) -> Any:
    return and_(Member.team_id == team_id, Member.is_bot.is_(False), Member.user_id != SLACKBOT)


@dataclass(frozen=True)
class _WeekActivity:
    visitors: int = 0
    active_commenters: int = 0
    messages: int = 0
    reactions: int = 0
    perspectives: int = 0


_NO_ACTIVITY = _WeekActivity()


def _activity_by_week(
    session: Session, team_id: str, first: date | None, last: date | None, sums: bool = True
) -> dict[date, _WeekActivity]:
    """Per week (by its Monday): distinct visitors and commenters and, with `sums`, the totals; bots
    left out. Without sums the query reads only the covering index, which is what the report needs."""
    columns: list[Any] = [
        DailyActivity.week,
        func.count(distinct(DailyActivity.user_id)),
        func.count(
            distinct(case((DailyActivity.messages + DailyActivity.perspectives > 0, DailyActivity.user_id)))
        ),
    ]
    if sums:
        columns += [
            func.coalesce(func.sum(DailyActivity.messages), 0),
            func.coalesce(func.sum(DailyActivity.reactions), 0),
            func.coalesce(func.sum(DailyActivity.perspectives), 0),
        ]
    query: Select[Any] = (
        select(*columns)
        .where(
            DailyActivity.team_id == team_id,
            not_(
                DailyActivity.user_id.in_(
                    select(Member.user_id).where(Member.team_id == team_id, Member.is_bot.is_(True))
                )
            ),
        )
        .group_by(DailyActivity.week)
    )
    if first is not None:
        query = query.where(DailyActivity.week >= first)
    if last is not None:
        query = query.where(DailyActivity.week <= last)
    return {
        monday: _WeekActivity(*(int(value) for value in counts)) for monday, *counts in session.execute(query)
    }


def _reached(team_id: str, statuses: tuple[str, ...], moment: datetime) -> Any:
    """The idea had reached one of `statuses` before `moment` (a condition on `Idea`)."""
    return or_(
        exists().where(
            StatusChange.team_id == team_id,
            StatusChange.idea_id == Idea.id,
            StatusChange.to_status.in_(statuses),
            StatusChange.created_at < moment,
        ),
        and_(Idea.status.in_(statuses), Idea.updated_at < moment),
    )


def _idea_figures(session: Session, team_id: str, moment: datetime) -> dict[str, int]:
    """Ideas, projects, funded projects and partners as they stood at `moment`.

    A project is an idea that has reached `developing` or `funded`; one that went on to `done` (or
    was parked) was still a project, so the community's count never shrinks.
    """
    exists_before = and_(Idea.team_id == team_id, Idea.created_at < moment)

    def reached(statuses: tuple[str, ...]) -> Any:
        return _reached(team_id, statuses, moment)

    projects = count_of(session, select(func.count()).where(exists_before, reached(statuses.PROJECTS)))
    funded = count_of(session, select(func.count()).where(exists_before, reached((statuses.FUNDED,))))
    partners = count_of(
        session,
        select(func.count(distinct(func.lower(Partner.name))))
        .join(Idea, Idea.id == Partner.idea_id)
        .where(Partner.team_id == team_id, exists_before, reached(statuses.PROJECTS)),
    )
    return {
        "ideas_total": count_of(session, select(func.count()).where(exists_before)),
        "projects": projects,
        "funded": funded,
        "partners": partners,
    }


def count_of(session: Session, query: Select[int]) -> int:
    """A `SELECT count(…)`'s one number (SQL always gives one; SQLAlchemy types it as maybe None)."""
    return session.scalar(query) or 0
