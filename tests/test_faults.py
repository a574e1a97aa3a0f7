"""Faults from Slack and from the database, injected on purpose: nothing lost, nothing doubled, and
nobody left without an answer (issue 15). Each runs on SQLite and, with TEST_DATABASE_URL, PostgreSQL."""

from __future__ import annotations

import logging
import threading
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot import activity_recorder, ids
from bot.activity import Activity
from bot.activity_recorder import ActivityRecorder
from bot.db import Database
from bot.i18n import translator
from bot.views import notices
from models import DailyActivity, Idea, utcnow
from tests import slack_payloads as p
from tests.faults import Outage, database_outage
from tests.harness import BotUnderTest, wait_until
from tests.pitching import pitch_values


def idea_titles(bot: BotUnderTest) -> list[str]:
    with bot.db.read() as session:
        return list(session.scalars(select(Idea.title).order_by(Idea.number)))


def opened_pitch_form(bot: BotUnderTest, channel_id: str = p.CHANNEL_ID) -> dict[str, Any]:
    bot.send(p.slash_command("/pitch", channel_id=channel_id))
    return bot.fake.wait_for("views.open")[-1].json("view")


def submit_form(bot: BotUnderTest, form: dict[str, Any], values: dict[str, Any]) -> Any:
    """Submit a form the bot opened, as Slack sends it back: its blocks, metadata and the values."""
    return bot.send(
        p.view_submission(
            form["callback_id"], values, private_metadata=form.get("private_metadata", ""), blocks=form["blocks"]
        )
    )


# ---------------------------------------------------------------- 1. a pitch is never acked away


def test_a_pitch_submitted_while_the_database_is_down_keeps_the_form_open_and_is_kept_after(
    bot: BotUnderTest,
) -> None:
    form = opened_pitch_form(bot)
    values = pitch_values(title="Rain gardens", description="Every street gets one.")

    with database_outage(bot.db) as outage:
        reply = submit_form(bot, form, values)
        assert outage.refused >= 1

    # The form stays open, with the reason on it; what the person wrote is still in it.
    assert reply.status == 200
    assert reply.body["response_action"] == "errors"
    (message,) = reply.errors.values()
    assert message == notices.not_saved_form_open(translator("en"))
    assert idea_titles(bot) == []
    assert bot.fake.calls_to("chat.postMessage") == []

    # Once the database is back, the same submission is kept and posted once.
    assert submit_form(bot, form, values).errors == {}
    (card,) = bot.fake.wait_for("chat.postMessage")
    assert card.params["channel"] == p.CHANNEL_ID
    assert idea_titles(bot) == ["Rain gardens"]


def test_a_command_that_meets_a_database_outage_is_answered_not_dropped(bot: BotUnderTest) -> None:
    bot.send(p.slash_command("/pitch", "warm the cache"))  # the language and themes are cached now
    bot.fake.wait_for("views.open")

    with database_outage(bot.db):
        reply = bot.send(p.slash_command("/idea", "follow 1"))

    assert reply.status == 200
    assert reply.text == notices.storage_down(translator("en"))


# ---------------------------------------------------------------- 6. counting survives an outage


def messages_counted(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.coalesce(func.sum(DailyActivity.messages), 0))) or 0


def a_message(n: int) -> Activity:
    return Activity(user_id=f"U0PERSON{n % 7}", kind="messages", at=utcnow(), event_id=f"Ev{n:08d}")


def test_counts_wait_through_a_quarter_hour_database_outage_and_none_is_lost(db: Database) -> None:
    # The recorder's clock is the test's: fifteen minutes of outage pass as fast as it retries.
    clock = [0.0]
    outage = Outage(db)

    def pause(seconds: float) -> None:
        clock[0] += seconds
        if clock[0] >= 15 * 60:
            outage.end()

    recorder = ActivityRecorder(db, lambda _team: ZoneInfo("UTC"), pause=pause, clock=lambda: clock[0])
    outage.begin()
    try:
        for n in range(40):
            recorder.submit(p.TEAM_ID, a_message(n))
        assert recorder.flush(timeout=60), "the counts were not written once the database was back"
    finally:
        outage.end()
        recorder.close()

    assert clock[0] >= 15 * 60
    assert outage.refused > 3  # it kept trying well past the three attempts it used to give up after
    assert messages_counted(db) == 40


def test_when_memory_is_full_new_counts_are_dropped_loudly_and_the_waiting_ones_kept(
    db: Database, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(activity_recorder, "MAX_WAITING", 5)
    back = threading.Event()
    recorder = ActivityRecorder(db, lambda _team: ZoneInfo("UTC"), pause=lambda _s: back.wait(10))
    with database_outage(db) as outage:
        recorder.submit(p.TEAM_ID, a_message(0))
        outage.wait_refused()  # the writer holds the first count and waits for the database
        for n in range(1, 9):
            recorder.submit(p.TEAM_ID, a_message(n))
        dropping = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    back.set()
    try:
        assert recorder.flush(timeout=30)
    finally:
        recorder.close()

    assert "DROPPED" in dropping[0].getMessage()
    assert messages_counted(db) == 6  # the one in hand and the five that fitted
    assert any("3 counts were dropped" in r.getMessage() for r in caplog.records)
