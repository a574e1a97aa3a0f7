"""Facilitators' weekly check-in: asked once a week, reminded once, answered (and corrected) in a form.

What they report lands in the week's `checkins` figures: the sums of what was reported, and how many
facilitators answered. Who did not answer is never shown anywhere.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent, rows_changed
from bot.core.weeks import Week
from bot.core.workspace_settings import WEEKDAYS, WorkspaceSettings, ensure_workspace, schedule_parts
from models import Checkin
from models.facilitation import NEWS_MAX

NUMBER_MAX = 10_000
REMIND_AFTER = timedelta(days=1)
# A check-in asked this long ago is not reminded any more: its week is over and posted.
REMIND_WITHIN = timedelta(days=6)
NUMBER_FIELDS = ("attendance", "new_partners")


class CheckinProblem(enum.Enum):
    MISSING = "missing"
    NOT_WHOLE = "not_whole"
    OUT_OF_RANGE = "out_of_range"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class CheckinAnswer:
    attendance: int
    new_partners: int
    news: str = ""


def parse_answer(raw: dict[str, str]) -> tuple[CheckinAnswer | None, dict[str, CheckinProblem]]:
    """Whole numbers from 0 to 10,000 and optional news; a forged payload is checked like a typed one."""
    problems: dict[str, CheckinProblem] = {}
    numbers: dict[str, int] = {}
    for name in NUMBER_FIELDS:
        value = (raw.get(name) or "").strip()
        if not value:
            problems[name] = CheckinProblem.MISSING
        elif not (value.isascii() and value.isdigit()):
            problems[name] = CheckinProblem.NOT_WHOLE
        elif len(value) > 6 or int(value) > NUMBER_MAX:
            problems[name] = CheckinProblem.OUT_OF_RANGE
        else:
            numbers[name] = int(value)
    news = (raw.get("news") or "").strip()
    if len(news) > NEWS_MAX:
        problems["news"] = CheckinProblem.TOO_LONG
    if problems:
        return None, problems
    return CheckinAnswer(numbers["attendance"], numbers["new_partners"], news), {}


def moment(settings: WorkspaceSettings, week: Week) -> datetime:
    """When the week's check-in is asked: `checkin_schedule` within that week, in the workspace zone."""
    day, hour, minute = schedule_parts(settings.checkin_schedule)
    # Wall-clock time of that day, so a daylight-saving change earlier in the week does not shift it.
    return datetime.combine(
        week.monday + timedelta(days=WEEKDAYS.index(day)), time(hour, minute), tzinfo=settings.zone
    )


def week_to_ask(settings: WorkspaceSettings, now: datetime) -> Week | None:
    """The week whose check-in is due by `now`, if its moment has come."""
    week = Week.current(settings.zone, now)
    return week if now >= moment(settings, week) else None


def claim_ask(session: Session, *, team_id: str, week: str, facilitator_id: str, now: datetime) -> bool:
    ensure_workspace(session, team_id)
    return insert_if_absent(
        session, Checkin, team_id=team_id, week=week, facilitator_id=facilitator_id, asked_at=now, news=""
    )


def confirm_ask(session: Session, *, team_id: str, week: str, facilitator_id: str, now: datetime) -> None:
    session.execute(_row(team_id, week, facilitator_id, update(Checkin)).values(ask_sent_at=now))


def release_ask(session: Session, *, team_id: str, week: str, facilitator_id: str) -> None:
    """The ask was refused by Slack: forget it, so the next run asks again. An answer is never lost."""
    session.execute(_row(team_id, week, facilitator_id, delete(Checkin)).where(Checkin.answered_at.is_(None)))


def asked(session: Session, team_id: str, week: str) -> set[str]:
    return set(
        session.scalars(
            select(Checkin.facilitator_id).where(Checkin.team_id == team_id, Checkin.week == week)
        )
    )


def due_reminders(session: Session, team_id: str, now: datetime) -> list[tuple[str, str]]:
    """(week, facilitator) asked a day ago or more, not answered, not reminded yet."""
    rows = session.execute(
        select(Checkin.week, Checkin.facilitator_id).where(
            Checkin.team_id == team_id,
            Checkin.answered_at.is_(None),
            Checkin.reminded_at.is_(None),
            Checkin.ask_sent_at.is_not(None),
            Checkin.ask_sent_at <= now - REMIND_AFTER,
            Checkin.ask_sent_at > now - REMIND_WITHIN,
        )
    ).all()
    return [(week, user_id) for week, user_id in rows]


def claim_reminder(session: Session, *, team_id: str, week: str, facilitator_id: str, now: datetime) -> bool:
    statement = (
        _row(team_id, week, facilitator_id, update(Checkin))
        .where(Checkin.answered_at.is_(None), Checkin.reminded_at.is_(None))
        .values(reminded_at=now)
    )
    return bool(rows_changed(session.execute(statement)))


def release_reminder(session: Session, *, team_id: str, week: str, facilitator_id: str) -> None:
    session.execute(_row(team_id, week, facilitator_id, update(Checkin)).values(reminded_at=None))


def save_answer(
    session: Session, team_id: str, week: str, facilitator_id: str, answer: CheckinAnswer, now: datetime
) -> None:
    """Keep an answer; a second one for the same week replaces the first."""
    ensure_workspace(session, team_id)
    insert_if_absent(session, Checkin, team_id=team_id, week=week, facilitator_id=facilitator_id, news="")
    session.execute(
        _row(team_id, week, facilitator_id, update(Checkin)).values(
            answered_at=now, attendance=answer.attendance, new_partners=answer.new_partners, news=answer.news
        )
    )


def answer_of(session: Session, team_id: str, week: str, facilitator_id: str) -> CheckinAnswer | None:
    row = session.get(Checkin, (team_id, week, facilitator_id))
    if row is None or row.answered_at is None:
        return None
    return CheckinAnswer(row.attendance or 0, row.new_partners or 0, row.news)


def news_of(session: Session, *, team_id: str, week: str) -> list[str]:
    """News worth sharing, oldest answer first, without who wrote it."""
    return [
        news
        for news in session.scalars(
            select(Checkin.news)
            .where(Checkin.team_id == team_id, Checkin.week == week, Checkin.answered_at.is_not(None))
            .order_by(Checkin.answered_at)
        )
        if news
    ]


def _row(team_id: str, week: str, facilitator_id: str, statement):  # type: ignore[no-untyped-def]
    return statement.where(
        Checkin.team_id == team_id, Checkin.week == week, Checkin.facilitator_id == facilitator_id
    )
