"""`/thinktank privacy` and its Download and Erase buttons, called directly."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.privacy.views import blocks as views
from handlers import privacy
from models.idea import Idea
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, Respond, context_for, pitched_idea

EN = translator("en")


def test_privacy_is_acked_then_shown_to_the_asker_only(listener_rt: Runtime) -> None:
    ack, respond = Ack(), Respond()
    privacy.privacy_command(ack, context_for(listener_rt), respond)

    assert ack.once == {}
    assert respond.once["response_type"] == "ephemeral"
    assert "blocks" in respond.once


def test_download_sends_the_document_by_dm(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    ack, respond = Ack(), Respond()
    privacy.download(ack, listener_rt.client, context_for(listener_rt), respond)

    assert ack.once == {}
    (opened,) = fake_slack.calls_to("conversations.open")
    assert opened.params["users"] == p.USER_ID
    assert respond.once["text"] == views.export_sent(EN)


def test_erase_leaves_no_idea_authored_by_the_member_and_says_so_in_place(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    pitched_idea(listener_rt)
    ack, respond = Ack(), Respond()

    privacy.erase(ack, listener_rt.client, context_for(listener_rt), respond)

    assert ack.once == {}
    assert respond.once["replace_original"] is True
    with listener_rt.db.read() as session:
        assert p.USER_ID not in set(session.scalars(select(Idea.author_id)))
