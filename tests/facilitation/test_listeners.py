"""The facilitators' listeners called directly: a recording ack, the middleware's context, the fake Slack."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.core import ids
from bot.core.db import Database
from bot.core.runtime import Runtime
from bot.core.weeks import Week
from bot.core.workspace_settings import ensure_workspace
from bot.facilitation import assignment, attention
from bot.members import roster
from bot.pulse import checkins
from bot.slack.context import NoRequester
from handlers import facilitation
from models import AttentionItem, utcnow
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, context_for

TEAM = p.TEAM_ID
ANNA, BEN, CARLA = "U0ANNA0001", "U0BEN00001", "U0CARLA001"
NEWCOMER = "U0NEW00001"


def make_facilitators(db: Database, *user_ids: str) -> None:
    with db.session() as session:
        ensure_workspace(session, TEAM)
        for user_id in user_ids:
            assignment.set_role(session, TEAM, user_id, True)
            member = roster.ensure_member(session, TEAM, user_id)
            member.timezone, member.slack_locale, member.profile_synced_at = (
                "Europe/Helsinki",
                "en-US",
                utcnow(),
            )


def an_open_item(db: Database) -> int:
    """A newcomer to welcome: one open item for a facilitator."""
    now = utcnow()
    with db.session() as session:
        roster.ensure_member(session, TEAM, NEWCOMER).joined_at = now - timedelta(hours=1)
        attention.refresh(session, TEAM, now)
        item_id = session.scalar(select(AttentionItem.id))
    assert item_id is not None
    return item_id


def item_state(db: Database) -> str | None:
    with db.read() as session:
        return session.scalar(select(AttentionItem.state))


def press(action_id: str, value: str, user_id: str) -> tuple[dict, dict]:
    body = p.block_actions(action_id, value, user_id=user_id)
    return body, body["actions"][0]


def test_done_acks_at_once_and_closes_the_item(listener_rt: Runtime) -> None:
    make_facilitators(listener_rt.db, ANNA)
    item_id = an_open_item(listener_rt.db)
    ack = Ack()
    body, action = press(ids.ITEM_DONE, str(item_id), ANNA)

    facilitation.on_item_done(ack, body, action, listener_rt.client, context_for(listener_rt, user_id=ANNA))

    assert ack.once == {}
    assert item_state(listener_rt.db) == "done"


def test_a_member_who_is_not_a_facilitator_hears_so_and_the_item_stays_open(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    make_facilitators(listener_rt.db, ANNA)
    item_id = an_open_item(listener_rt.db)
    body, action = press(ids.ITEM_SNOOZE, str(item_id), CARLA)

    facilitation.on_item_snooze(
        Ack(), body, action, listener_rt.client, context_for(listener_rt, user_id=CARLA)
    )

    [answer] = fake_slack.calls_to("chat.postEphemeral")
    assert answer.params["user"] == CARLA
    assert "This is for facilitators" in answer.params["text"]
    assert item_state(listener_rt.db) == "open"


def test_hand_over_opens_its_form_with_the_press_trigger(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    make_facilitators(listener_rt.db, ANNA, BEN)
    item_id = an_open_item(listener_rt.db)
    ack = Ack()
    body, action = press(ids.ITEM_HAND_OVER, str(item_id), ANNA)

    facilitation.on_item_hand_over(
        ack, body, action, listener_rt.client, context_for(listener_rt, user_id=ANNA)
    )

    assert ack.once == {}
    [opened] = fake_slack.calls_to("views.open")
    assert opened.params["trigger_id"] == body["trigger_id"]
    form = opened.json("view")
    assert form["callback_id"] == ids.HAND_OVER_MODAL
    assert json.loads(form["private_metadata"])["item"] == item_id


def test_handing_over_to_someone_who_is_not_a_facilitator_keeps_the_form_open_with_the_reason(
    listener_rt: Runtime,
) -> None:
    make_facilitators(listener_rt.db, ANNA)
    item_id = an_open_item(listener_rt.db)
    submission = p.view_submission(
        ids.HAND_OVER_MODAL,
        {ids.HAND_OVER_BLOCK: {ids.INPUT: p.users_select(CARLA)}},
        private_metadata=json.dumps({"item": item_id}),
        user_id=ANNA,
    )
    ack = Ack()

    facilitation.on_hand_over_submitted(
        ack, submission["view"], listener_rt.client, context_for(listener_rt, user_id=ANNA)
    )

    assert ack.once["response_action"] == "errors"
    assert f"<@{CARLA}> isn't a facilitator" in ack.once["errors"][ids.HAND_OVER_BLOCK]
    with listener_rt.db.read() as session:
        assert session.scalar(select(AttentionItem.facilitator_id)) == ANNA


def test_a_check_in_for_a_week_long_past_is_sent_back_and_not_kept(listener_rt: Runtime) -> None:
    make_facilitators(listener_rt.db, ANNA)
    values = {
        "attendance": {ids.INPUT: {"type": "number_input", "value": "3"}},
        "new_partners": {ids.INPUT: {"type": "number_input", "value": "0"}},
        "news": {ids.INPUT: p.plain_input(None)},
    }
    submission = p.view_submission(
        ids.CHECKIN_MODAL, values, private_metadata=json.dumps({"week": "2020-W01"}), user_id=ANNA
    )
    ack = Ack()

    facilitation.on_checkin_submitted(ack, submission["view"], context_for(listener_rt, user_id=ANNA))

    assert ack.once["response_action"] == "errors"
    assert set(ack.once["errors"]) == {"attendance"}
    with listener_rt.db.read() as session:
        assert checkins.answer_of(session, TEAM, "2020-W01", ANNA) is None


def test_this_weeks_check_in_is_kept_and_thanked_for(listener_rt: Runtime) -> None:
    make_facilitators(listener_rt.db, ANNA)
    week = Week.current(listener_rt.prefs.workspace(TEAM).zone).label
    values = {
        "attendance": {ids.INPUT: {"type": "number_input", "value": "12"}},
        "new_partners": {ids.INPUT: {"type": "number_input", "value": "2"}},
        "news": {ids.INPUT: p.plain_input(None)},
    }
    submission = p.view_submission(
        ids.CHECKIN_MODAL, values, private_metadata=json.dumps({"week": week}), user_id=ANNA
    )
    ack = Ack()

    facilitation.on_checkin_submitted(ack, submission["view"], context_for(listener_rt, user_id=ANNA))

    assert ack.once["response_action"] == "update"
    with listener_rt.db.read() as session:
        assert checkins.answer_of(session, TEAM, week, ANNA) is not None


def test_a_press_that_names_nobody_is_acked_and_refused_before_anything_is_read(listener_rt: Runtime) -> None:
    ack = Ack()
    body, action = press(ids.ITEM_DONE, "1", ANNA)

    with pytest.raises(NoRequester):
        facilitation.on_item_done(
            ack, body, action, listener_rt.client, context_for(listener_rt, user_id=None)
        )

    assert ack.once == {}, "Slack was answered in time all the same"
