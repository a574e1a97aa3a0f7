"""A newcomer's welcome: one DM, once ever, in their language, with what the community is for, a
Pitch an idea button, Join pairing when rounds are on, and a language choice that holds at once."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.core import ids
from bot.core.i18n import available_languages, translator
from bot.core.workspace_settings import WELCOME_LANGUAGES, InvalidSetting, load, set_value
from bot.members import welcome
from models import Member, WorkspaceSetting
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, start_http_bot
from tests.support.views_check import assert_valid_message

NEWCOMER = "U0NEWCOME1"


def join(bot: BotUnderTest, user: dict | None = None, event_id: str | None = None) -> None:
    user = user or p.user_object(NEWCOMER, locale="en-US")
    event = {"type": "team_join", "user": user, "event_ts": "1764550000.000100"}
    bot.send(p.event_callback(event, event_id=event_id))


def welcomes_to(bot: BotUnderTest, user_id: str = NEWCOMER) -> list:
    bot.settled()
    return [c for c in bot.fake.successful_calls_to("chat.postMessage") if c.params.get("channel") == user_id]


def settings(bot: BotUnderTest, **values: str) -> None:
    with bot.db.session() as session:
        for key, value in values.items():
            set_value(session, p.TEAM_ID, key, value)
    bot.rt.prefs.forget(p.TEAM_ID)


def buttons(call) -> list[dict]:
    return [e for b in call.json("blocks") if b["type"] == "actions" for e in b["elements"]]


def test_a_newcomer_is_welcomed_once_in_the_workspace_language_whatever_slack_retries(
    bot: BotUnderTest,
) -> None:
    settings(bot, language="fi")

    join(bot, event_id="Ev0WELCOME1")
    join(bot, event_id="Ev0WELCOME1")  # Slack's retry
    join(bot)  # the same news twice

    (dm,) = welcomes_to(bot)
    assert_valid_message(dm.params["text"], dm.json("blocks"))
    shown = json.dumps(dm.json("blocks"), ensure_ascii=False)
    assert "Tervetuloa" in shown and f"<@{NEWCOMER}>" in shown
    assert translator("fi").gettext("Pitch an idea") in shown
    assert [b["action_id"] for b in buttons(dm)][:2] == [ids.HOME_PITCH, ids.PAIR_JOIN]
    languages = [b for b in buttons(dm) if b["action_id"].startswith(ids.WELCOME_LANGUAGE)]
    assert [b["text"]["text"] for b in languages] == ["Suomi", "Svenska", "English"]


def test_leaving_and_coming_back_or_a_restart_bring_no_second_welcome(bot: BotUnderTest) -> None:
    join(bot)
    assert len(welcomes_to(bot)) == 1

    gone = p.user_object(NEWCOMER, deleted=True)
    bot.send(p.event_callback({"type": "user_change", "user": gone, "event_ts": "1764550001.000100"}))
    join(bot)
    restarted = start_http_bot(bot.db, bot.fake)
    try:
        join(restarted)
        restarted.settled()
    finally:
        restarted.stop()

    assert len(welcomes_to(bot)) == 1


@pytest.mark.parametrize(
    "user",
    [
        p.user_object("U0SOMEBOT1", is_bot=True),
        {**p.user_object("U0OUTSIDE1"), "team_id": "T0OTHERORG"},  # Slack Connect: another organisation
        {**p.user_object("U0STRANGE1"), "is_stranger": True},
        {**p.user_object("U0GONE0001", deleted=True)},
    ],
    ids=["bot", "slack-connect-guest", "stranger", "deleted"],
)
def test_only_humans_of_this_workspace_are_welcomed(bot: BotUnderTest, user: dict) -> None:
    join(bot, user)

    assert welcomes_to(bot, user["id"]) == []


def test_join_pairing_is_offered_only_when_rounds_are_on(bot: BotUnderTest) -> None:
    settings(bot, pairing_every_days="0")
    join(bot)

    (dm,) = welcomes_to(bot)
    assert ids.PAIR_JOIN not in [b["action_id"] for b in buttons(dm)]
    assert ids.HOME_PITCH in [b["action_id"] for b in buttons(dm)]


def test_choosing_a_language_in_the_welcome_holds_at_once_for_everything_after(bot: BotUnderTest) -> None:
    settings(bot, language="fi")
    join(bot)
    (dm,) = welcomes_to(bot)

    press = p.block_actions(
        f"{ids.WELCOME_LANGUAGE}:sv",
        "sv",
        user_id=NEWCOMER,
        channel_id=dm.response["channel"],
        message_ts=dm.response["ts"],
        message=dm.response["message"],
    )
    bot.send(press)
    (redrawn,) = bot.fake.wait_for("chat.update")

    assert "Välkommen" in json.dumps(redrawn.json("blocks"), ensure_ascii=False)
    with bot.db.read() as session:
        assert session.scalar(select(Member.language).where(Member.user_id == NEWCOMER)) == "sv"
    help_reply = bot.send(p.slash_command("/thinktank", "help", user_id=NEWCOMER))
    assert "hjälper" in help_reply.text, "help in Swedish"
    assert bot.rt.prefs.language(p.TEAM_ID, NEWCOMER) == "sv"


def test_a_forged_language_button_changes_nothing(bot: BotUnderTest) -> None:
    join(bot)
    welcomes_to(bot)

    bot.send(p.block_actions(f"{ids.WELCOME_LANGUAGE}:tlh", "tlh", user_id=NEWCOMER))
    bot.settled()

    assert bot.fake.calls_to("chat.update") == []
    with bot.db.read() as session:
        assert session.scalar(select(Member.language).where(Member.user_id == NEWCOMER)) is None


def test_the_admins_own_words_in_each_language(bot: BotUnderTest) -> None:
    settings(
        bot,
        language="fi",
        welcome_text_fi="Kansalaisajatushautomo kokoaa ideoita terveydestä, hyvinvoinnista ja kulttuurista.",
        welcome_text_sv="Medborgarnas tankesmedja samlar idéer om hälsa, välmående och kultur.",
    )
    join(bot)
    (dm,) = welcomes_to(bot)
    assert "Kansalaisajatushautomo" in json.dumps(dm.json("blocks"), ensure_ascii=False)

    bot.send(
        p.block_actions(
            f"{ids.WELCOME_LANGUAGE}:sv",
            "sv",
            user_id=NEWCOMER,
            channel_id=dm.response["channel"],
            message_ts=dm.response["ts"],
            message=dm.response["message"],
        )
    )
    (redrawn,) = bot.fake.wait_for("chat.update")
    assert "tankesmedja" in json.dumps(redrawn.json("blocks"), ensure_ascii=False)


def test_a_welcome_text_too_long_for_slack_or_blank_is_refused_and_nothing_changes(db) -> None:
    with db.session() as session:
        set_value(session, p.TEAM_ID, "welcome_text_fi", "Tervetuloa!")
    # Too long for a short welcome (and near a section's 3,000), or nothing visible at all.
    for refused in ("x" * 1001, "\u200b\u200b"):
        with db.session() as session, pytest.raises(InvalidSetting) as problem:
            set_value(session, p.TEAM_ID, "welcome_text_fi", refused)
        assert "1,000" in problem.value.allowed
    with pytest.raises(InvalidSetting), db.session() as session:
        set_value(session, p.TEAM_ID, "welcome_text_de", "Willkommen")
    with db.read() as session:
        assert load(session, p.TEAM_ID).welcome_text_fi == "Tervetuloa!"
        keys = set(session.scalars(select(WorkspaceSetting.key)))
    assert keys == {"welcome_text_fi"}


def test_the_contracts_first_spelling_welcome_text_sets_the_text_of_the_workspace_language(db) -> None:
    with db.session() as session:
        set_value(session, p.TEAM_ID, "language", "fi")
        set_value(session, p.TEAM_ID, "welcome_text", "Tervetuloa ideoimaan kanssamme!")
    with db.read() as session:
        settings = load(session, p.TEAM_ID)
    assert settings.welcome_text_fi == "Tervetuloa ideoimaan kanssamme!"
    assert settings.welcome_text_en is None and settings.welcome_text_sv is None
    with pytest.raises(InvalidSetting), db.session() as session:
        set_value(session, p.TEAM_ID, "welcome_text", "x" * 1001)


def test_every_language_can_have_its_own_welcome() -> None:
    assert set(WELCOME_LANGUAGES) == set(available_languages())


def test_a_welcome_is_claimed_once_even_by_two_processes_at_once(db) -> None:
    from bot.members import roster

    with db.session() as session:
        roster.ensure_member(session, p.TEAM_ID, NEWCOMER)
    with db.session() as first, db.session() as second:
        assert welcome.claim(first, team_id=p.TEAM_ID, user_id=NEWCOMER)
        first.commit()
        assert not welcome.claim(second, team_id=p.TEAM_ID, user_id=NEWCOMER)
