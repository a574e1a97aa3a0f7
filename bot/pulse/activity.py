"""Counting what members do where the bot can see it: per member, per day, never the text.

The counts feed the weekly figures (`bot.pulse.stats`). What counts is the interface's definition of a
visitor: a message, a reaction, opening the Home tab, a command or a button. Reading is invisible
to apps, so these are a floor, not a census.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.core.db import rows_changed
from bot.core.weeks import week_start
from bot.members.membership import PERSON_SUBTYPES, SLACKBOT, sender_from_elsewhere
from models import DailyActivity, SeenEvent, utcnow

__all__ = ["KINDS", "PERSON_SUBTYPES", "SLACKBOT", "Activity", "activity_of", "record_many"]

KINDS = ("messages", "reactions", "home_opens", "commands", "buttons", "perspectives")
BUTTON_TYPES = ("block_actions", "view_submission", "message_action", "shortcut")
# Slack retries an event for about an hour; a day of ids is plenty to recognise a retry.
KEEP_EVENT_IDS = timedelta(days=2)
# An event's own time is used (a retry keeps the original), unless it is implausible.
LATEST_EVENT_AGE = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Activity:
    user_id: str
    kind: str
    at: datetime
    # Slack's event id, for events only: a retry carries the same one.
    event_id: str | None = None


def activity_of(
    body: dict[str, Any], bot_user_id: str | None, now: datetime | None = None
) -> Activity | None:
    """What one request from Slack counts as, if anything; bots, Slackbot, the app itself and people of
    other organisations in shared channels never count."""
    now = now or utcnow()
    if sender_from_elsewhere(body):
        return None
    kind, user_id, event_id, at = _classify(body)
    if kind is None or not isinstance(user_id, str) or not user_id:
        return None
    if user_id in (SLACKBOT, bot_user_id):
        return None
    if at is None or not now - LATEST_EVENT_AGE <= at <= now + timedelta(minutes=5):
        at = now
    return Activity(
        user_id=user_id, kind=kind, at=at, event_id=event_id if isinstance(event_id, str) else None
    )


def _classify(body: dict[str, Any]) -> tuple[str | None, Any, Any, datetime | None]:
    kind_of_body = body.get("type")
    if kind_of_body == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict):
            return None, None, None, None
        event_time = body.get("event_time")
        at = datetime.fromtimestamp(event_time, tz=UTC) if isinstance(event_time, int) else None
        return _event_kind(event), event.get("user"), body.get("event_id"), at
    if kind_of_body is None and body.get("command"):
        return "commands", body.get("user_id"), None, None
    if kind_of_body in BUTTON_TYPES:
        user = body.get("user")
        return "buttons", user.get("id") if isinstance(user, dict) else None, None, None
    return None, None, None, None


def _event_kind(event: dict[str, Any]) -> str | None:
    event_type = event.get("type")
    if event_type == "message":
        if event.get("subtype") in PERSON_SUBTYPES and not event.get("bot_id"):
            return "messages"
        return None
    if event_type == "reaction_added":
        return "reactions"
    if event_type == "app_home_opened":
        return "home_opens"
    return None


def record_many(
    session: Session, items: Sequence[tuple[str, Activity]], zone_of: Callable[[str], ZoneInfo]
) -> int:
    """Count a batch of activities (team id, activity); returns how many counted.

    Events already seen (Slack's retries, even across a restart) are dropped by one cached INSERT …
    ON CONFLICT DO NOTHING RETURNING, executed for every id of the batch at once; what is left is
    summed per member and day and written with one cached upsert. A burst of events is then two
    statements, not three per event, and neither is built or compiled again (`_seen_event_insert`,
    `_upsert_adding`).
    """
    first_of_id: dict[str, str] = {}
    for team_id, item in items:
        if item.event_id is not None:
            first_of_id.setdefault(item.event_id, team_id)
    fresh: set[str] = set()
    if first_of_id:
        now = utcnow()
        dialect = _dialect_of(session)
        rows = [{"event_id": e, "team_id": t, "seen_at": now} for e, t in first_of_id.items()]
        # Executed with a list of rows, the one statement goes out as few multi-row INSERTs (the
        # driver-level "insertmanyvalues"), and RETURNING gives exactly the ids that went in: an id
        # already there (a retry, or one that another transaction put in first, which PostgreSQL
        # waits for) returns nothing.
        fresh = set(session.execute(_seen_event_insert(dialect), rows).scalars())
    totals: dict[tuple[str, date, str], Counter[str]] = {}
    # A workspace's zone once a batch, not once a count (the lookup takes the settings cache's lock).
    zones: dict[str, ZoneInfo] = {}
    counted = 0
    for team_id, item in items:
        if item.event_id is not None:
            if item.event_id not in fresh:
                continue
            fresh.discard(item.event_id)  # a second copy in the same batch is a retry too
        zone = zones.get(team_id)
        if zone is None:
            zone = zones[team_id] = zone_of(team_id)
        day = item.at.astimezone(zone).date()
        totals.setdefault((team_id, day, item.user_id), Counter())[item.kind] += 1
        counted += 1
    if totals:
        rows = [
            {"team_id": t, "day": d, "user_id": u, "week": week_start(d), **{k: c[k] for k in KINDS}}
            for (t, d, u), c in totals.items()
        ]
        session.execute(_upsert_adding(_dialect_of(session), KINDS), rows)
    return counted


def add(
    session: Session, team_id: str, user_id: str, kind: str, at: datetime, zone: ZoneInfo, count: int = 1
) -> None:
    """Add to one member's count of the day `at` falls on in the workspace's zone (one upsert)."""
    if kind not in KINDS:
        raise ValueError(kind)
    day = at.astimezone(zone).date()
    session.execute(
        _upsert_adding(_dialect_of(session), (kind,)),
        {"team_id": team_id, "day": day, "user_id": user_id, "week": week_start(day), kind: count},
    )


def _dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


# The statements below are built once per dialect (and set of kinds) and kept: the values go in as
# bound parameters, so every transaction executes the very same statement object. SQLAlchemy then
# finds its compiled form in the engine's cache from a cache key memoised on that object, instead of
# building `Insert.excluded`, the column expressions and a new cache key for each transaction, which
# the recorder (a thread sharing the interpreter with the request handlers) did for every batch
# (docs/benchmarks.md, "What Socket Mode adds"). They are written against the tables, not the ORM
# classes, so a list of rows is a plain executemany rather than the ORM's bulk insert.


@functools.cache
def _seen_event_insert(dialect: str) -> Any:
    """INSERT an event id unless it is there already, RETURNING it when it went in."""
    table = SeenEvent.__table__
    return _insert_of(dialect)(table).on_conflict_do_nothing().returning(table.c.event_id)


@functools.cache
def _upsert_adding(dialect: str, kinds: tuple[str, ...]) -> Any:
    """INSERT a member-day's counts, or add them to the counts already there."""
    table = DailyActivity.__table__
    statement = _insert_of(dialect)(table)
    return statement.on_conflict_do_update(
        index_elements=["team_id", "day", "user_id"],
        set_={kind: table.c[kind] + statement.excluded[kind] for kind in kinds},
    )


def _insert_of(dialect: str) -> Any:
    return postgresql_insert if dialect == "postgresql" else sqlite_insert


def forget_old_event_ids(session: Session, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - KEEP_EVENT_IDS
    return rows_changed(session.execute(delete(SeenEvent).where(SeenEvent.seen_at < cutoff)))
