"""The activity recorder and `record_many` on their own: batches, the cached statements, shutdown and
duplicates arriving at once (on SQLite, and on PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine.default import CACHE_HIT

from bot.core.db import Database
from bot.core.workspace_settings import ensure_workspace
from bot.pulse import activity, activity_recorder
from bot.pulse.activity import Activity
from bot.pulse.activity_recorder import ActivityRecorder
from models import DailyActivity, SeenEvent, utcnow

TEAM = "T0RECORD01"
UTC = ZoneInfo("UTC")


def a_message(n: int, *, event_id: str | None = None) -> tuple[str, Activity]:
    return TEAM, Activity(
        user_id=f"U0MEMBER{n % 7:02d}", kind="messages", at=utcnow(), event_id=event_id or f"Ev{n:08d}"
    )


def messages_counted(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.coalesce(func.sum(DailyActivity.messages), 0))) or 0


@pytest.fixture
def team(db: Database) -> Database:
    with db.session() as session:
        ensure_workspace(session, TEAM)
    return db


def test_a_burst_is_written_in_one_transaction(team: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    # A window far longer than the loop below takes, so the count of transactions does not depend on
    # how busy the machine is.
    monkeypatch.setattr(activity_recorder, "BATCH_WINDOW", 0.5)
    batches: list[int] = []
    record_many = activity.record_many

    def recording(session: Any, items: Sequence[tuple[str, Activity]], zone_of: Any) -> int:
        batches.append(len(items))
        return record_many(session, items, zone_of)

    monkeypatch.setattr(activity, "record_many", recording)
    recorder = ActivityRecorder(team, lambda _team: UTC)
    try:
        for n in range(40):
            recorder.submit(*a_message(n))
        assert recorder.flush()
    finally:
        recorder.close()
    assert batches == [40]
    assert messages_counted(team) == 40


def test_closing_writes_every_count_submitted(team: Database) -> None:
    recorder = ActivityRecorder(team, lambda _team: UTC)
    for n in range(1_200):  # more than one batch
        recorder.submit(*a_message(n))
    recorder.close()  # no flush first: closing must not leave any behind
    assert messages_counted(team) == 1_200


def test_retries_count_once_within_a_batch_and_across_batches(team: Database) -> None:
    with team.session() as session:
        first = [a_message(1), a_message(2), a_message(1), a_message(3)]
        assert activity.record_many(session, first, lambda _team: UTC) == 3
    with team.session() as session:
        # Slack's retries of 2 and 3 with a new event; a batch size not seen before.
        again = [a_message(2), a_message(4), a_message(3)]
        assert activity.record_many(session, again, lambda _team: UTC) == 1
    assert messages_counted(team) == 4
    with team.read() as session:
        assert session.scalar(select(func.count()).select_from(SeenEvent)) == 4


def test_the_same_events_recorded_at_once_by_two_transactions_count_once(team: Database) -> None:
    # Two processes (or a recorder and a restarted one) given the same retried events at the same
    # moment: ON CONFLICT makes the second wait for the first (PostgreSQL) or the write lock makes
    # them take turns (SQLite); either way each event id counts once.
    items = [a_message(n) for n in range(200)]
    start = threading.Barrier(2)
    counted: list[int] = []
    errors: list[BaseException] = []

    def record() -> None:
        try:
            start.wait(10)
            with team.session() as session:
                counted.append(activity.record_many(session, items, lambda _team: UTC))
        except BaseException as exc:  # reported by the test's thread below
            errors.append(exc)

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert sorted(counted) == [0, 200]
    assert messages_counted(team) == 200


def test_batches_of_any_size_reuse_the_compiled_statements(team: Database) -> None:
    hits: list[tuple[str, bool]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO"):
            table = "seen_events" if "seen_events" in statement else "daily_activity"
            hits.append((table, context.cache_hit is CACHE_HIT))

    n = 0
    # The first uses compile: one row is a plain execute, several an executemany, each compiled once.
    for size in (1, 2):
        with team.session() as session:
            activity.record_many(session, [a_message(n := n + 1) for _ in range(size)], lambda _team: UTC)
    event.listen(team.engine, "after_cursor_execute", seen)
    try:
        for size in (1, 3, 17, 2, 60):
            with team.session() as session:
                batch = [a_message(n := n + 1) for _ in range(size)]
                assert activity.record_many(session, batch, lambda _team: UTC) == size
    finally:
        event.remove(team.engine, "after_cursor_execute", seen)
    assert {table for table, _ in hits} == {"seen_events", "daily_activity"}
    assert all(hit for _, hit in hits), hits


def test_adding_one_kind_at_a_time_keeps_the_others(team: Database) -> None:
    at = utcnow()
    with team.session() as session:
        activity.add(session, TEAM, "U0ADDER0001", "messages", at, UTC)
        activity.add(session, TEAM, "U0ADDER0001", "reactions", at, UTC, count=2)
        activity.add(session, TEAM, "U0ADDER0001", "messages", at, UTC)
    with team.read() as session:
        row = session.get(DailyActivity, (TEAM, at.date(), "U0ADDER0001"))
        assert row is not None
        assert (row.messages, row.reactions, row.buttons) == (2, 2, 0)
