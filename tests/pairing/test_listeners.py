"""The pairing listeners called directly: a recording ack, the middleware's context, the fake Slack."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from bot.core import ids
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.core.workspace_settings import ensure_workspace
from bot.pairing import participation
from bot.pairing.views import replies
from handlers import pairing
from models import Learning
from models.pairing import TOPIC_MAX
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, context_for

TEAM = p.TEAM_ID
ANNA = "U0ANNA0001"
EN = translator("en")


def pair(rt: Runtime, text: str, user_id: str = ANNA) -> Ack:
    """`/thinktank pair <text>` as the dispatcher hands it over; the ack it got."""
    ack = Ack()
    command = p.slash_command("/thinktank", f"pair {text}", user_id=user_id)
    words = command["text"].split()[1:]
    pairing.pair_command(rt, ack, rt.client, context_for(rt, user_id=user_id), words, command["trigger_id"])
    return ack


def join_form(topic: str, *, from_home: bool) -> dict:
    values = {"topic": {ids.INPUT: p.plain_input(topic)}, "interests": {ids.INPUT: p.multi_select([])}}
    metadata = json.dumps({"home": from_home})
    return p.view_submission(ids.PAIR_JOIN_MODAL, values, private_metadata=metadata, user_id=ANNA)["view"]


def test_pausing_without_taking_part_says_so_and_a_pause_of_no_number_shows_the_usage(
    listener_rt: Runtime,
) -> None:
    assert pair(listener_rt, "pause 4").once == {"text": replies.not_taking_part(EN)}
    assert pair(listener_rt, "pause soon").once == {"text": replies.usage(EN)}
    assert pair(listener_rt, "leave now").once == {"text": replies.usage(EN)}


def test_pair_join_acks_and_opens_the_join_form(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    ack = pair(listener_rt, "join")

    assert ack.once == {}
    [opened] = fake_slack.calls_to("views.open")
    form = opened.json("view")
    assert form["callback_id"] == ids.PAIR_JOIN_MODAL
    assert json.loads(form["private_metadata"]) == {"home": False}


def test_a_topic_too_long_keeps_the_join_form_open_and_nobody_joins(listener_rt: Runtime) -> None:
    ack = Ack()

    pairing.on_join_submitted(
        ack,
        join_form("x" * (TOPIC_MAX + 1), from_home=False),
        listener_rt.client,
        context_for(listener_rt, user_id=ANNA),
    )

    assert ack.once["response_action"] == "errors"
    assert set(ack.once["errors"]) == {"topic"}
    with listener_rt.db.read() as session:
        assert participation.participant(session, TEAM, ANNA) is None


def test_joining_from_home_updates_the_form_and_redraws_the_home_tab(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    with listener_rt.db.session() as session:
        ensure_workspace(session, TEAM)
    ack = Ack()

    pairing.on_join_submitted(
        ack,
        join_form("Open data", from_home=True),
        listener_rt.client,
        context_for(listener_rt, user_id=ANNA),
    )

    assert ack.once["response_action"] == "update"
    with listener_rt.db.read() as session:
        me = participation.participant(session, TEAM, ANNA)
    assert me is not None and me.active and me.topic == "Open data"
    [published] = fake_slack.calls_to("views.publish")
    assert published.params["user_id"] == ANNA


def test_skipping_a_round_without_taking_part_is_answered_privately(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    body = p.block_actions(ids.PAIR_SKIP, "1", user_id=ANNA)
    ack = Ack()

    pairing.on_skip_round(
        ack, body, body["actions"][0], listener_rt.client, context_for(listener_rt, user_id=ANNA)
    )

    assert ack.once == {}
    [answer] = fake_slack.calls_to("chat.postEphemeral")
    assert answer.params["user"] == ANNA and answer.params["text"] == replies.not_taking_part(EN)
    assert fake_slack.calls_to("chat.update") == []


def test_we_met_for_a_forged_group_opens_no_form(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    body = p.block_actions(ids.PAIR_MET, "<!channel>", user_id=ANNA)

    pairing.on_met(
        Ack(), body, body["actions"][0], listener_rt.client, context_for(listener_rt, user_id=ANNA)
    )

    [answer] = fake_slack.calls_to("chat.postEphemeral")
    assert answer.params["text"] == replies.unknown_round(EN)
    assert fake_slack.calls_to("views.open") == []


def test_a_learning_without_consent_is_thanked_for_and_not_kept(listener_rt: Runtime) -> None:
    values = {
        "learning": {ids.INPUT: p.plain_input("Libraries lend sewing machines")},
        "consent": {ids.INPUT: p.checkboxes([])},
    }
    form = p.view_submission(
        ids.PAIR_LEARNING_MODAL, values, private_metadata=json.dumps({"group": 1}), user_id=ANNA
    )
    ack = Ack()

    pairing.on_learning_submitted(
        ack, form["view"], listener_rt.client, context_for(listener_rt, user_id=ANNA)
    )

    assert ack.once["response_action"] == "update"
    assert "Nothing was kept" in json.dumps(ack.once["view"])
    with listener_rt.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Learning)) == 0
