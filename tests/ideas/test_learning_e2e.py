"""From the day an experiment's learning is due to its post in the learnings channel, through the bot
as Slack drives it (HTTP and Socket Mode)."""

from __future__ import annotations

from sqlalchemy import select

from bot.core import ids
from bot.ideas import learning_run
from models import Idea, Learning, StatusChange
from tests.ideas.learning_support import (
    AUTHOR,
    IDEAS,
    LEARNINGS,
    MORNING,
    TEAM,
    experiment,
    form_values,
    workspace,
)
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest


def test_the_author_shares_the_learning_from_the_dm_and_it_is_posted_once_and_on_the_card(
    bot: BotUnderTest,
) -> None:
    workspace(bot.db)
    bot.rt.prefs.forget(TEAM)
    trial = experiment(bot.db, "Lautapelit kirjastossa")

    assert learning_run.ask_due(bot.rt, bot.rt.client, TEAM, MORNING).asked == [trial.id]
    (dm,) = [c for c in bot.fake.successful_calls_to("chat.postMessage") if c.params["channel"] == AUTHOR]
    (button,) = [e for b in dm.json("blocks") if b["type"] == "actions" for e in b["elements"]]

    bot.send(
        p.block_actions(
            button["action_id"],
            button["value"],
            user_id=AUTHOR,
            channel_id=dm.response["channel"],
            message_ts=dm.response["ts"],
            message=dm.response["message"],
        )
    )
    (opened,) = bot.fake.wait_for("views.open")
    form = opened.json("view")
    assert form["callback_id"] == ids.LEARNING_MODAL
    reply = bot.send(
        p.view_submission(
            ids.LEARNING_MODAL,
            form_values("Nuorille peli-illat toimivat.", again="yes"),
            private_metadata=form["private_metadata"],
            user_id=AUTHOR,
        )
    )
    bot.settled()

    assert reply.status == 200 and reply.body["response_action"] == "update"
    (post,) = [
        c for c in bot.fake.successful_calls_to("chat.postMessage") if c.params["channel"] == LEARNINGS
    ]
    assert "Nuorille peli-illat toimivat." in str(post.json("blocks"))
    (card,) = [c for c in bot.fake.successful_calls_to("chat.update") if c.params["channel"] == IDEAS]
    assert card.params["ts"] == trial.message_ts
    with bot.db.read() as session:
        assert session.scalar(select(Learning.message_ts)) == post.response["ts"]
        assert session.scalar(select(Idea.status)) == "learning_shared"
        assert session.scalar(select(StatusChange.to_status)) == "learning_shared"
