"""The gatherings' listeners called directly: a recording ack, the middleware's context, the fake Slack."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.core import ids
from bot.core.db import Database
from bot.core.runtime import Runtime
from bot.core.workspace_settings import ensure_workspace, set_value
from bot.gatherings import announcement, planning
from bot.gatherings.planning import Plan
from bot.ideas import pitches
from bot.ideas.pitches import PitchDraft
from handlers import gatherings
from models import Gathering, GatheringRsvp, utcnow
from models.gathering import NOTE_MAX
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, context_for

TEAM = p.TEAM_ID
ORGANISER, OTHER = "U0ORGAN001", "U0OTHER001"
ANNOUNCE_IN = "C0MEET0001"
ANNOUNCED_AT = "1700000000.000100"


@dataclass
class Respond:
    """Bolt's `respond`, recording what was said through the press's response_url."""

    said: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, **kwargs: Any) -> None:
        self.said.append(kwargs)


def a_gathering(
    db: Database, starts_at: datetime, *, idea_title: str | None = None
) -> tuple[int, int | None]:
    """A gathering announced already, about one idea when `idea_title` is given: (gathering, idea)."""
    with db.session() as session:
        ensure_workspace(session, TEAM)
        idea_id = None
        if idea_title is not None:
            draft = PitchDraft(title=idea_title)
            idea_id = pitches.create_pitch(
                session, team_id=TEAM, author_id=ORGANISER, draft=draft, origin_channel_id=None
            ).id
        plan = Plan(
            title="Street choir evening",
            place="Kallio library",
            channel_id=ANNOUNCE_IN,
            idea_ids=(idea_id,) if idea_id else (),
        )
        gathering_id = planning.plan_gathering(session, TEAM, ORGANISER, plan, starts_at)
        announcement.announced(session, TEAM, gathering_id, ANNOUNCED_AT)
    return gathering_id, idea_id


def test_meet_opens_the_plan_form_after_an_empty_ack(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    ack = Ack()
    command = p.slash_command("/thinktank", "meet", user_id=OTHER)

    gatherings.meet_command(
        listener_rt, ack, listener_rt.client, context_for(listener_rt, user_id=OTHER), command["trigger_id"]
    )

    assert ack.once == {}
    [opened] = fake_slack.calls_to("views.open")
    assert opened.params["trigger_id"] == command["trigger_id"]
    assert opened.json("view")["callback_id"] == ids.GATHERING_PLAN_MODAL


def test_when_only_facilitators_plan_meet_says_so_in_the_ack_and_opens_nothing(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    with listener_rt.db.session() as session:
        set_value(session, TEAM, "gatherings_by", "facilitators")
    listener_rt.prefs.forget(TEAM)
    ack = Ack()

    gatherings.meet_command(
        listener_rt, ack, listener_rt.client, context_for(listener_rt, user_id=OTHER), "t"
    )

    assert "facilitators plan the gatherings" in ack.once["text"]
    assert fake_slack.calls_to("views.open") == []


def test_a_plan_without_a_title_is_sent_back_and_nothing_is_stored(listener_rt: Runtime) -> None:
    values = {
        "title": {ids.INPUT: p.plain_input(None)},
        "day": {
            ids.INPUT: {
                "type": "datepicker",
                "selected_date": (utcnow() + timedelta(days=3)).date().isoformat(),
            }
        },
        "time": {ids.INPUT: {"type": "timepicker", "selected_time": "18:00"}},
        "place": {ids.INPUT: p.plain_input("Kallio library")},
        "channel": {ids.INPUT: {"type": "conversations_select", "selected_conversation": ANNOUNCE_IN}},
    }
    submission = p.view_submission(ids.GATHERING_PLAN_MODAL, values, user_id=ORGANISER)
    ack = Ack()

    gatherings.on_plan_submitted(
        ack, submission["view"], listener_rt.client, context_for(listener_rt, user_id=ORGANISER)
    )

    assert ack.once["response_action"] == "errors"
    assert set(ack.once["errors"]) == {"title"}
    with listener_rt.db.read() as session:
        assert session.scalars(select(Gathering)).all() == []


def test_ill_come_is_kept_and_the_announcement_redrawn_with_the_count(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    gathering_id, _ = a_gathering(listener_rt.db, utcnow() + timedelta(days=2))
    ack, respond = Ack(), Respond()
    action = p.block_actions(ids.GATHERING_COMING, str(gathering_id), user_id=OTHER)["actions"][0]

    gatherings.on_coming(ack, action, listener_rt.client, context_for(listener_rt, user_id=OTHER), respond)

    assert ack.once == {} and respond.said == []
    with listener_rt.db.read() as session:
        assert session.scalars(select(GatheringRsvp.user_id)).all() == [OTHER]
    [redrawn] = fake_slack.calls_to("chat.update")
    assert redrawn.params["ts"] == ANNOUNCED_AT
    assert "1 coming" in json.dumps(redrawn.json("blocks"))


def test_an_answer_to_a_forged_gathering_is_told_privately_and_nothing_is_redrawn(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    ack, respond = Ack(), Respond()
    action = p.block_actions(ids.GATHERING_NOT_COMING, "<!channel>", user_id=OTHER)["actions"][0]

    gatherings.on_not_coming(
        ack, action, listener_rt.client, context_for(listener_rt, user_id=OTHER), respond
    )

    assert ack.once == {}
    [answer] = respond.said
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is False
    assert "can't find that gathering" in answer["text"]
    assert fake_slack.calls_to("chat.update") == []


def test_a_note_too_long_is_shown_on_that_note(listener_rt: Runtime) -> None:
    gathering_id, idea_id = a_gathering(listener_rt.db, utcnow() - timedelta(hours=2), idea_title="Choir")
    values = {
        "attendance": {ids.INPUT: p.plain_input("12")},
        f"note_{idea_id}": {ids.INPUT: p.plain_input("la " * NOTE_MAX)},
    }
    submission = p.view_submission(
        ids.GATHERING_RECORD_MODAL,
        values,
        private_metadata=json.dumps({"gathering": gathering_id}),
        user_id=ORGANISER,
    )
    ack = Ack()

    gatherings.on_record_submitted(
        ack, submission["view"], listener_rt.client, context_for(listener_rt, user_id=ORGANISER)
    )

    assert ack.once["response_action"] == "errors"
    assert set(ack.once["errors"]) == {f"note_{idea_id}"}
