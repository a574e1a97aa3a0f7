"""/pitch end to end, the way Slack drives the bot: over signed HTTP and over Socket Mode."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.core import ids
from bot.core.i18n import translator
from bot.core.workspace_settings import ensure_workspace
from bot.ideas import pitches
from bot.ideas.data import IdeaData
from bot.ideas.views import notices
from models import Idea
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, post_signed, wait_until
from tests.support.pitching import pitch_values, submit_pitch
from tests.support.views_check import assert_valid_message, assert_valid_view


def idea_count(bot: BotUnderTest) -> int:
    with bot.db.session() as session:
        return session.scalar(select(func.count()).select_from(Idea)) or 0


def scalar(bot: BotUnderTest, query):
    """One query in its own short transaction, so polling never holds a lock the bot needs."""
    with bot.db.session() as session:
        return session.scalar(query)


def idea_data(bot: BotUnderTest, idea_id: int) -> IdeaData:
    with bot.db.read() as session:
        data = pitches.get(session, p.TEAM_ID, idea_id)
    assert data is not None
    return data


def mrkdwn_texts(value) -> list[str]:
    """Every piece of text Slack parses for mentions: mrkdwn objects (plain_text is shown as typed)."""
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn":
            return [value["text"]]
        return [t for v in value.values() for t in mrkdwn_texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in mrkdwn_texts(v)]
    return []


def card_text(call) -> str:
    """Everything a reader sees of a posted message, blocks included."""
    return call.params.get("text", "") + str(call.json("blocks"))


def test_pitch_opens_the_form_with_the_title_filled_in(bot: BotUnderTest) -> None:
    reply = bot.send(p.slash_command("/pitch", "Community garden on the roof"))

    assert reply.status == 200
    (call,) = bot.fake.wait_for("views.open")
    view = call.json("view")
    assert_valid_view(view)
    assert view["callback_id"] == ids.PITCH_MODAL
    title_block = next(b for b in view["blocks"] if b.get("block_id") == "title")
    assert title_block["element"]["initial_value"] == "Community garden on the roof"
    themes = next(b for b in view["blocks"] if b.get("block_id") == "themes")
    assert [o["value"] for o in themes["element"]["options"]] == [
        "health",
        "wellbeing",
        "culture",
        "environment",
        "work",
        "other",
    ]


def test_a_submitted_pitch_is_posted_as_a_card_with_its_number(bot: BotUnderTest) -> None:
    reply = submit_pitch(
        bot,
        title="Community garden",
        description="Grow food together on the library roof.",
        themes=("health", "environment"),
        seeking=("collaborators", "funding"),
    )
    assert reply.status == 200
    assert not reply.errors

    (call,) = bot.fake.wait_for("chat.postMessage")
    assert call.params["channel"] == p.CHANNEL_ID
    assert_valid_message(call.params["text"], call.json("blocks"))
    shown = card_text(call)
    assert "#1 Community garden" in shown
    assert "Grow food together on the library roof." in shown
    assert f"<@{p.USER_ID}>" in shown
    assert "Health, Environment" in shown
    assert "Collaborators, Funding" in shown
    buttons = [e["action_id"] for b in call.json("blocks") if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [ids.ADD_PERSPECTIVE, ids.IDEA_SUPPORT, ids.FOLLOW, ids.OFFER_HELP, ids.CARD_MENU]

    idea = wait_until(lambda: scalar(bot, select(Idea).where(Idea.message_ts.is_not(None))))
    assert (idea.number, idea.channel_id, idea.author_id) == (1, p.CHANNEL_ID, p.USER_ID)

    submit_pitch(bot, title="Second thought")
    second = bot.fake.wait_for("chat.postMessage", count=2)[1]
    assert "#2 Second thought" in card_text(second)


def test_an_experiment_card_shows_its_hypothesis(bot: BotUnderTest) -> None:
    values = pitch_values(
        kind="experiment",
        title="Walking meetings",
        believe="hold meetings outdoors",
        outcome="people feel better",
        test="a four-week trial",
        share="a blog post",
    )
    # An experiment names the day its learning will be shared.
    in_a_month = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    values["learning_due"] = {ids.INPUT: {"type": "datepicker", "selected_date": in_a_month}}
    bot.send(p.view_submission(ids.PITCH_MODAL, values, private_metadata=f'{{"channel": "{p.CHANNEL_ID}"}}'))
    (call,) = bot.fake.wait_for("chat.postMessage")
    shown = card_text(call)
    for words in (
        "We believe that if we",
        "hold meetings outdoors",
        "then this will lead to",
        "people feel better",
        "We will test this by",
        "a four-week trial",
        "a blog post",
    ):
        assert words in shown
    assert call.params["text"].startswith("New experiment #1")


def test_invalid_fields_come_back_as_errors_and_nothing_is_kept(bot: BotUnderTest) -> None:
    missing_title = submit_pitch(bot, title="")
    experiment_without_hypothesis = submit_pitch(bot, kind="experiment", title="Try it", believe="we do x")
    forged = submit_pitch(
        bot,
        title="x" * 5000,
        description="y" * 10_000,
        themes=("not-a-theme",),
        seeking=("money-please",),
        kind="manifesto",
    )

    assert missing_title.body == {
        "response_action": "errors",
        "errors": {"title": "Give your pitch a title."},
    }
    assert set(experiment_without_hypothesis.errors) == {"outcome", "test", "share", "learning_due"}
    assert set(forged.errors) == {"kind", "title", "description", "themes", "seeking"}
    bot.settled()  # a wrongly accepted submission would have finished storing and posting by now
    assert idea_count(bot) == 0
    assert bot.fake.calls_to("chat.postMessage") == []


def test_user_text_cannot_ping_anyone(bot: BotUnderTest) -> None:
    submit_pitch(
        bot, title="<!channel> free pizza", description="<@U0OTHER001> & <https://evil.example|click>"
    )

    (call,) = bot.fake.wait_for("chat.postMessage")
    assert "link_names" not in call.params
    parsed = [call.params["text"], *mrkdwn_texts(call.json("blocks"))]
    assert not [text for text in parsed if "<!channel>" in text or "<@U0OTHER001>" in text]
    assert "&lt;!channel&gt; free pizza" in call.params["text"]
    assert any("&lt;@U0OTHER001&gt; &amp; &lt;https://evil.example|click&gt;" in text for text in parsed)
    header = call.json("blocks")[0]
    assert header["text"] == {"type": "plain_text", "text": "#1 <!channel> free pizza"}


def test_a_rate_limited_post_is_retried_and_posted_exactly_once(bot: BotUnderTest) -> None:
    bot.fake.rate_limit_next("chat.postMessage", retry_after=1)

    submit_pitch(bot, title="Patient idea")

    bot.fake.wait_for("chat.postMessage", count=2)
    assert len(bot.fake.successful_calls_to("chat.postMessage")) == 1
    wait_until(lambda: scalar(bot, select(Idea.message_ts)), message="the card's ts is kept")


def test_a_channel_the_bot_is_not_in_keeps_the_idea_and_tells_the_pitcher(bot: BotUnderTest) -> None:
    bot.fake.error_next("chat.postMessage", "not_in_channel")

    submit_pitch(bot, title="Quiet idea")

    dm = bot.fake.wait_for("chat.postMessage", count=2)[1]
    assert dm.params["channel"] == p.USER_ID
    assert "/invite @Think Tank" in dm.params["text"]
    assert_valid_message(dm.params["text"], dm.json("blocks"))
    idea = scalar(bot, select(Idea))
    assert idea is not None and idea.title == "Quiet idea" and idea.message_ts is None

    # Once invited, "Post it again" posts the card and updates the DM.
    retry = p.block_actions(
        ids.RETRY_POST, str(idea.id), channel_id="D0DM000001", message_ts="1700000000.000900"
    )
    assert bot.send(retry).status == 200
    card = bot.fake.wait_for("chat.postMessage", count=3)[2]
    assert card.params["channel"] == p.CHANNEL_ID and "#1 Quiet idea" in card_text(card)
    (update,) = bot.fake.wait_for("chat.update")
    assert update.params["channel"] == "D0DM000001"
    assert "now posted" in update.params["text"]


def test_pitches_go_to_the_ideas_channel_when_one_is_set(bot: BotUnderTest) -> None:
    from bot.core import workspace_settings

    with bot.db.session() as session:
        workspace_settings.set_value(session, p.TEAM_ID, "ideas_channel", "C0SHARED01")
    bot.rt.prefs.forget(p.TEAM_ID)

    submit_pitch(bot, title="Shared", channel_id="C0ELSEWHERE")

    (call,) = bot.fake.wait_for("chat.postMessage")
    assert call.params["channel"] == "C0SHARED01"


def test_save_as_idea_opens_the_form_filled_from_the_message(bot: BotUnderTest) -> None:
    shortcut = p.message_shortcut(ids.SAVE_AS_IDEA, "Library tool lending\nBorrow drills like books.")

    bot.send(shortcut)

    (call,) = bot.fake.wait_for("views.open")
    view = call.json("view")
    assert_valid_view(view)
    values = {b.get("block_id"): b.get("element", {}).get("initial_value") for b in view["blocks"]}
    assert values["title"] == "Library tool lending"
    assert values["description"] == "Borrow drills like books."


def test_forged_and_stale_requests_are_refused_and_change_nothing(http_bot: BotUnderTest) -> None:
    base = http_bot.base_url
    assert base is not None
    command = p.slash_command("/pitch", "sneaky")
    submission = p.view_submission(ids.PITCH_MODAL, {})

    wrong_secret = post_signed(base, command, secret="not-the-secret")
    stale = post_signed(base, command, timestamp=int(time.time()) - 6 * 60)
    tampered = post_signed(base, submission, tamper=True)

    assert [wrong_secret.status, stale.status, tampered.status] == [401, 401, 401]
    http_bot.settled()
    assert http_bot.fake.calls_to("views.open") == []
    assert idea_count(http_bot) == 0


def test_a_server_error_on_the_card_is_not_retried_and_the_pitcher_is_told(bot: BotUnderTest) -> None:
    # A 5xx may come after Slack stored the message: posting again could double it (issue 15).
    bot.fake.fail_next("chat.postMessage", status=503)

    submit_pitch(bot, title="Resilient idea")

    card, dm = bot.fake.wait_for("chat.postMessage", count=2)
    assert card.params["channel"] == p.CHANNEL_ID and dm.params["channel"] == p.USER_ID
    assert "it may be there already" in dm.params["text"]
    assert scalar(bot, select(Idea.title)) == "Resilient idea"


def test_the_one_client_retries_rate_limits_server_errors_and_dropped_connections() -> None:
    from pathlib import Path

    from slack_sdk.http_retry import RateLimitErrorRetryHandler

    from bot.core.settings import load_settings
    from bot.slack.client import (
        ConnectionErrorRetryHandlerForSafeMethods,
        ServerErrorRetryHandlerForSafeMethods,
        build_client,
    )

    settings = load_settings({"SLACK_API_URL": "https://slack-gov.com/api"}, env_file=Path("/nonexistent"))
    client = build_client(settings, token="xoxb-1")

    assert client.base_url == "https://slack-gov.com/api/"
    kinds = {type(handler) for handler in client.retry_handlers}
    assert kinds == {
        RateLimitErrorRetryHandler,
        ServerErrorRetryHandlerForSafeMethods,
        ConnectionErrorRetryHandlerForSafeMethods,
    }


@pytest.mark.parametrize("error", ["is_archived", "channel_not_found", "restricted_action"])
def test_every_refusal_keeps_the_idea_and_says_what_to_do(bot: BotUnderTest, error: str) -> None:
    bot.fake.error_next("chat.postMessage", error)

    submit_pitch(bot, title="Stubborn idea")

    dm = bot.fake.wait_for("chat.postMessage", count=2)[1]
    idea = wait_until(lambda: scalar(bot, select(Idea)))
    expected = notices.post_failed_dm(translator("en"), idea_data(bot, idea.id), p.CHANNEL_ID, error)
    assert dm.params["channel"] == p.USER_ID
    assert dm.params["text"] == expected["text"]
    assert idea.message_ts is None


def test_a_pitch_from_the_home_tab_without_an_ideas_channel_is_kept_and_explained(bot: BotUnderTest) -> None:
    bot.send(p.block_actions(ids.HOME_PITCH, view={"id": "V0HOME0001", "type": "home", "blocks": []}))
    opened = bot.fake.wait_for("views.open")[0].json("view")

    payload = p.view_submission(
        ids.PITCH_MODAL, pitch_values(title="Homegrown"), private_metadata=opened["private_metadata"]
    )
    bot.send(payload)

    (dm,) = bot.fake.wait_for("chat.postMessage")
    assert dm.params["channel"] == p.USER_ID
    assert "no ideas channel is set yet" in dm.params["text"]
    assert scalar(bot, select(Idea.title)) == "Homegrown"


def test_a_double_click_on_post_it_again_posts_one_card(bot: BotUnderTest) -> None:
    bot.fake.error_next("chat.postMessage", "not_in_channel")
    submit_pitch(bot, title="Eager idea")
    bot.fake.wait_for("chat.postMessage", count=2)
    idea_id = scalar(bot, select(Idea.id))

    presses = [p.block_actions(ids.RETRY_POST, str(idea_id), channel_id="D0DM000001") for _ in range(2)]
    threads = [threading.Thread(target=bot.send, args=(press,)) for press in presses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    wait_until(lambda: scalar(bot, select(Idea.message_ts)))
    bot.settled()  # both presses have done all they were going to do
    cards = [
        c for c in bot.fake.successful_calls_to("chat.postMessage") if c.params["channel"] == p.CHANNEL_ID
    ]
    assert len(cards) == 1


def test_save_as_idea_reads_slack_markup_as_a_person_would(bot: BotUnderTest) -> None:
    text = "Fish &amp; chips for &lt;everyone&gt;\nAsk <@U0OTHER001> or see <https://x.example/a|the plan>"
    bot.send(p.message_shortcut(ids.SAVE_AS_IDEA, text))

    view = bot.fake.wait_for("views.open")[0].json("view")
    values = {b.get("block_id"): b.get("element", {}).get("initial_value") for b in view["blocks"]}
    assert values["title"] == "Fish & chips for <everyone>"
    # A mention reads as the name Slack shows (the fake's display name for an unknown user is its id
    # in lower case), not as the raw id (issue 15).
    assert values["description"] == "Ask @u0other001 or see the plan (https://x.example/a)"

    submit_pitch(bot, title=values["title"])
    card = bot.fake.wait_for("chat.postMessage")[0]
    assert "Fish &amp; chips for &lt;everyone&gt;" in card.params["text"]


def test_a_writer_holding_the_database_does_not_delay_the_pitch_form(bot: BotUnderTest) -> None:
    bot.rt.prefs.warm()
    with bot.db.session() as session:
        # A long write transaction (on SQLite: the write lock) while a member types /pitch.
        ensure_workspace(session, p.TEAM_ID)
        session.flush()
        bot.send(p.slash_command("/pitch", "Quick"))
        (opened,) = bot.fake.wait_for("views.open", timeout=2)
    assert opened.json("view")["callback_id"] == ids.PITCH_MODAL


def test_an_answer_is_told_to_the_challenges_author_and_followers_once(bot: BotUnderTest) -> None:
    asker, fan = "U0ASKER001", "U0FAN00001"
    with bot.db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        challenge = pitches.create_pitch(
            session,
            team_id=p.TEAM_ID,
            author_id=asker,
            draft=pitches.PitchDraft(kind="challenge", title="How do we build trust across the sector?"),
            origin_channel_id=p.CHANNEL_ID,
        )
        for follower in (asker, fan, p.USER_ID):
            pitches.follow(session, team_id=p.TEAM_ID, idea_id=challenge.id, user_id=follower)
    values = pitch_values(title="Open budget meetings")
    values["challenge"] = {ids.INPUT: p.static_select(str(challenge.id))}

    reply = bot.send(
        p.view_submission(ids.PITCH_MODAL, values, private_metadata=f'{{"channel": "{p.CHANNEL_ID}"}}')
    )
    assert not reply.errors
    bot.fake.wait_for("chat.postMessage", count=3)
    answer_id = wait_until(lambda: scalar(bot, select(Idea.id).where(Idea.title == "Open budget meetings")))
    # "Post it again" on a card already out posts nothing and tells nobody again.
    bot.send(p.block_actions(ids.RETRY_POST, str(answer_id)))
    bot.settled()

    dms = [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"] != p.CHANNEL_ID]
    assert sorted(c.params["channel"] for c in dms) == [asker, fan]
    for dm in dms:
        assert "Open budget meetings" in dm.params["text"]
        assert "How do we build trust across the sector?" in dm.params["text"]
