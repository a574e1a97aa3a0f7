"""The card's Support button, its listener called directly: a toggle answered privately, the card
redrawn with the count, and a forged or foreign id refused kindly."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.core import ids
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.ideas.views import knowledge, notices
from handlers import responses
from models import Support
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, context_for, pitched_idea

MEMBER = "U0MEMBER01"
EN = translator("en")


def press_support(rt: Runtime, value: str, *, user_id: str = MEMBER, team_id: str = p.TEAM_ID) -> Ack:
    ack = Ack()
    body = p.block_actions(ids.IDEA_SUPPORT, value, user_id=user_id, team_id=team_id, channel_id=p.CHANNEL_ID)
    responses.support(
        ack, body, body["actions"][0], rt.client, context_for(rt, team_id=team_id, user_id=user_id)
    )
    return ack


def supports(rt: Runtime) -> int:
    with rt.db.read() as session:
        return session.scalar(select(func.count()).select_from(Support)) or 0


def card_text(call: Any) -> str:
    return str(call.params["blocks"])


def test_support_then_withdraw_answers_privately_and_redraws_the_card(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    idea = pitched_idea(listener_rt)
    fake_slack.reset()

    assert press_support(listener_rt, str(idea.id)).once == {}
    assert supports(listener_rt) == 1
    press_support(listener_rt, str(idea.id))
    assert supports(listener_rt) == 0

    given, withdrawn = fake_slack.calls_to("chat.postEphemeral")
    assert (given.params["user"], given.params["channel"]) == (MEMBER, p.CHANNEL_ID)
    assert given.params["text"] == knowledge.supported(EN, idea, True)
    assert "You support #1" in given.params["text"] and "again to withdraw" in given.params["text"]
    assert withdrawn.params["text"] == knowledge.supported(EN, idea, False)
    first, second = fake_slack.calls_to("chat.update")
    assert (first.params["channel"], first.params["ts"]) == (idea.channel_id, idea.message_ts)
    assert "1 support" in card_text(first) and "0 supports" in card_text(second)


def test_an_author_may_support_their_own_idea(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    idea = pitched_idea(listener_rt)

    press_support(listener_rt, str(idea.id), user_id=p.USER_ID)

    assert supports(listener_rt) == 1


def test_a_forged_or_foreign_idea_id_is_refused_kindly_and_changes_nothing(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    idea = pitched_idea(listener_rt)
    fake_slack.reset()

    for value in ("not-a-number", "999999", "-1"):
        press_support(listener_rt, value)
    press_support(listener_rt, str(idea.id), team_id="T0ELSEWHERE")

    assert supports(listener_rt) == 0
    assert fake_slack.calls_to("chat.update") == []
    answers = fake_slack.calls_to("chat.postEphemeral")
    assert len(answers) == 4 and {a.params["text"] for a in answers} == {notices.unknown_idea(EN)}
