"""The reviewer's findings on issue 15 (nothing lost, nothing doubled, nobody left without an answer),
each shown failing before its fix. Each runs on SQLite and, with TEST_DATABASE_URL, PostgreSQL."""

from __future__ import annotations

from typing import Any
from urllib.error import URLError

import pytest
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, ProgrammingError

from bot.core import ids, weeks
from bot.core.db import is_outage
from bot.core.i18n import translator
from bot.ideas.posting import tell
from bot.ideas.views import notices
from bot.pulse import activity_recorder
from handlers import errors
from handlers.errors import Failure, failure_of
from models import Idea
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, wait_until
from tests.support.pitching import submit_pitch


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
    from bot.ideas.search_terms import terms
    from tests.support.pitching import pitch_values

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

    assert len(bot.fake.calls_to("chat.postMessage")) == 1  # one card
    with bot.db.read() as session:
        assert list(session.scalars(select(Idea.title))) == ["Rain gardens"]  # one idea
        stored = list(session.execute(select(Idea.view_id, Idea.title_terms)))
    assert stored == [("V0LATEACK01", terms("Rain gardens"))]


def test_two_pitch_forms_are_two_ideas(bot: BotUnderTest) -> None:
    submit_pitch(bot, title="Book swap")
    submit_pitch(bot, title="Tool library")
    bot.settled()
    with bot.db.read() as session:
        titles = list(session.scalars(select(Idea.title).order_by(Idea.number)))
    assert titles == ["Book swap", "Tool library"]


# ---------------------------------------------------------------- 5. the card's buttons are for members

OUTSIDER, OTHER_ORG = "U0GUEST001", "T0OTHERORG"


def posted_card(bot: BotUnderTest) -> tuple[int, str]:
    submit_pitch(bot, title="Tool library")
    wait_until(lambda: card_ts(bot), message="the card's place is kept")
    bot.settled()
    with bot.db.read() as session:
        idea_id, ts = session.execute(select(Idea.id, Idea.message_ts)).one()
    bot.fake.reset()
    return idea_id, ts


def from_outsider(payload: dict[str, Any]) -> dict[str, Any]:
    payload["user"]["team_id"] = OTHER_ORG
    return payload


@pytest.mark.parametrize("button", [ids.FOLLOW, ids.OFFER_HELP, ids.ADD_PERSPECTIVE])
def test_someone_of_another_organisation_is_told_kindly_the_buttons_are_for_members(
    bot: BotUnderTest, button: str
) -> None:
    from models import HelpOffer, IdeaFollow, Member

    bot.fake.add_outsider(OUTSIDER, OTHER_ORG, locale="fi-FI")
    idea_id, ts = posted_card(bot)

    bot.send(from_outsider(p.block_actions(button, str(idea_id), user_id=OUTSIDER, message_ts=ts)))
    bot.settled()

    (answer,) = bot.fake.calls_to("chat.postEphemeral")
    assert answer.params["user"] == OUTSIDER
    assert answer.params["text"] == notices.members_only(translator("fi"))
    assert bot.fake.calls_to("views.open") == []
    assert bot.fake.calls_to("chat.postMessage") == []  # the author is told of no offer of help
    with bot.db.read() as session:
        for model in (IdeaFollow, HelpOffer):
            assert session.scalars(select(model)).all() == []
        assert session.get(Member, (p.TEAM_ID, OUTSIDER)) is None


def test_a_perspective_form_from_another_organisation_is_refused_and_nothing_posted(
    bot: BotUnderTest,
) -> None:
    from models import Perspective

    bot.fake.add_outsider(OUTSIDER, OTHER_ORG)
    idea_id, _ts = posted_card(bot)
    values = {ids.PERSPECTIVE_BLOCK: {ids.INPUT: p.plain_input("We did this in Tampere.")}}

    reply = bot.send(
        from_outsider(
            p.view_submission(
                ids.PERSPECTIVE_MODAL, values, private_metadata=f'{{"idea": {idea_id}}}', user_id=OUTSIDER
            )
        )
    )
    bot.settled()

    assert reply.errors == {ids.PERSPECTIVE_BLOCK: notices.members_only(translator("en"))}
    assert bot.fake.calls_to("chat.postMessage") == []
    with bot.db.read() as session:
        assert session.scalars(select(Perspective)).all() == []


def test_an_admin_cannot_make_someone_of_another_organisation_a_facilitator(bot: BotUnderTest) -> None:
    from bot.home.views.settings_form import facilitators_from_elsewhere
    from bot.members import roster
    from tests.home.test_settings_form import ADMIN, form_values

    bot.fake.add_user(ADMIN, is_admin=True)
    bot.fake.add_outsider(OUTSIDER, OTHER_ORG)
    bot.send(p.slash_command("/thinktank", "settings", user_id=ADMIN))
    form = bot.fake.wait_for("views.open")[0].json("view")
    values = form_values()
    values["facilitators"] = {ids.INPUT: {"type": "multi_users_select", "selected_users": [OUTSIDER]}}

    reply = bot.send(
        p.view_submission(
            ids.SETTINGS_MODAL, values, private_metadata=form["private_metadata"], user_id=ADMIN
        )
    )

    assert reply.errors == {"facilitators": facilitators_from_elsewhere(translator("en"))}
    with bot.db.read() as session:
        assert roster.facilitators(session, p.TEAM_ID) == []


# ---------------------------------------------------------------- 2. a weekly post cut short by a crash

from tests.e2e.test_faults import ADMIN as STATS_ADMIN  # noqa: E402
from tests.e2e.test_faults import OWNER as STATS_OWNER  # noqa: E402
from tests.e2e.test_faults import STATS_CHANNEL, stats_rt  # noqa: E402, F401


def killed_last_week(db: Any) -> str:
    """A claim for last week, taken an hour after its run began, never confirmed: the process was
    killed mid-post, and the schedule has moved on to this week since."""
    from datetime import timedelta

    from bot.core.workspace_settings import load as load_workspace
    from models import StatsPost, utcnow

    with db.session() as session:
        settings = load_workspace(session, p.TEAM_ID)
        week = weeks.week_due(settings.stats_schedule, settings.zone).previous().label
        session.add(
            StatsPost(
                team_id=p.TEAM_ID,
                week=week,
                channel_id=STATS_CHANNEL,
                claimed_at=utcnow() - timedelta(days=6),
            )
        )
    return week


def test_a_weekly_post_killed_mid_post_is_reported_by_housekeeping_once_the_week_has_passed(
    stats_rt: Any,  # noqa: F811
    fake_slack: Any,
    db: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging

    from bot.core import scheduler

    week = killed_last_week(db)

    with caplog.at_level(logging.ERROR):
        scheduler.housekeeping()
        scheduler.housekeeping()

    loud = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(loud) == 2 and all(f"stats post --week {week} --force" in line for line in loud)
    told = {c.params["channel"]: c.params["text"] for c in fake_slack.calls_to("chat.postMessage")}
    assert told == {
        STATS_ADMIN: notices.unconfirmed_stats_dm(translator("en"), STATS_CHANNEL, week),
        STATS_OWNER: notices.unconfirmed_stats_dm(translator("fi"), STATS_CHANNEL, week),
    }
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # once each


def test_the_one_notice_waits_until_there_is_an_admin_to_tell(
    stats_rt: Any,  # noqa: F811
    fake_slack: Any,
    db: Any,
) -> None:
    from bot.core import scheduler
    from bot.members.roster import ensure_member

    with db.session() as session:
        ensure_member(session, p.TEAM_ID, STATS_ADMIN).is_admin = False
        ensure_member(session, p.TEAM_ID, STATS_OWNER).is_owner = False
    week = killed_last_week(db)

    scheduler.housekeeping()
    assert fake_slack.calls_to("chat.postMessage") == []

    with db.session() as session:
        ensure_member(session, p.TEAM_ID, STATS_ADMIN).is_admin = True
    scheduler.housekeeping()

    (dm,) = fake_slack.calls_to("chat.postMessage")
    assert dm.params["channel"] == STATS_ADMIN
    assert dm.params["text"] == notices.unconfirmed_stats_dm(translator("en"), STATS_CHANNEL, week)


# ---------------------------------------------------------------- 6. the error guard and Bolt's internals


def test_every_listener_of_the_app_is_guarded_and_one_added_later_is_caught(db: Any, fake_slack: Any) -> None:
    from app import create_app
    from bot.core.runtime import Runtime
    from tests.support.harness import make_settings

    rt = Runtime.create(make_settings(fake_slack, db.url, socket_mode=True), db)
    try:
        app = create_app(rt)
        # Bolt keeps its listeners in `App._listeners` (slack-bolt is pinned to the series this holds for).
        assert len(app._listeners) > 20
        assert errors.unguarded_listeners(app) == []

        @app.action("registered_after_the_guard")
        def late(ack: Any) -> None:
            ack()

        assert len(errors.unguarded_listeners(app)) == 1
    finally:
        rt.member_sync.shutdown()
        rt.recorder.close()


def test_the_same_form_stored_by_another_request_meanwhile_returns_that_idea(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two submissions of one form at once: the second finds nothing, then meets the first's row at
    the unique index, and answers with the first's idea instead of failing."""
    from bot.ideas import pitches
    from bot.ideas.pitches import PitchDraft

    def once(session: Any) -> tuple[Any, bool]:
        return pitches.create_pitch_once(
            session,
            team_id=p.TEAM_ID,
            author_id=p.USER_ID,
            draft=PitchDraft(title="Rain gardens"),
            origin_channel_id=p.CHANNEL_ID,
            view_id="V0TWICE001",
        )

    with db.session() as session:
        first, new = once(session)
    assert new

    looked = []
    real_lookup = pitches.pitch_of_form

    def missed_once(session: Any, team_id: str, view_id: str) -> Any:
        looked.append(view_id)
        return None if len(looked) == 1 else real_lookup(session, team_id, view_id)

    monkeypatch.setattr(pitches, "pitch_of_form", missed_once)
    with db.session() as session:
        again, new = once(session)

    assert (again.id, new) == (first.id, False)
    with db.read() as session:
        assert list(session.scalars(select(Idea.title))) == ["Rain gardens"]
