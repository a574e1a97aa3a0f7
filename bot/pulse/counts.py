"""The counts the weekly figures (`bot.pulse.stats`) and the period report (`bot.pulse.period_report`)
are both built from: members at a moment, activity per week, ideas and projects as they stood, and
pairing. Activity is kept per local day (`bot.pulse.activity`), so it falls into weeks exactly; ideas,
members, supports and learnings carry UTC times and are compared with the bounds given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, case, distinct, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from bot.ideas import statuses
from bot.pulse.activity import SLACKBOT
from models import (
    DailyActivity,
    Idea,
    Learning,
    Member,
    PairingGroup,
    Partner,
    StatusChange,
    Support,
)


def pairing_figures(session: Session, team_id: str, start: datetime | None, end: datetime) -> dict[str, int]:
    """Groups made (a trio counts as one), groups that said they met, and learnings shared, between
    `start` (None: ever) and `end`. A group counts as met in the week of its first "Yes". Learnings
    are a pairing conversation's and an experiment's alike: one row each (an experiment has at most
    one), counted in the week it was shared."""

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


def knowledge_figures(
    session: Session, team_id: str, start: datetime | None, end: datetime
) -> dict[str, int]:
    """Supports given and ideas pitched as answers to a challenge, between `start` (None: ever) and
    `end`. A support counts in the week it was given; one taken back is gone (its row is deleted), so
    a past week counts the supports given then that still stand. An answer counts in the week it was
    pitched, even when its challenge is deleted later, so a week's figure does not change afterwards.
    """

    def between(column: Any) -> Any:
        return and_(column < end, column >= start) if start is not None else column < end

    return {
        "supports": count_of(
            session, select(func.count()).where(Support.team_id == team_id, between(Support.created_at))
        ),
        "challenge_answers": count_of(
            session,
            select(func.count()).where(
                Idea.team_id == team_id, Idea.challenge_id.is_not(None), between(Idea.created_at)
            ),
        ),
    }


def members_at(session: Session, team_id: str, moment: datetime) -> int:
    """Human, not deleted accounts at `moment` (those already there when first counted count always)."""
    return count_of(
        session,
        select(func.count()).where(
            humans(team_id),
            or_(Member.joined_at.is_(None), Member.joined_at < moment),
            or_(Member.deleted.is_(False), and_(Member.deleted_at.is_not(None), Member.deleted_at >= moment)),
        ),
    )


def humans(team_id: str) -> Any:
    return and_(Member.team_id == team_id, Member.is_bot.is_(False), Member.user_id != SLACKBOT)


@dataclass(frozen=True)
class WeekActivity:
    visitors: int = 0
    active_commenters: int = 0
    messages: int = 0
    reactions: int = 0
    perspectives: int = 0


NO_ACTIVITY = WeekActivity()


def activity_by_week(
    session: Session, team_id: str, first: date | None, last: date | None, sums: bool = True
) -> dict[date, WeekActivity]:
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
        monday: WeekActivity(*(int(value) for value in counts)) for monday, *counts in session.execute(query)
    }


def has_reached(team_id: str, statuses: tuple[str, ...], moment: datetime) -> Any:
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


def idea_figures(session: Session, team_id: str, moment: datetime) -> dict[str, int]:
    """Ideas, projects, funded projects and partners as they stood at `moment`.

    A project is an idea that has reached `developing` or `funded`; one that went on to `done` (or
    was parked) was still a project, so the community's count never shrinks.
    """
    exists_before = and_(Idea.team_id == team_id, Idea.created_at < moment)

    def reached(statuses: tuple[str, ...]) -> Any:
        return has_reached(team_id, statuses, moment)

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
