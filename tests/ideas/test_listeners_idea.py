"""/idea's listeners called directly: answers that go in the ack, and "More"."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.core import ids
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.ideas.views import browse, notices
from handlers import idea
from models.idea import IdeaFollow
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, Respond, context_for, pitched_idea

EN = translator("en")


def run_idea(rt: Runtime, text: str) -> tuple[Ack, Respond]:
    ack, respond = Ack(), Respond()
    idea.idea_command(ack, p.slash_command("/idea", text), rt.client, context_for(rt), respond)
    return ack, respond


def test_an_unknown_number_is_answered_in_the_ack(listener_rt: Runtime) -> None:
    ack, respond = run_idea(listener_rt, "show 99")

    assert ack.once == {"text": browse.unknown_number(EN, 99)}
    assert respond.calls == []


def test_follow_by_number_is_stored_and_answered_in_the_ack(listener_rt: Runtime) -> None:
    pitched = pitched_idea(listener_rt)

    ack, _respond = run_idea(listener_rt, f"follow {pitched.number}")

    assert ack.once == {"text": notices.following(EN, pitched, True)}
    with listener_rt.db.read() as session:
        assert session.scalar(select(func.count()).select_from(IdeaFollow)) == 1


def test_show_answers_with_the_ideas_story(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    pitched = pitched_idea(listener_rt, "Seed library")

    ack, _respond = run_idea(listener_rt, f"show {pitched.number}")

    assert "Seed library" in str(ack.once)
    assert "blocks" in ack.once


def test_more_replaces_the_list_with_its_next_page(listener_rt: Runtime) -> None:
    for n in range(7):
        pitched_idea(listener_rt, f"Idea {n}")
    respond = Respond()
    press = p.block_actions(ids.IDEA_MORE, '{"q": "list", "offset": 5}')
    ack = Ack()

    idea.more(ack, press["actions"][0], context_for(listener_rt), respond)

    assert ack.once == {}
    (page,) = respond.calls
    assert page["replace_original"] is True
    assert "Idea 0" in str(page) and "Idea 6" not in str(page)
