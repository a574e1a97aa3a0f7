"""The welcome DM's language buttons, called directly."""

from __future__ import annotations

from bot.core import ids
from bot.core.runtime import Runtime
from handlers import welcome
from models.member import Member
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, context_for


def press_language(rt: Runtime, language: str) -> Ack:
    ack = Ack()
    body = p.block_actions(f"{ids.WELCOME_LANGUAGE}:{language}", language, channel_id="D0WELCOME1")
    welcome.choose_language(ack, body["actions"][0], body, rt.client, context_for(rt))
    return ack


def language_of(rt: Runtime) -> str | None:
    with rt.db.read() as session:
        member = session.get(Member, (p.TEAM_ID, p.USER_ID))
        return member.language if member else None


def test_a_language_button_keeps_the_choice_and_redraws_the_welcome_in_it(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    ack = press_language(listener_rt, "fi")

    assert ack.once == {}
    assert language_of(listener_rt) == "fi"
    (update,) = fake_slack.calls_to("chat.update")
    assert update.params["channel"] == "D0WELCOME1"


def test_a_forged_language_changes_nothing(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    ack = press_language(listener_rt, "xx")

    assert ack.once == {}
    assert language_of(listener_rt) is None
    assert fake_slack.calls_to("chat.update") == []
