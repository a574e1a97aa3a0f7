"""Edges of gatherings a review found untested: a weekly series across the spring clock change (an
ordinary hour, and an hour the spring night skips), and "tell those coming, once" when a change is
submitted twice, told by two passes at once, or answered by Slack with a 5xx."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.core import ids
from bot.core.db import Database
from bot.core.workspace_settings import ensure_workspace
from bot.gatherings import attendance, changes, planning, run, series
from bot.gatherings.planning import Plan
from tests.gatherings.test_gatherings import (
    ANNOUNCE_IN,
    FACILITATOR,
    HELSINKI,
    ORGANISER,
    OTHER,
    a_gathering,
    a_gathering_with_answers,
    change_form,
    dms_to,
    stored,
)
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, service_level

# ---------------------------------------------------------------------- the spring clock change

# Europe/Helsinki moves from 03:00 (UTC+2) to 04:00 (UTC+3) on Sunday 28 March 2027.
SUNDAY_BEFORE, CHANGE_DAY, SUNDAY_AFTER = "2027-03-21", "2027-03-28", "2027-04-04"


def a_weekly_series(db: Database, day: str, clock: str) -> int:
    starts_at = planning.local_start(day, clock, HELSINKI)
    assert starts_at is not None
    with db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        plan = Plan(title="Sunday unconference", place="Kallio", channel_id=ANNOUNCE_IN, weekly=True)
        return planning.plan_gathering(session, p.TEAM_ID, ORGANISER, plan, starts_at)


def weeks_of_the_series(db: Database, weeks: int) -> list[datetime]:
    """Run the series on, each time just after its latest occurrence began; every start, local."""
    for _ in range(weeks):
        latest = max(g.starts_at for g in stored(db))
        with db.session() as session:
            made = series.continue_series(session, p.TEAM_ID, HELSINKI, now=latest + timedelta(minutes=1))
        assert len(made) == 1
    return [g.starts_at.astimezone(HELSINKI) for g in sorted(stored(db), key=lambda g: g.starts_at)]


def test_a_weekly_sunday_gathering_keeps_its_local_hour_across_the_spring_clock_change(db: Database) -> None:
    a_weekly_series(db, SUNDAY_BEFORE, "10:00")

    starts = weeks_of_the_series(db, 2)

    assert [(s.date().isoformat(), s.strftime("%H:%M")) for s in starts] == [
        (SUNDAY_BEFORE, "10:00"),
        (CHANGE_DAY, "10:00"),
        (SUNDAY_AFTER, "10:00"),
    ]
    # The UTC hour is what moves: 08:00 in winter time, 07:00 in summer time.
    assert [s.astimezone(UTC).hour for s in starts] == [8, 7, 7]


def test_a_gathering_planned_at_an_hour_the_spring_night_skips_is_read_an_hour_later() -> None:
    # 03:30 does not exist on 28 March 2027 in Helsinki: it is read as zoneinfo does, 04:30 summer time.
    skipped = planning.local_start(CHANGE_DAY, "03:30", HELSINKI)
    assert skipped is not None
    assert skipped.astimezone(HELSINKI).strftime("%Y-%m-%d %H:%M") == f"{CHANGE_DAY} 04:30"
    assert planning.local_start(SUNDAY_AFTER, "03:30", HELSINKI) == datetime(2027, 4, 4, 0, 30, tzinfo=UTC)


def test_a_weekly_gathering_at_an_hour_the_spring_night_skips_returns_to_its_hour_the_week_after(
    db: Database,
) -> None:
    a_weekly_series(db, SUNDAY_BEFORE, "03:30")

    starts = weeks_of_the_series(db, 3)

    # The night that has no 03:30 has it an hour later, as a gathering planned for then would; the
    # series' hour is still 03:30, and every later week has it again.
    assert [(s.date().isoformat(), s.strftime("%H:%M")) for s in starts] == [
        (SUNDAY_BEFORE, "03:30"),
        (CHANGE_DAY, "04:30"),
        (SUNDAY_AFTER, "03:30"),
        ("2027-04-11", "03:30"),
    ]


# ---------------------------------------------------------------------- tell those coming, once


def submit_change(bot: BotUnderTest, shown: str, values: dict[str, Any]) -> dict[str, str]:
    reply = bot.send(
        p.view_submission(ids.GATHERING_CHANGE_MODAL, values, private_metadata=shown, user_id=ORGANISER)
    )
    bot.settled()
    return reply.errors


def notices(bot: BotUnderTest) -> list[int]:
    """How many DMs the organiser, the facilitator (both coming) and the other member (not) have had."""
    return [len(dms_to(bot, user)) for user in (ORGANISER, FACILITATOR, OTHER)]


def test_a_move_submitted_twice_tells_each_person_coming_once(bot: BotUnderTest) -> None:
    gathering_id, shown = a_gathering_with_answers(bot)
    moved = change_form(day=(date.today() + timedelta(days=5)).isoformat(), place="Online")

    first = submit_change(bot, shown, moved)
    replayed = submit_change(bot, shown, moved)  # the same form, sent again (a double click, a replay)
    told_again = run.tell_changed(bot.rt, bot.rt.client, p.TEAM_ID, gathering_id)
    next_pass = run.run(bot.rt, bot.rt.client, p.TEAM_ID)

    assert first == {}
    assert "changed this gathering while you had the form open" in replayed["title"]
    assert told_again == [] and next_pass.reminded == []
    assert notices(bot) == [1, 1, 0]
    assert "has changed" in dms_to(bot, FACILITATOR)[0].params["text"]
    (gathering,) = stored(bot.db)
    assert (gathering.version, gathering.place) == (2, "Online")


def test_a_cancellation_submitted_twice_tells_each_person_coming_once(bot: BotUnderTest) -> None:
    gathering_id, shown = a_gathering_with_answers(bot)
    cancel = change_form("", "", "", "", "cancel")

    first = submit_change(bot, shown, cancel)
    replayed = submit_change(bot, shown, cancel)
    told_again = run.tell_changed(bot.rt, bot.rt.client, p.TEAM_ID, gathering_id)

    assert first == {}
    assert "was cancelled" in replayed["title"]
    assert told_again == []
    assert notices(bot) == [1, 1, 0]
    assert "is cancelled" in dms_to(bot, ORGANISER)[0].params["text"]


def test_a_move_then_a_cancellation_are_two_changes_each_told_once(bot: BotUnderTest) -> None:
    gathering_id, shown = a_gathering_with_answers(bot)
    assert submit_change(bot, shown, change_form(day=(date.today() + timedelta(days=4)).isoformat())) == {}
    press_again = {"gathering": gathering_id, "version": 2}
    cancel = change_form("", "", "", "", "cancel")

    # The form opened again after the move shows version 2.
    assert submit_change(bot, json.dumps(press_again), cancel) == {}
    assert run.tell_changed(bot.rt, bot.rt.client, p.TEAM_ID, gathering_id) == []

    assert notices(bot) == [2, 2, 0]
    said = [call.params["text"] for call in dms_to(bot, ORGANISER)]
    assert "has changed" in said[0] and "is cancelled" in said[1]


@service_level
def test_two_passes_telling_at_once_tell_each_person_coming_once(bot: BotUnderTest) -> None:
    gathering_id = a_gathering(bot.db, datetime.now(UTC) + timedelta(days=3))
    coming = sorted([ORGANISER, FACILITATOR, "U0COMING01", "U0COMING02"])
    with bot.db.session() as session:
        for user in coming:
            attendance.answer(session, p.TEAM_ID, gathering_id, user, True)
        attendance.answer(session, p.TEAM_ID, gathering_id, OTHER, False)
        problems, tell = changes.change(
            session, p.TEAM_ID, gathering_id, ORGANISER, 1, changes.Change(cancel=True), HELSINKI
        )
    assert (problems, tell) == ({}, True)
    both_ready = threading.Barrier(2)

    def a_pass() -> list[str]:
        both_ready.wait()
        return run.tell_changed(bot.rt, bot.rt.client, p.TEAM_ID, gathering_id)

    with ThreadPoolExecutor(max_workers=2) as pool:
        one, other = (future.result() for future in [pool.submit(a_pass), pool.submit(a_pass)])

    assert sorted(one + other) == coming, "each person coming told by one pass or the other, never both"
    assert all(len(dms_to(bot, user)) == 1 for user in coming)
    assert dms_to(bot, OTHER) == []


@service_level
def test_a_change_notice_slack_answers_with_a_5xx_is_not_sent_again(bot: BotUnderTest) -> None:
    gathering_id = a_gathering(bot.db, datetime.now(UTC) + timedelta(days=3))
    with bot.db.session() as session:
        attendance.answer(session, p.TEAM_ID, gathering_id, FACILITATOR, True)
        attendance.answer(session, p.TEAM_ID, gathering_id, ORGANISER, True)
        changes.change(session, p.TEAM_ID, gathering_id, ORGANISER, 1, changes.Change(cancel=True), HELSINKI)
    # Slack stores the first DM (to the facilitator, first in order) and answers 503: it may be out.
    bot.fake.queue("chat.postMessage", None, status=503)

    told = run.tell_changed(bot.rt, bot.rt.client, p.TEAM_ID, gathering_id)
    again = run.tell_changed(bot.rt, bot.rt.client, p.TEAM_ID, gathering_id)

    assert told == [FACILITATOR, ORGANISER] and again == []
    # Not retried by the client (a post is not safe to repeat after a 5xx), not sent again by a pass.
    assert (len(dms_to(bot, FACILITATOR)), len(dms_to(bot, ORGANISER))) == (1, 1)
    assert dms_to(bot, FACILITATOR)[0].status == 503
