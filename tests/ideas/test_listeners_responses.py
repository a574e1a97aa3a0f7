"""The card's buttons and the perspective form, their listeners called directly."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.core import ids
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.ideas.views import notices
from handlers import responses
from models.idea import HelpOffer, IdeaFollow
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, context_for, pitched_idea

OTHER = "U0OTHER001"
EN = translator("en")


def press(rt: Runtime, action_id: str, value: str, *, user_id: str = OTHER) -> tuple[Ack, dict[str, object]]:
    ack = Ack()
    body = p.block_actions(action_id, value, user_id=user_id, channel_id=p.CHANNEL_ID)
    handler = {ids.FOLLOW: responses.follow, ids.OFFER_HELP: responses.offer_help}[action_id]
    handler(ack, body, body["actions"][0], rt.client, context_for(rt, user_id=user_id))
    return ack, body


def test_follow_twice_counts_once_and_answers_in_the_channel(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    idea = pitched_idea(listener_rt)
    fake_slack.reset()

    for _ in range(2):
        ack, _body = press(listener_rt, ids.FOLLOW, str(idea.id))
        assert ack.once == {}

    with listener_rt.db.read() as session:
        assert (
            session.scalar(select(func.count()).select_from(IdeaFollow).where(IdeaFollow.user_id == OTHER))
            == 1
        )
    first, second = fake_slack.calls_to("chat.postEphemeral")
    assert (first.params["user"], first.params["channel"]) == (OTHER, p.CHANNEL_ID)
    assert first.params["text"] == notices.following(EN, idea, True)
    assert second.params["text"] == notices.following(EN, idea, False)


def test_offering_help_on_ones_own_idea_stores_nothing(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    idea = pitched_idea(listener_rt)
    fake_slack.reset()

    press(listener_rt, ids.OFFER_HELP, str(idea.id), user_id=p.USER_ID)

    with listener_rt.db.read() as session:
        assert session.scalar(select(func.count()).select_from(HelpOffer)) == 0
    (answer,) = fake_slack.calls_to("chat.postEphemeral")
    assert answer.params["text"] == notices.own_idea_help(EN, idea)


def test_a_button_naming_no_idea_says_so(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    press(listener_rt, ids.FOLLOW, "not-a-number")

    (answer,) = fake_slack.calls_to("chat.postEphemeral")
    assert answer.params["text"] == notices.unknown_idea(EN)


def test_an_empty_perspective_keeps_the_form_open(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    idea = pitched_idea(listener_rt)
    fake_slack.reset()
    ack = Ack()
    form = p.view_submission(
        ids.PERSPECTIVE_MODAL,
        {ids.PERSPECTIVE_BLOCK: {ids.INPUT: p.plain_input(None)}},
        private_metadata=str(idea.id),
        user_id=OTHER,
    )
    responses.submit_perspective(
        ack, form, form["view"], listener_rt.client, context_for(listener_rt, user_id=OTHER)
    )

    assert ack.once == {
        "response_action": "errors",
        "errors": {ids.PERSPECTIVE_BLOCK: "Write your perspective first."},
    }
    assert fake_slack.calls_to("chat.postMessage") == []
