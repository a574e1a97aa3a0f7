"""The pitch listeners called directly: a recording ack, the middleware's context, the fake Slack."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.core import ids
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.ideas.views import notices
from bot.slack.context import NoRequester
from handlers import pitch
from models.idea import Idea
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, context_for
from tests.support.pitching import pitch_values


def test_pitch_opens_the_form_with_the_title_typed_after_the_command(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    ack = Ack()
    command = p.slash_command("/pitch", "Seed library")
    pitch.open_pitch_form(ack, command, listener_rt.client, context_for(listener_rt))

    assert ack.once == {}
    (opened,) = fake_slack.calls_to("views.open")
    assert opened.params["trigger_id"] == command["trigger_id"]
    view = opened.json("view")
    assert view["callback_id"] == ids.PITCH_MODAL
    assert "Seed library" in str(view["blocks"])


def test_a_pitch_without_a_title_keeps_the_form_open_and_stores_nothing(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    ack = Ack()
    form = p.view_submission(
        ids.PITCH_MODAL, pitch_values(title=""), private_metadata='{"channel": "C0IDEAS001"}'
    )
    pitch.submit_pitch(ack, form["view"], listener_rt.client, context_for(listener_rt))

    assert ack.once["response_action"] == "errors"
    assert set(ack.once["errors"]) == {"title"}
    with listener_rt.db.read() as session:
        assert list(session.scalars(select(Idea.id))) == []
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_pitch_is_stored_before_the_ack_and_its_card_posted_after(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    acked_with_stored: list[list[str]] = []

    class AckLookingAtTheDatabase(Ack):
        def __call__(self, *args: Any, **kwargs: Any) -> None:
            with listener_rt.db.read() as session:
                acked_with_stored.append(list(session.scalars(select(Idea.title))))

    ack = AckLookingAtTheDatabase()

    form = p.view_submission(
        ids.PITCH_MODAL, pitch_values(title="Seed library"), private_metadata='{"channel": "C0IDEAS001"}'
    )
    pitch.submit_pitch(ack, form["view"], listener_rt.client, context_for(listener_rt))

    assert acked_with_stored == [["Seed library"]]
    (card,) = fake_slack.calls_to("chat.postMessage")
    assert card.params["channel"] == p.CHANNEL_ID


def test_the_same_form_sent_again_posts_no_second_card(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    form = p.view_submission(
        ids.PITCH_MODAL, pitch_values(title="Seed library"), private_metadata='{"channel": "C0IDEAS001"}'
    )
    for _ in range(2):
        pitch.submit_pitch(Ack(), form["view"], listener_rt.client, context_for(listener_rt))

    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_post_again_on_someone_elses_idea_says_it_is_unknown(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    form = p.view_submission(
        ids.PITCH_MODAL, pitch_values(title="Seed library"), private_metadata='{"channel": "C0IDEAS001"}'
    )
    pitch.submit_pitch(Ack(), form["view"], listener_rt.client, context_for(listener_rt))
    with listener_rt.db.read() as session:
        idea_id = session.scalars(select(Idea.id)).one()
    fake_slack.reset()

    ack = Ack()
    press = p.block_actions(ids.RETRY_POST, str(idea_id), user_id="U0OTHER001")
    context = context_for(listener_rt, user_id="U0OTHER001")
    pitch.post_again(ack, press, press["actions"][0], listener_rt.client, context)

    assert ack.once == {}
    assert fake_slack.calls_to("chat.update") == []
    # No channel to answer in: a DM, the unknown-idea notice.
    (dm,) = fake_slack.calls_to("chat.postMessage")
    assert dm.params["text"] == notices.unknown_idea(translator("en"))


def test_a_request_naming_nobody_is_left_to_the_error_guard(listener_rt: Runtime) -> None:
    ack = Ack()
    with pytest.raises(NoRequester):
        pitch.pitch_from_home(
            ack, p.block_actions(ids.HOME_PITCH), listener_rt.client, context_for(listener_rt, user_id=None)
        )
