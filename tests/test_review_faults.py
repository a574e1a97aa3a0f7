"""The reviewer's findings on issue 15 (nothing lost, nothing doubled, nobody left without an answer),
each shown failing before its fix. Each runs on SQLite and, with TEST_DATABASE_URL, PostgreSQL."""

from __future__ import annotations

from typing import Any
from urllib.error import URLError

import pytest
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, ProgrammingError

from bot import activity_recorder, ids
from bot.db import is_outage
from bot.i18n import translator
from bot.posting import tell
from bot.views import notices
from handlers import errors
from handlers.errors import Failure, failure_of
from models import Idea
from tests import slack_payloads as p
from tests.harness import BotUnderTest, wait_until
from tests.pitching import submit_pitch


def card_ts(bot: BotUnderTest) -> list[str]:
    with bot.db.read() as session:
        return [ts for ts in session.scalars(select(Idea.message_ts).order_by(Idea.number)) if ts]


# ---------------------------------------------------------------- 4. what counts as an outage


@pytest.mark.parametrize("kind", [ProgrammingError, IntegrityError, DataError])
def test_a_wrong_statement_is_not_reported_as_the_database_out_of_reach(kind: type) -> None:
    error = kind("INSERT …", {}, Exception("duplicate key"))
    assert not is_outage(error)
    assert failure_of(error) is Failure.OTHER


def test_a_refused_connection_is_an_outage_in_both_places() -> None:
    error = OperationalError("SELECT 1", {}, Exception("connection refused"))
    assert is_outage(error) and failure_of(error) is Failure.DATABASE
    assert activity_recorder.is_outage is is_outage


def test_a_failure_after_the_ack_never_says_nothing_was_saved(
    bot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handlers.pitch

    def broken_post(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the card could not be drawn")

    monkeypatch.setattr(handlers.pitch, "post_pitch", broken_post)
    reply = submit_pitch(bot, title="Seed library")
    assert reply.errors == {}
    bot.settled()

    with bot.db.read() as session:
        assert list(session.scalars(select(Idea.title))) == ["Seed library"]  # stored before the ack
    dms = [call.params.get("text") for call in bot.fake.calls_to("chat.postMessage")]
    assert notices.went_wrong_after_ack(translator("en")) in dms
    assert notices.something_went_wrong(translator("en")) not in dms


def test_an_outage_answer_reads_the_language_from_memory_only(bot: BotUnderTest) -> None:
    rt = bot.rt
    reads: list[str] = []
    real_read = rt.db.read

    def counted_read(*args: Any, **kwargs: Any) -> Any:
        reads.append("read")
        return real_read(*args, **kwargs)

    rt.db.read = counted_read  # type: ignore[method-assign]
    try:
        t = errors._translator_for(rt, p.TEAM_ID, "U0NEVERSEEN", cache_only=True)
    finally:
        rt.db.read = real_read  # type: ignore[method-assign]
    assert reads == []
    assert t.gettext("Yes") == translator("en").gettext("Yes")


# ---------------------------------------------------------------- 3. erasure reaches every card


def test_a_card_slack_cannot_be_reached_for_does_not_stop_the_erasure_or_change_its_answer(
    bot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit_pitch(bot, title="Book swap")
    submit_pitch(bot, title="Tool library")
    wait_until(lambda: len(card_ts(bot)) == 2, message="both cards' places are kept")
    bot.settled()

    real_update = WebClient.chat_update
    attempts: list[str] = []

    def first_unreachable(self: WebClient, **kwargs: Any) -> Any:
        attempts.append(kwargs["ts"])
        if len(attempts) == 1:
            raise URLError(ConnectionResetError("connection reset by peer"))
        return real_update(self, **kwargs)

    monkeypatch.setattr(WebClient, "chat_update", first_unreachable)
    bot.send(p.block_actions(ids.PRIVACY_ERASE, "erase", response_url=bot.fake.response_url("erase")))
    bot.settled()

    assert sorted(attempts) == sorted(card_ts(bot))  # every card was tried
    (redrawn,) = bot.fake.calls_to("chat.update")
    assert p.USER_ID not in str(redrawn.params)
    answers = [call.params.get("text") for call in bot.fake.calls_to("response_url")]
    assert len(answers) == 1 and "nothing was changed" not in str(answers).lower()


def test_a_dm_slack_cannot_be_reached_for_is_logged_and_the_loop_goes_on() -> None:
    class Unreachable:
        def chat_postMessage(self, **kwargs: Any) -> Any:
            raise URLError(ConnectionResetError("connection reset by peer"))

    assert tell(Unreachable(), "U0FOLLOWER", {"text": "moved"}) is False  # type: ignore[arg-type]


# ---------------------------------------------------------------- 1. one idea per pitch form


def test_a_pitch_form_slack_sends_again_after_a_late_ack_makes_no_second_idea_or_card(
    bot: BotUnderTest,
) -> None:
    from bot.search_terms import terms
    from tests.pitching import pitch_values

    form = p.view_submission(
        ids.PITCH_MODAL,
        pitch_values(title="Rain gardens", description="Every street gets one."),
        private_metadata=f'{{"channel": "{p.CHANNEL_ID}"}}',
        view_id="V0LATEACK01",
    )
    assert bot.send(form).errors == {}
    bot.settled()
    # Slack gave up waiting for the first ack, showed its own error with the form still open, and the
    # person pressed Submit again: the same view id.
    again = bot.send(form)
    assert again.status == 200 and again.errors == {}
    bot.settled()

    with bot.db.read() as session:
        stored = list(session.execute(select(Idea.title, Idea.view_id, Idea.title_terms)))
    assert [(title, view_id) for title, view_id, _ in stored] == [("Rain gardens", "V0LATEACK01")]
    assert stored[0][2] == terms("Rain gardens")
    assert len(bot.fake.calls_to("chat.postMessage")) == 1


def test_two_pitch_forms_are_two_ideas(bot: BotUnderTest) -> None:
    submit_pitch(bot, title="Book swap")
    submit_pitch(bot, title="Tool library")
    bot.settled()
    with bot.db.read() as session:
        titles = list(session.scalars(select(Idea.title).order_by(Idea.number)))
    assert titles == ["Book swap", "Tool library"]
