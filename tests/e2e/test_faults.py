"""Faults from Slack and from the database, injected on purpose: nothing lost, nothing doubled, and
nobody left without an answer (issue 15). Each runs on SQLite and, with TEST_DATABASE_URL, PostgreSQL."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.error import URLError
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import func, select

from bot.core import ids, metadata, scheduler, weeks
from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.core.settings import load_settings
from bot.core.workspace_settings import ensure_workspace, set_value
from bot.core.workspace_settings import load as load_workspace
from bot.ideas.commands import Problem, Wrong
from bot.ideas.views import browse, notices
from bot.ideas.views.pitch import CHANNEL_BLOCK
from bot.members import roster
from bot.members.roster import ensure_member
from bot.pulse import activity_recorder
from bot.pulse.activity import Activity
from bot.pulse.activity_recorder import ActivityRecorder
from bot.slack.client import build_client, retry_handlers, safe_to_repeat
from models import DailyActivity, Idea, StatsPost, utcnow
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.faults import Outage, database_outage
from tests.support.harness import BotUnderTest, free_port, make_settings, wait_until
from tests.support.pitching import pitch_values, submit_pitch
from tests.support.views_check import assert_valid_view


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
            form["callback_id"],
            values,
            private_metadata=form.get("private_metadata", ""),
            blocks=form["blocks"],
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


# ---------------------------------------------------------------- 5. a 5xx never doubles a post


def client_for(fake: FakeSlack) -> WebClient:
    settings = load_settings(
        {"SLACK_API_URL": fake.api_url, "SLACK_BOT_TOKEN": "xoxb-1"}, env_file=Path("/nonexistent")
    )
    return build_client(settings)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_message_slack_stored_but_answered_with_a_server_error_is_not_sent_again(
    fake_slack: FakeSlack, status: int
) -> None:
    # Slack keeps the message and answers 5xx: the body is the real answer, the status a failure.
    fake_slack.queue("chat.postMessage", None, status=status)

    with pytest.raises(SlackApiError):
        client_for(fake_slack).chat_postMessage(channel=p.CHANNEL_ID, text="The week in numbers")

    assert len(fake_slack.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize(
    "method",
    [
        "chat.postMessage",
        "chat.postEphemeral",
        "chat.scheduleMessage",
        "files.completeUploadExternal",
        "files.upload",
        "conversations.open",
        "views.open",
    ],
)
def test_posting_uploading_and_opening_conversations_are_never_repeated_after_a_server_error(
    method: str,
) -> None:
    assert not safe_to_repeat(method)


def test_reads_and_updates_are_still_retried_after_a_server_error_and_a_rate_limit(
    fake_slack: FakeSlack,
) -> None:
    client = client_for(fake_slack)
    fake_slack.fail_next("users.info", status=503)
    fake_slack.rate_limit_next("chat.postMessage", retry_after=0)

    assert client.users_info(user=p.USER_ID)["user"]["id"] == p.USER_ID
    assert client.chat_postMessage(channel=p.CHANNEL_ID, text="hello")["ok"]

    assert len(fake_slack.calls_to("users.info")) == 2
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # a 429 means Slack did nothing: sent again


def test_a_refused_connection_is_retried_even_for_a_post() -> None:
    # Nothing listens on this port: the request never left, so trying again cannot double it.
    client = WebClient(
        token="xoxb-1", base_url=f"http://127.0.0.1:{free_port()}/api/", retry_handlers=retry_handlers()
    )
    attempts: list[str] = []
    original = client.retry_handlers[2].prepare_for_next_attempt

    def counting(**kwargs: Any) -> None:
        attempts.append("again")
        original(**kwargs)

    client.retry_handlers[2].prepare_for_next_attempt = counting  # type: ignore[method-assign]
    with pytest.raises(URLError):
        client.chat_postMessage(channel=p.CHANNEL_ID, text="hello")
    assert attempts == ["again", "again"]


def test_a_pitch_card_answered_with_504_is_posted_once_and_the_pitcher_asked_to_look(
    bot: BotUnderTest,
) -> None:
    bot.fake.queue("chat.postMessage", None, status=504)

    submit_pitch(bot, title="Card that arrived anyway")

    card, dm = bot.fake.wait_for("chat.postMessage", count=2)
    assert card.params["channel"] == p.CHANNEL_ID
    assert dm.params["channel"] == p.USER_ID
    assert "it may be there already" in dm.params["text"]
    bot.settled()
    assert [c.params["channel"] for c in bot.fake.calls_to("chat.postMessage")] == [p.CHANNEL_ID, p.USER_ID]


# ---------------------------------------------------------------- 3. forms that cannot open


HOME = {"id": "V0HOME0001", "type": "home", "blocks": []}
FACILITATOR = "U0FACIL001"


def posted_idea(bot: BotUnderTest) -> int:
    """A pitch by USER_ID, on its card in the ideas channel, looked after by FACILITATOR."""
    with bot.db.session() as session:
        roster.set_facilitator(session, p.TEAM_ID, FACILITATOR, True)
    submit_pitch(bot, title="Seed library")
    wait_until(lambda: idea_titles(bot) == ["Seed library"] and card_ts(bot), message="the card")
    bot.settled()
    bot.fake.reset()
    with bot.db.read() as session:
        return session.scalar(select(Idea.id)) or 0


def idea_number(bot: BotUnderTest, idea_id: int) -> int:
    """The number people type (the row id differs on PostgreSQL, whose sequences never restart)."""
    with bot.db.read() as session:
        return session.scalar(select(Idea.number).where(Idea.id == idea_id)) or 0


def card_ts(bot: BotUnderTest) -> str | None:
    with bot.db.read() as session:
        return session.scalar(select(Idea.message_ts))


def told(bot: BotUnderTest, user_id: str, text: str) -> Any:
    """Wait until the person hears `text`: through the response_url, or in a DM from the app."""

    def heard() -> Any:
        for call in bot.fake.calls:
            said = call.params.get("text")
            if said == text and (call.method == "response_url" or call.params.get("channel") == user_id):
                return call
        return None

    return wait_until(heard, message=f"{user_id} being told {text!r}")


def entry_points(bot: BotUnderTest, idea_id: int) -> dict[str, tuple[str, dict[str, Any]]]:
    here = bot.fake.response_url()
    return {
        "/idea status N developing": (
            p.USER_ID,
            p.slash_command("/idea", f"status {idea_number(bot, idea_id)} developing", response_url=here),
        ),
        "/thinktank settings": (p.USER_ID, p.slash_command("/thinktank", "settings", response_url=here)),
        "/thinktank pair join": (p.USER_ID, p.slash_command("/thinktank", "pair join", response_url=here)),
        "Add a perspective": (
            p.USER_ID,
            p.block_actions(ids.ADD_PERSPECTIVE, str(idea_id), user_id=p.USER_ID, response_url=here),
        ),
        "the card's Edit": (
            p.USER_ID,
            p.block_actions(
                ids.CARD_MENU,
                action_type="overflow",
                action_fields={"selected_option": p.option(f"{ids.EDIT}:{idea_id}", "Edit")},
                response_url=here,
            ),
        ),
        "Home's Pitch": (p.USER_ID, p.block_actions(ids.HOME_PITCH, view=HOME)),
        "Home's Join pairing": (p.USER_ID, p.block_actions(ids.PAIR_JOIN, "", view=HOME)),
        "Hand over": (
            FACILITATOR,
            p.block_actions(
                ids.IDEA_HAND_OVER,
                str(idea_id),
                user_id=FACILITATOR,
                channel_id="D0FACIL001",
                response_url=here,
            ),
        ),
    }


@pytest.mark.parametrize(
    "entry",
    [
        "/idea status N developing",
        "/thinktank settings",
        "/thinktank pair join",
        "Add a perspective",
        "the card's Edit",
        "Home's Pitch",
        "Home's Join pairing",
        "Hand over",
    ],
)
def test_a_form_that_slack_will_not_open_any_more_is_explained_to_the_person(
    bot: BotUnderTest, entry: str
) -> None:
    bot.fake.add_user(p.USER_ID, is_admin=True)  # may change settings and the status of their idea
    idea_id = posted_idea(bot)
    user_id, payload = entry_points(bot, idea_id)[entry]
    bot.fake.error_next("views.open", "expired_trigger_id")

    reply = bot.send(payload)

    assert reply.status == 200
    told(bot, user_id, notices.form_too_late(translator("en")))


# ---------------------------------------------------------------- 2 and 13. careless or hostile input


@pytest.mark.parametrize(
    ("text", "word", "subcommand"),
    [
        ("show ²", "²", "show"),
        ("show #①", "#①", "show"),
        ("follow ³", "³", "follow"),
        ("status ² new", "²", "status"),
    ],
)
def test_digits_that_are_not_0_to_9_are_a_bad_number_not_a_crash(
    bot: BotUnderTest, text: str, word: str, subcommand: str
) -> None:
    reply = bot.send(p.slash_command("/idea", text))

    t = translator("en")
    themes = bot.rt.prefs.workspace(p.TEAM_ID).themes
    assert reply.status == 200
    assert reply.text == browse.wrong_command(t, Wrong(Problem.BAD_NUMBER, word, subcommand), themes)


@pytest.mark.parametrize("value", ["²", "٣٠٠٠", "①"])
def test_a_port_in_other_digits_exits_2_with_one_line(value: str, tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
        "PORT": value,
        "DATABASE_URL": f"sqlite:///{tmp_path}/t.db",
    }
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve().parents[2] / "app.py"), "run"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "PORT" in line and "Traceback" not in result.stderr


def test_a_title_of_invisible_characters_only_is_refused(bot: BotUnderTest) -> None:
    reply = submit_pitch(bot, title="\u200b\u200b\u2060\u200d")

    assert set(reply.errors) == {"title"}
    assert idea_titles(bot) == []


# ---------------------------------------------------------------- 4. /idea show within Slack's 3 seconds


def test_idea_show_is_answered_in_the_ack_when_the_cards_link_is_rate_limited(bot: BotUnderTest) -> None:
    submit_pitch(bot, title="Repair café")
    wait_until(lambda: card_ts(bot), message="the card")
    bot.settled()
    bot.fake.rate_limit_next("chat.getPermalink", retry_after=4)

    reply = bot.send(p.slash_command("/idea", "show 1"))

    # The whole card, in the ack: the link is left out rather than waited for past Slack's 3 s.
    assert reply.status == 200
    assert "Repair café" in str(reply.body)
    assert len(bot.fake.calls_to("chat.getPermalink")) == 1

    again = bot.send(p.slash_command("/idea", "show 1"))
    assert "https://test.slack.com/archives/" in str(again.body)  # with the link once Slack gives it


# ---------------------------------------------------------------- 9. erasure reaches the cards


def test_after_erase_my_data_the_card_in_the_channel_no_longer_names_the_pitcher(bot: BotUnderTest) -> None:
    submit_pitch(bot, title="Book swap")
    card = bot.fake.wait_for("chat.postMessage")[0]
    assert f"<@{p.USER_ID}>" in str(card.json("blocks"))
    wait_until(lambda: card_ts(bot), message="the card's place is kept")
    bot.settled()

    bot.send(p.block_actions(ids.PRIVACY_ERASE, "erase", response_url=bot.fake.response_url("erase")))

    (redrawn,) = bot.fake.wait_for("chat.update")
    assert redrawn.params["ts"] == card_ts(bot)
    assert p.USER_ID not in str(redrawn.params)
    assert "a former member" in str(redrawn.json("blocks"))


# ---------------------------------------------------------------- 11. private_metadata within Slack's limit


def test_a_status_note_of_500_emoji_opens_a_partners_form_slack_accepts(bot: BotUnderTest) -> None:
    submit_pitch(bot, title="Tool library")
    wait_until(lambda: card_ts(bot), message="the card")
    note = "🌱" * 480

    bot.send(p.slash_command("/idea", f"status 1 developing {note}", response_url=bot.fake.response_url()))

    form = bot.fake.wait_for("views.open")[0].json("view")
    assert_valid_view(form)
    assert len(form["private_metadata"]) <= 3000
    assert json.loads(form["private_metadata"])["note"] == note


def test_every_forms_metadata_is_written_compactly_and_refused_when_too_long() -> None:
    assert metadata.write({"note": "🌱" * 500}) == '{"note":"' + "🌱" * 500 + '"}'
    with pytest.raises(ValueError):
        metadata.write({"note": "x" * 3000})


# ---------------------------------------------------------------- 12. never a public card in a DM


APP_DM = "D0APPDM001"


def test_pitch_in_the_apps_dm_without_an_ideas_channel_asks_where_the_card_goes(bot: BotUnderTest) -> None:
    form = opened_pitch_form(bot, channel_id=APP_DM)
    assert_valid_view(form)
    (picker,) = [b for b in form["blocks"] if b.get("block_id") == CHANNEL_BLOCK]
    assert picker["element"]["type"] == "conversations_select"

    values = pitch_values(title="Night bus")
    unanswered = submit_form(
        bot, form, values | {CHANNEL_BLOCK: {ids.INPUT: {"type": "conversations_select"}}}
    )
    assert set(unanswered.errors) == {CHANNEL_BLOCK}
    assert idea_titles(bot) == []

    picked = {"type": "conversations_select", "selected_conversation": "C0TRANSIT1"}
    assert submit_form(bot, form, values | {CHANNEL_BLOCK: {ids.INPUT: picked}}).errors == {}
    (card,) = bot.fake.wait_for("chat.postMessage")
    assert card.params["channel"] == "C0TRANSIT1"
    bot.settled()
    assert [c.params["channel"] for c in bot.fake.calls_to("chat.postMessage")] == ["C0TRANSIT1"]


def test_a_pitch_from_a_dm_is_never_posted_into_that_dm(bot: BotUnderTest) -> None:
    # A form from before the picker (or a forged one) names the DM as where it was opened.
    reply = submit_pitch(bot, channel_id=APP_DM, title="Quiet pitch")

    assert reply.errors == {}
    (dm,) = bot.fake.wait_for("chat.postMessage")
    assert dm.params["channel"] == p.USER_ID
    assert "no ideas channel is set yet" in dm.params["text"]
    assert idea_titles(bot) == ["Quiet pitch"]


# ---------------------------------------------------------------- 10. a weekly post left unconfirmed


STATS_CHANNEL = "C0STATS001"
ADMIN, OWNER = "U0ADMIN001", "U0OWNER001"


@pytest.fixture
def stats_rt(db: Database, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch):
    runtime = Runtime.create(make_settings(fake_slack, db.url, socket_mode=True), db)
    with db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        set_value(session, p.TEAM_ID, "stats_channel", STATS_CHANNEL)
        ensure_member(session, p.TEAM_ID, ADMIN).is_admin = True
        owner = ensure_member(session, p.TEAM_ID, OWNER)
        owner.is_owner, owner.language = True, "fi"
        ensure_member(session, p.TEAM_ID, p.USER_ID)  # not an admin: not told
    # Stored jobs find the running bot through the module (see bot/core/scheduler.py).
    monkeypatch.setattr(scheduler, "_runtime", runtime)
    yield runtime
    runtime.member_sync.shutdown()
    runtime.recorder.close()


def test_a_weekly_post_left_unconfirmed_is_reported_loudly_and_the_admins_told_once(
    stats_rt: Runtime, fake_slack: FakeSlack, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    with db.session() as session:
        settings = load_workspace(session, p.TEAM_ID)
        week = weeks.week_due(settings.stats_schedule, settings.zone).label
        # The process was killed between claiming the week and confirming the post, an hour ago.
        session.add(
            StatsPost(
                team_id=p.TEAM_ID,
                week=week,
                channel_id=STATS_CHANNEL,
                claimed_at=utcnow() - timedelta(hours=1),
            )
        )

    with caplog.at_level(logging.ERROR, logger="bot.pulse.stats_posting"):
        scheduler.weekly_stats(p.TEAM_ID)
        scheduler.weekly_stats(p.TEAM_ID)  # a catch-up run, or a second scheduler

    loud = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(loud) == 2 and all(f"stats post --week {week} --force" in line for line in loud)
    told = {c.params["channel"]: c.params["text"] for c in fake_slack.calls_to("chat.postMessage")}
    assert told == {
        ADMIN: notices.unconfirmed_stats_dm(translator("en"), STATS_CHANNEL, week),
        OWNER: notices.unconfirmed_stats_dm(translator("fi"), STATS_CHANNEL, week),
    }
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # once each, and nothing to the channel


def test_a_claim_just_taken_by_another_process_is_left_to_it(
    stats_rt: Runtime, fake_slack: FakeSlack, db: Database
) -> None:
    with db.session() as session:
        settings = load_workspace(session, p.TEAM_ID)
        week = weeks.week_due(settings.stats_schedule, settings.zone).label
        session.add(StatsPost(team_id=p.TEAM_ID, week=week, channel_id=STATS_CHANNEL, claimed_at=utcnow()))

    scheduler.weekly_stats(p.TEAM_ID)

    assert fake_slack.calls_to("chat.postMessage") == []


def test_save_as_idea_writes_mentions_as_the_names_people_know(bot: BotUnderTest) -> None:
    bot.fake.add_user("U0AINO0001", name="Aino", real_name="Aino Aalto")
    text = "Ask <@U0AINO0001> about the garden\nShe knows <@U0AINO0001> and <@U0GONE0001|Old Name>"

    bot.send(p.message_shortcut(ids.SAVE_AS_IDEA, text))

    form = bot.fake.wait_for("views.open")[0].json("view")
    title = next(b for b in form["blocks"] if b.get("block_id") == "title")["element"]["initial_value"]
    description = next(b for b in form["blocks"] if b.get("block_id") == "description")["element"]
    assert title == "Ask @Aino about the garden"
    assert description["initial_value"] == "She knows @Aino and @Old Name"


def test_stopping_during_an_outage_says_once_how_many_counts_are_lost(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = ActivityRecorder(db, lambda _team: ZoneInfo("UTC"))
    with database_outage(db) as outage:
        for n in range(1200):
            recorder.submit(p.TEAM_ID, a_message(n))
        outage.wait_refused()
        recorder.close(timeout=0.5)

    lost = [r.getMessage() for r in caplog.records if "are lost" in r.getMessage()]
    assert lost == ["stopping while the database is unreachable: 1200 activity counts are lost"]
