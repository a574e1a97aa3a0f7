"""An experiment's learning with Slack in between: the daily ask (bot/ideas/learning_run.py), the
**Share the learning** button and its form (handlers/learning.py), and the post in the learnings
channel, each once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.core import ids, metadata
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.ideas import learning_run, pitches, statuses
from bot.ideas.views import learning as views
from handlers import learning as listeners
from models import Idea, Learning, Member
from models.pairing import LEARNING_MAX
from tests.ideas.learning_support import (
    AUTHOR,
    FACILITATOR,
    IDEAS,
    LEARNINGS,
    MORNING,
    STRANGER,
    TEAM,
    TODAY,
    experiment,
    form_values,
    workspace,
)
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, context_for
from tests.support.views_check import assert_valid_message, assert_valid_view

EN = translator("en")
DM = "D0AUTHOR01"


def dms_to(fake: FakeSlack, user_id: str) -> list[Any]:
    return [c for c in fake.successful_calls_to("chat.postMessage") if c.params.get("channel") == user_id]


def posts_in(fake: FakeSlack, channel_id: str) -> list[Any]:
    return [c for c in fake.successful_calls_to("chat.postMessage") if c.params.get("channel") == channel_id]


def asked_at(rt: Runtime, idea_id: int) -> Any:
    with rt.db.read() as session:
        return session.scalar(select(Idea.learning_asked_at).where(Idea.id == idea_id))


# ------------------------------------------------------------------------------------ the ask


def test_the_author_is_asked_once_with_a_share_the_learning_button(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    workspace(listener_rt.db)
    trial = experiment(listener_rt.db)
    experiment(listener_rt.db, "Next week", due=TODAY + timedelta(days=7))

    report = learning_run.ask_due(listener_rt, listener_rt.client, TEAM, MORNING)
    again = learning_run.ask_due(listener_rt, listener_rt.client, TEAM, MORNING + timedelta(days=1))

    assert (report.asked, again.asked) == ([trial.id], [])
    (dm,) = dms_to(fake_slack, AUTHOR)
    assert "Board games at the library" in dm.params["text"]
    (actions,) = [b for b in dm.json("blocks") if b["type"] == "actions"]
    assert [(e["action_id"], e["value"]) for e in actions["elements"]] == [
        (ids.LEARNING_SHARE, str(trial.id))
    ]
    asked = views.ask_dm(EN, trial, "https://example.slack.com/archives/C1/p1")
    assert_valid_message(asked["text"], asked["blocks"])


def test_the_ask_waits_for_the_day_in_the_workspaces_zone(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    workspace(listener_rt.db)
    experiment(listener_rt.db)
    # 23:30 on Monday in Helsinki: the learning is due on Tuesday.
    monday_night = MORNING - timedelta(hours=10)

    assert learning_run.ask_due(listener_rt, listener_rt.client, TEAM, monday_night).asked == []
    assert dms_to(fake_slack, AUTHOR) == []


def test_the_ask_comes_in_the_authors_own_working_hours_never_at_night_or_on_a_weekend(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    workspace(listener_rt.db)
    with listener_rt.db.session() as session:
        author = session.get(Member, (TEAM, AUTHOR))
        assert author is not None
        author.timezone = "America/New_York"
    experiment(listener_rt.db)
    saturday_morning_in_new_york = MORNING + timedelta(days=4, hours=7)  # Sat 09:30 there

    # 02:30 in New York when it is 09:30 in Helsinki: not yet; nor on the Saturday.
    assert learning_run.ask_due(listener_rt, listener_rt.client, TEAM, MORNING).asked == []
    assert (
        learning_run.ask_due(listener_rt, listener_rt.client, TEAM, saturday_morning_in_new_york).asked == []
    )
    assert dms_to(fake_slack, AUTHOR) == []
    # 09:30 on Tuesday in New York: asked, once.
    in_new_york_office_hours = MORNING + timedelta(hours=7)
    assert (
        len(learning_run.ask_due(listener_rt, listener_rt.client, TEAM, in_new_york_office_hours).asked) == 1
    )
    assert len(dms_to(fake_slack, AUTHOR)) == 1


def test_a_refused_ask_is_released_and_asked_at_the_next_run(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    workspace(listener_rt.db)
    trial = experiment(listener_rt.db)
    fake_slack.error_next("chat.postMessage", "channel_not_found")

    first = learning_run.ask_due(listener_rt, listener_rt.client, TEAM, MORNING)

    assert (first.asked, first.not_sent, asked_at(listener_rt, trial.id)) == ([], [trial.id], None)
    assert learning_run.ask_due(listener_rt, listener_rt.client, TEAM, MORNING).asked == [trial.id]
    assert len(dms_to(fake_slack, AUTHOR)) == 1


def test_an_ask_slack_may_have_taken_is_kept_and_never_sent_twice(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    workspace(listener_rt.db)
    trial = experiment(listener_rt.db)
    # Slack stores the message and answers 5xx: it may be out, so the claim stays.
    fake_slack.queue("chat.postMessage", None, status=504)

    learning_run.ask_due(listener_rt, listener_rt.client, TEAM, MORNING)
    learning_run.ask_due(listener_rt, listener_rt.client, TEAM, MORNING + timedelta(days=1))

    assert asked_at(listener_rt, trial.id) is not None
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_an_erased_author_is_never_asked(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    workspace(listener_rt.db)
    experiment(listener_rt.db, author=None)

    assert learning_run.ask_due(listener_rt, listener_rt.client, TEAM, MORNING).asked == []
    assert fake_slack.calls_to("chat.postMessage") == []


# ----------------------------------------------------------------------------- the button


def press(rt: Runtime, idea_value: str, user_id: str) -> Ack:
    ack = Ack()
    body = p.block_actions(ids.LEARNING_SHARE, idea_value, user_id=user_id, channel_id=DM)
    listeners.on_share(ack, body, body["actions"][0], rt.client, context_for(rt, user_id=user_id))
    return ack


def test_the_button_opens_the_form_for_the_author_and_a_facilitator(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    workspace(listener_rt.db)
    trial = experiment(listener_rt.db)

    press(listener_rt, str(trial.id), AUTHOR)
    press(listener_rt, str(trial.id), FACILITATOR)

    opened = [call.json("view") for call in fake_slack.successful_calls_to("views.open")]
    assert [view["callback_id"] for view in opened] == [ids.LEARNING_MODAL] * 2
    assert metadata.read(opened[0]["private_metadata"]) == {"idea": trial.id}
    assert_valid_view(views.learning_modal(EN, trial, LEARNINGS))
    assert_valid_view(views.learning_modal(EN, trial, None))


def test_a_stranger_or_a_forged_value_gets_a_kind_answer_and_no_form(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    workspace(listener_rt.db)
    trial = experiment(listener_rt.db)
    plain_idea = experiment(listener_rt.db, "Garden", kind="idea")

    for value, user_id in (
        (str(trial.id), STRANGER),
        ("999999", AUTHOR),
        (str(plain_idea.id), AUTHOR),
        ("1 OR 1", AUTHOR),
    ):
        assert press(listener_rt, value, user_id).once == {}

    assert fake_slack.calls_to("views.open") == []
    said = [call.params["text"] for call in fake_slack.successful_calls_to("chat.postEphemeral")]
    assert said == [views.not_allowed(EN, trial)] + [views.unknown_experiment(EN)] * 3


# ------------------------------------------------------------------------------- the form


def submit(rt: Runtime, idea_id: Any, user_id: str = AUTHOR, **values: Any) -> Ack:
    ack = Ack()
    form = p.view_submission(
        ids.LEARNING_MODAL,
        form_values(**values),
        private_metadata=metadata.write({"idea": idea_id}),
        user_id=user_id,
    )
    listeners.on_submitted(ack, form["view"], rt.client, context_for(rt, user_id=user_id))
    return ack


def test_the_form_keeps_the_learning_moves_the_experiment_posts_once_and_redraws_the_card(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    workspace(listener_rt.db)
    trial = experiment(listener_rt.db)

    ack = submit(listener_rt, trial.id, text="Hostile <!channel> & *bold*")
    twice = submit(listener_rt, trial.id, text="Second")

    assert ack.once["response_action"] == "update"
    assert twice.once == {"response_action": "errors", "errors": {"text": views.already_shared(EN, trial)}}
    (post,) = posts_in(fake_slack, LEARNINGS)
    assert "<!channel>" not in str(post.params) and "&lt;!channel&gt;" in str(post.json("blocks"))
    with listener_rt.db.read() as session:
        kept = session.execute(select(Learning.text, Learning.channel_id, Learning.message_ts)).one()
        status = session.scalar(select(Idea.status).where(Idea.id == trial.id))
    assert tuple(kept) == (
        "Hostile <!channel> & *bold*",
        LEARNINGS,
        post.response["ts"],
    )
    assert status == statuses.LEARNING_SHARED
    (card,) = [c for c in fake_slack.successful_calls_to("chat.update") if c.params["channel"] == IDEAS]
    assert card.params["ts"] == trial.message_ts


def test_without_a_learnings_channel_the_learning_is_only_on_the_card(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    workspace(listener_rt.db, learnings_channel=None)
    trial = experiment(listener_rt.db)

    assert submit(listener_rt, trial.id).once["response_action"] == "update"

    assert [c.params["channel"] for c in fake_slack.successful_calls_to("chat.postMessage")] == []
    assert len(fake_slack.successful_calls_to("chat.update")) == 1


def test_a_post_slack_refuses_is_released_and_the_sharer_hears(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    workspace(listener_rt.db)
    trial = experiment(listener_rt.db)
    fake_slack.error_next("chat.postMessage", "not_in_channel")

    submit(listener_rt, trial.id)

    with listener_rt.db.read() as session:
        kept = session.execute(select(Learning.post_claimed_at, Learning.message_ts)).one()
    assert tuple(kept) == (None, None)
    (dm,) = dms_to(fake_slack, AUTHOR)
    assert "not_in_channel" in dm.params["text"]


def test_a_stranger_an_oversized_text_or_a_forged_id_changes_nothing(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    workspace(listener_rt.db)
    trial = experiment(listener_rt.db)

    refused = {
        "stranger": submit(listener_rt, trial.id, STRANGER).once,
        "empty": submit(listener_rt, trial.id, text=None).once,
        "long": submit(listener_rt, trial.id, worked="x" * (LEARNING_MAX + 1)).once,
        "again": submit(listener_rt, trial.id, again="always").once,
        "unknown": submit(listener_rt, 999_999).once,
        "forged": submit(listener_rt, "1; DROP TABLE").once,
    }

    assert {name: sorted(ack["errors"]) for name, ack in refused.items()} == {
        "stranger": ["text"],
        "empty": ["text"],
        "long": ["worked"],
        "again": ["again"],
        "unknown": ["text"],
        "forged": ["text"],
    }
    assert refused["stranger"]["errors"]["text"] == views.not_allowed(EN, trial)
    assert refused["forged"]["errors"]["text"] == views.unknown_experiment(EN)
    with listener_rt.db.read() as session:
        assert session.scalars(select(Learning.id)).all() == []
    assert fake_slack.calls_to("chat.postMessage") == []


def test_the_post_holds_within_slacks_limits_with_every_field_at_its_longest(listener_rt: Runtime) -> None:
    workspace(listener_rt.db)
    trial = experiment(listener_rt.db)
    longest = ("<&>" * LEARNING_MAX)[:LEARNING_MAX]
    submit(listener_rt, trial.id, text=longest, worked=longest, did_not=longest, again="maybe")
    with listener_rt.db.read() as session:
        current = pitches.get(session, TEAM, trial.id)
    assert current is not None and current.learning is not None

    message = views.learning_post(EN, current, current.learning, by_user_id=AUTHOR, link=None)

    assert_valid_message(message["text"], message["blocks"])
    assert "Maybe" in str(message["blocks"])


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_every_learning_view_is_valid_in_every_language(listener_rt: Runtime, language: str) -> None:
    workspace(listener_rt.db)
    trial = experiment(listener_rt.db)
    submit(listener_rt, trial.id)
    with listener_rt.db.read() as session:
        current = pitches.get(session, TEAM, trial.id)
    assert current is not None and current.learning is not None
    t = translator(language)

    for view in (views.learning_modal(t, trial, LEARNINGS), views.thanks_modal(t, trial, None)):
        assert_valid_view(view)
    for message in (
        views.ask_dm(t, trial, None),
        views.learning_post(t, current, current.learning, by_user_id=AUTHOR, link="https://example.com/x"),
    ):
        assert_valid_message(message["text"], message["blocks"])
