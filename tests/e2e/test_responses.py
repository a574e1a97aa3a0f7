"""What members do with a posted pitch: perspectives, follows, offers of help; and the Home tab."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.core import ids
from bot.core.i18n import translator
from bot.members import roster
from models import HelpOffer, Idea, IdeaFollow, Perspective
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, wait_until
from tests.support.pitching import submit_pitch
from tests.support.views_check import assert_valid_view

HELPER = "U0HELPER01"


def posted_idea(bot: BotUnderTest, **fields) -> tuple[int, str]:
    """Pitch and wait until the card is posted; returns the idea id and the card's ts."""
    submit_pitch(bot, **fields)
    card = bot.fake.wait_for("chat.postMessage")[-1]

    def kept():
        with bot.db.session() as session:
            return session.execute(
                select(Idea.id, Idea.message_ts).where(Idea.message_ts.is_not(None))
            ).first()

    idea_id, ts = wait_until(kept)
    assert ts == card.response["ts"]
    bot.fake.reset()
    return idea_id, ts


def count(bot: BotUnderTest, model) -> int:
    with bot.db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_add_a_perspective_posts_in_the_thread_naming_its_author(bot: BotUnderTest) -> None:
    idea_id, ts = posted_idea(bot, title="Repair cafe")

    bot.send(p.block_actions(ids.ADD_PERSPECTIVE, str(idea_id), user_id=HELPER, message_ts=ts))
    (opened,) = bot.fake.wait_for("views.open")
    modal = opened.json("view")
    assert_valid_view(modal)

    values = {ids.PERSPECTIVE_BLOCK: {ids.INPUT: p.plain_input("Try the <!here> library & school")}}
    reply = bot.send(
        p.view_submission(
            ids.PERSPECTIVE_MODAL, values, private_metadata=modal["private_metadata"], user_id=HELPER
        )
    )
    assert not reply.errors

    # The reply in the thread, and the author's DM that the idea is now being discussed (either first).
    posts = bot.fake.wait_for("chat.postMessage", count=2)
    (thread_reply,) = [post for post in posts if post.params.get("thread_ts")]
    assert thread_reply.params["thread_ts"] == ts
    assert f"<@{HELPER}>" in thread_reply.params["text"]
    assert "&lt;!here&gt; library &amp; school" in thread_reply.params["text"]
    wait_until(lambda: count(bot, Perspective) == 1, message="the perspective is counted")


def test_an_empty_perspective_is_refused_in_the_form(bot: BotUnderTest) -> None:
    idea_id, _ts = posted_idea(bot)
    values = {ids.PERSPECTIVE_BLOCK: {ids.INPUT: p.plain_input("   ")}}

    reply = bot.send(
        p.view_submission(ids.PERSPECTIVE_MODAL, values, private_metadata=f'{{"idea": {idea_id}}}')
    )

    assert ids.PERSPECTIVE_BLOCK in reply.errors
    assert bot.fake.calls_to("chat.postMessage") == []


def test_a_thread_reply_counts_as_one_perspective_even_when_slack_retries(bot: BotUnderTest) -> None:
    _idea_id, ts = posted_idea(bot)
    reply = p.event_callback(
        p.message_event("I like it", user_id=HELPER, thread_ts=ts, ts="1800000000.000100"),
        event_id="Ev0RETRY01",
    )
    bot_reply = p.event_callback(
        p.message_event("beep", thread_ts=ts, bot_id="B0OTHER001", ts="1800000000.000200")
    )

    for payload in (reply, reply, bot_reply):
        assert bot.send(payload).status == 200

    wait_until(lambda: count(bot, Perspective) == 1)
    with bot.db.session() as session:
        assert session.scalar(select(Perspective.user_id)) == HELPER


def test_follow_confirms_privately_and_only_once(bot: BotUnderTest) -> None:
    idea_id, ts = posted_idea(bot, title="Tool library")
    press = p.block_actions(ids.FOLLOW, str(idea_id), user_id=HELPER, message_ts=ts)

    bot.send(press)
    first = bot.fake.wait_for("chat.postEphemeral")[0]
    bot.send(press)
    second = bot.fake.wait_for("chat.postEphemeral", count=2)[1]

    assert first.params["user"] == HELPER and "You're following #1" in first.params["text"]
    assert "already follow" in second.params["text"]
    assert count(bot, IdeaFollow) == 1


def test_i_can_help_tells_the_author_in_their_language_once(bot: BotUnderTest) -> None:
    with bot.db.session() as session:
        roster.choose_language(session, p.TEAM_ID, p.USER_ID, "fi")
    idea_id, ts = posted_idea(bot, title="Community sauna")
    press = p.block_actions(ids.OFFER_HELP, str(idea_id), user_id=HELPER, message_ts=ts)

    bot.send(press)
    (dm,) = bot.fake.wait_for("chat.postMessage")
    bot.send(press)
    bot.fake.wait_for("chat.postEphemeral", count=2)

    assert dm.params["channel"] == p.USER_ID
    finnish = translator("fi").gettext("Good news: %(helper)s offered to help with your idea %(idea)s.")
    assert finnish % {"helper": f"<@{HELPER}>", "idea": "#1 *Community sauna*"} in dm.params["text"]
    assert len(bot.fake.calls_to("chat.postMessage")) == 1, "a second press does not DM the author again"
    assert count(bot, HelpOffer) == 1


def test_the_author_offering_help_to_themselves_is_told_kindly(bot: BotUnderTest) -> None:
    idea_id, ts = posted_idea(bot)

    bot.send(p.block_actions(ids.OFFER_HELP, str(idea_id), user_id=p.USER_ID, message_ts=ts))

    (answer,) = bot.fake.wait_for("chat.postEphemeral")
    assert "your own idea" in answer.params["text"]
    assert count(bot, HelpOffer) == 0


def test_a_forged_idea_id_gets_a_clear_answer_and_changes_nothing(bot: BotUnderTest) -> None:
    for value in ("999999", "1; DROP TABLE ideas", "-1", "9" * 40):
        bot.send(p.block_actions(ids.FOLLOW, value, user_id=HELPER))
    answers = bot.fake.wait_for("chat.postEphemeral", count=4)
    assert all("can't find that idea" in a.params["text"] for a in answers)
    assert count(bot, IdeaFollow) == 0


def test_ideas_of_another_workspace_are_out_of_reach(bot: BotUnderTest) -> None:
    idea_id, _ts = posted_idea(bot)

    bot.send(p.block_actions(ids.FOLLOW, str(idea_id), user_id=HELPER, team_id="T0OTHER001"))

    (answer,) = bot.fake.wait_for("chat.postEphemeral")
    assert "can't find that idea" in answer.params["text"]
    assert count(bot, IdeaFollow) == 0


def test_the_home_tab_shows_the_latest_ideas_and_switches_language(bot: BotUnderTest) -> None:
    posted_idea(bot, title="Night library")

    bot.send(p.event_callback(p.app_home_opened_event(user_id=HELPER)))
    (published,) = bot.fake.wait_for("views.publish")
    view = published.json("view")
    assert_valid_view(view)
    assert published.params["user_id"] == HELPER
    assert "Night library" in str(view["blocks"])

    choose = p.block_actions(
        ids.HOME_LANGUAGE,
        user_id=HELPER,
        view=view,
        action_type="static_select",
        action_fields={"selected_option": p.option("fi")},
    )
    bot.send(choose)
    republished = bot.fake.wait_for("views.publish", count=2)[1]
    assert translator("fi").gettext("Latest ideas") in str(republished.json("view")["blocks"])


def test_unknown_thinktank_subcommands_show_the_usage(bot: BotUnderTest) -> None:
    reply = bot.send(p.slash_command("/thinktank", "frobnicate now"))

    assert "frobnicate" in reply.text and "/pitch" in reply.text


def test_profile_events_keep_members_in_step(bot: BotUnderTest) -> None:
    from tests.support.slack_payloads import team_join_event

    bot.fake.add_user("U0NEWBIE01", locale="fi-FI")  # users.info and the event agree, as in Slack
    event = team_join_event(user_id="U0NEWBIE01")
    event["user"]["locale"] = "fi-FI"
    bot.send(p.event_callback(event))

    def stored():
        with bot.db.session() as session:
            return roster.language_inputs(session, p.TEAM_ID, "U0NEWBIE01").slack_locale

    assert wait_until(stored) == "fi-FI"


def test_idea_lists_the_latest_ideas(bot: BotUnderTest) -> None:
    posted_idea(bot, title="Seed swap <b>")

    reply = bot.send(p.slash_command("/idea"))
    unknown = bot.send(p.slash_command("/idea", "frobnicate"))

    assert "#1* Seed swap &lt;b&gt;" in reply.text
    assert "/idea frobnicate" in unknown.text and "/idea list" in unknown.text


def test_a_perspective_the_thread_refuses_goes_back_to_its_writer(bot: BotUnderTest) -> None:
    idea_id, _ts = posted_idea(bot)
    bot.fake.error_next("chat.postMessage", "is_archived")
    values = {ids.PERSPECTIVE_BLOCK: {ids.INPUT: p.plain_input("My <careful> words")}}

    bot.send(
        p.view_submission(
            ids.PERSPECTIVE_MODAL, values, private_metadata=f'{{"idea": {idea_id}}}', user_id=HELPER
        )
    )

    returned = bot.fake.wait_for("chat.postMessage", count=2)[1]
    assert returned.params["channel"] == HELPER
    assert "My &lt;careful&gt; words" in returned.params["text"]
    assert count(bot, Perspective) == 0


def test_when_the_author_cannot_be_told_the_helper_hears_so(bot: BotUnderTest) -> None:
    idea_id, ts = posted_idea(bot)
    bot.fake.error_next("chat.postMessage", "user_disabled")

    bot.send(p.block_actions(ids.OFFER_HELP, str(idea_id), user_id=HELPER, message_ts=ts))

    (answer,) = bot.fake.wait_for("chat.postEphemeral")
    assert "Say hello in the thread" in answer.params["text"]
