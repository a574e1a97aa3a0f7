"""Support pressed on a posted card, through the bot as Slack sends it: the card is drawn again with
the count, the presser is answered privately, and a second press withdraws."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.core import ids
from models import Idea, Support
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, wait_until
from tests.support.pitching import submit_pitch

SUPPORTER = "U0SUPPORT1"


def test_pressing_support_on_a_posted_card_redraws_it_with_the_count(http_bot: BotUnderTest) -> None:
    bot = http_bot
    submit_pitch(bot, title="Tool library")
    (card,) = bot.fake.wait_for("chat.postMessage")
    support = next(
        e
        for b in card.json("blocks")
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ids.IDEA_SUPPORT
    )

    def posted() -> str | None:
        with bot.db.read() as session:
            return session.scalar(select(Idea.message_ts).where(Idea.message_ts.is_not(None)))

    ts = wait_until(posted)
    bot.fake.reset()
    press = p.block_actions(
        ids.IDEA_SUPPORT, support["value"], user_id=SUPPORTER, channel_id=p.CHANNEL_ID, message_ts=ts
    )

    bot.send(press)
    (redrawn,) = bot.fake.wait_for("chat.update")
    (answer,) = bot.fake.wait_for("chat.postEphemeral")
    bot.send(press)
    again = bot.fake.wait_for("chat.update", count=2)[1]
    withdrawn = bot.fake.wait_for("chat.postEphemeral", count=2)[1]

    assert (redrawn.params["channel"], redrawn.params["ts"]) == (card.response["channel"], ts)
    assert "1 support" in str(redrawn.json("blocks")) and "0 supports" in str(again.json("blocks"))
    assert answer.params["user"] == SUPPORTER and "You support #1" in answer.params["text"]
    assert "You no longer support #1" in withdrawn.params["text"]
    with bot.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Support)) == 0
