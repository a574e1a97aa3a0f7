"""The knowledge bank's Slack surfaces end to end, both ways Slack drives the bot (signed HTTP and
Socket Mode): "Answer this challenge" on a challenge's card, the similar ideas shown before a pitch
is posted and their "Post anyway", "Support" on a card, and the Home tab's themes menu and Unfollow
buttons."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.core import ids
from bot.core.i18n import translator
from bot.ideas.views import notices
from models import Idea, Support
from tests.support import slack_payloads as p
from tests.support.fake_slack import Call
from tests.support.harness import BotUnderTest, wait_until
from tests.support.pitching import submit_pitch
from tests.support.views_check import assert_valid_message, assert_valid_view

SUPPORTER = "U0SUPPORT1"
ANSWERER = "U0ANSWER01"


# ---------------------------------------------------------------------- helpers


def scalar(bot: BotUnderTest, query: Any) -> Any:
    """One query in its own short read, so polling never holds a lock the bot needs."""
    with bot.db.read() as session:
        return session.scalar(query)


def titles(bot: BotUnderTest) -> list[str]:
    with bot.db.read() as session:
        return list(session.scalars(select(Idea.title).order_by(Idea.number)))


def card_text(call: Call) -> str:
    return str(call.params.get("text", "")) + str(call.json("blocks"))


def button(message_blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    """The button with this action id among a message's or view's actions blocks."""
    found: list[dict[str, Any]] = [
        element
        for block in message_blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == action_id
    ]
    assert found, f"no {action_id} button in {message_blocks}"
    return found[0]


def posted_card(bot: BotUnderTest, title: str, **fields: Any) -> tuple[int, dict[str, Any]]:
    """Pitch through the form and wait until its card is out; returns the idea's id and the card as
    Slack holds it (the message its buttons are pressed in). The fake forgets the calls so far."""
    reply = submit_pitch(bot, title=title, **fields)
    assert reply.status == 200 and not reply.errors, reply.body
    card = next(
        call
        for call in bot.fake.wait_for("chat.postMessage")
        if call.params["channel"] == p.CHANNEL_ID and title in call.params["text"]
    )
    idea_id = wait_until(
        lambda: scalar(bot, select(Idea.id).where(Idea.title == title, Idea.message_ts.is_not(None))),
        message=f"the card of {title!r} is kept",
    )
    bot.settled()
    bot.fake.reset()
    return idea_id, card.response["message"]


def press_on_card(bot: BotUnderTest, card: dict[str, Any], action_id: str, *, user_id: str) -> dict[str, Any]:
    """A member presses the card's button `action_id`, as Slack sends it."""
    pressed = button(card["blocks"], action_id)
    press = p.block_actions(
        action_id, pressed["value"], user_id=user_id, channel_id=p.CHANNEL_ID, message=card
    )
    assert bot.send(press).status == 200
    return press


def home_tab(bot: BotUnderTest, count: int) -> dict[str, Any]:
    """The Home tab as published the `count`th time (as Slack holds it, with its id and state)."""
    published = bot.fake.wait_for("views.publish", count=count)[count - 1]
    assert published.params["user_id"] == p.USER_ID
    view = published.json("view")
    assert_valid_view(view)
    return {**view, **published.response.get("view", {})}


def followed_on_home(view: dict[str, Any]) -> tuple[list[str], list[str]]:
    """What the Home tab shows as followed: the themes menu's chosen values and the Unfollow buttons'."""
    menu = next(
        block["accessory"]
        for block in view["blocks"]
        if block.get("accessory", {}).get("action_id") == ids.HOME_FOLLOW_THEMES
    )
    chosen = [option["value"] for option in menu.get("initial_options", [])]
    unfollow = [
        element["value"]
        for block in view["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"].startswith(f"{ids.HOME_UNFOLLOW_TOPIC}:")
    ]
    return chosen, unfollow


# ---------------------------------------------------------------------- Answer this challenge


def test_answer_this_challenge_opens_the_pitch_form_with_the_challenge_chosen(bot: BotUnderTest) -> None:
    challenge_id, card = posted_card(bot, "How do we build trust across the sector?", kind="challenge")

    press_on_card(bot, card, ids.CHALLENGE_ANSWER, user_id=ANSWERER)

    (opened,) = bot.fake.wait_for("views.open")
    form = opened.json("view")
    assert_valid_view(form)
    assert form["callback_id"] == ids.PITCH_MODAL
    chosen = next(b for b in form["blocks"] if b.get("block_id") == "challenge")
    assert chosen["element"]["initial_option"]["value"] == str(challenge_id)
    assert "How do we build trust across the sector?" in str(chosen["element"]["initial_option"])
    bot.settled()
    assert bot.fake.calls_to("chat.postEphemeral") == []


def test_answer_this_challenge_on_a_parked_challenge_opens_nothing_and_says_why(bot: BotUnderTest) -> None:
    _challenge_id, card = posted_card(bot, "How do we build trust across the sector?", kind="challenge")
    # Its author parks it; the card in the channel still had the button when it was pressed.
    parked = bot.send(p.slash_command("/idea", "status 1 parked Not this year"))
    assert parked.status == 200
    wait_until(lambda: scalar(bot, select(Idea.status)) == "parked", message="the challenge is parked")
    bot.settled()

    press_on_card(bot, card, ids.CHALLENGE_ANSWER, user_id=ANSWERER)

    (told,) = bot.fake.wait_for("chat.postEphemeral")
    assert (told.params["channel"], told.params["user"]) == (p.CHANNEL_ID, ANSWERER)
    assert told.params["text"] == notices.challenge_not_open(translator("en"))
    bot.settled()
    assert bot.fake.calls_to("views.open") == []


# ---------------------------------------------------------------------- Similar ideas, Post anyway


def test_a_pitch_like_an_existing_idea_shows_it_and_post_anyway_posts_it_once(bot: BotUnderTest) -> None:
    posted_card(bot, "Kirjasto lainaa työkaluja")

    shown = submit_pitch(bot, title="Työkalujen lainaus kirjastosta", description="Porakoneet kaikille.")

    assert shown.status == 200
    assert shown.body["response_action"] == "push", shown.body
    similar = shown.body["view"]
    assert_valid_view(similar)
    assert similar["callback_id"] == ids.PITCH_SIMILAR_MODAL
    assert "Kirjasto lainaa työkaluja" in str(similar["blocks"])
    bot.settled()
    assert titles(bot) == ["Kirjasto lainaa työkaluja"], "nothing is kept before Post anyway"
    assert bot.fake.calls_to("chat.postMessage") == []

    # "Post anyway" is the pushed view's submit; Slack sends a late-acked form again (same view id).
    post_anyway = p.view_submission(ids.PITCH_SIMILAR_MODAL, {}, private_metadata=similar["private_metadata"])
    answers = [bot.send(post_anyway), bot.send(post_anyway)]

    assert [answer.body for answer in answers] == [{"response_action": "clear"}] * 2
    (card,) = bot.fake.wait_for("chat.postMessage")
    assert card.params["channel"] == p.CHANNEL_ID
    assert_valid_message(card.params["text"], card.json("blocks"))
    assert "#2 Työkalujen lainaus kirjastosta" in card_text(card)
    assert "Porakoneet kaikille." in card_text(card)
    wait_until(
        lambda: scalar(bot, select(Idea.message_ts).where(Idea.number == 2)), message="the card is kept"
    )
    bot.settled()
    assert titles(bot) == ["Kirjasto lainaa työkaluja", "Työkalujen lainaus kirjastosta"]
    assert len(bot.fake.calls_to("chat.postMessage")) == 1


# ---------------------------------------------------------------------- Support


def test_support_redraws_the_card_with_the_count_and_a_second_press_withdraws(bot: BotUnderTest) -> None:
    _idea_id, card = posted_card(bot, "Tool library")

    press_on_card(bot, card, ids.IDEA_SUPPORT, user_id=SUPPORTER)
    (redrawn,) = bot.fake.wait_for("chat.update")
    (given,) = bot.fake.wait_for("chat.postEphemeral")

    assert (redrawn.params["channel"], redrawn.params["ts"]) == (p.CHANNEL_ID, card["ts"])
    assert_valid_message(redrawn.params["text"], redrawn.json("blocks"))
    assert "1 support" in str(redrawn.json("blocks"))
    assert given.params["user"] == SUPPORTER and "You support #1" in given.params["text"]
    assert scalar(bot, select(func.count()).select_from(Support)) == 1

    press_on_card(bot, card, ids.IDEA_SUPPORT, user_id=SUPPORTER)
    again = bot.fake.wait_for("chat.update", count=2)[1]
    withdrawn = bot.fake.wait_for("chat.postEphemeral", count=2)[1]

    assert again.params["ts"] == card["ts"]
    assert "0 supports" in str(again.json("blocks"))
    assert "You no longer support #1" in withdrawn.params["text"]
    bot.settled()
    assert scalar(bot, select(func.count()).select_from(Support)) == 0


# ---------------------------------------------------------------------- Home: themes menu, Unfollow


def test_choosing_themes_on_home_follows_them_and_home_shows_them(bot: BotUnderTest) -> None:
    bot.send(p.event_callback(p.app_home_opened_event()))
    home = home_tab(bot, 1)
    assert followed_on_home(home) == ([], [])

    choose = p.block_actions(
        ids.HOME_FOLLOW_THEMES,
        view=home,
        action_type="multi_static_select",
        action_fields={"selected_options": [p.option("health", "Health"), p.option("culture", "Culture")]},
    )
    assert bot.send(choose).status == 200

    home = home_tab(bot, 2)
    assert followed_on_home(home) == (["health", "culture"], ["theme:health", "theme:culture"])
    assert "Unfollow Health" in str(home["blocks"]) and "Unfollow Culture" in str(home["blocks"])


def test_unfollow_on_home_ends_that_follow_only(bot: BotUnderTest) -> None:
    followed_tag = bot.send(p.slash_command("/idea", "follow #nuoret"))
    assert "You follow *#nuoret*" in followed_tag.text
    bot.send(p.event_callback(p.app_home_opened_event()))
    home = home_tab(bot, 1)
    choose = p.block_actions(
        ids.HOME_FOLLOW_THEMES,
        view=home,
        action_type="multi_static_select",
        action_fields={"selected_options": [p.option("health", "Health")]},
    )
    bot.send(choose)
    home = home_tab(bot, 2)
    chosen, unfollow = followed_on_home(home)
    assert chosen == ["health"] and sorted(unfollow) == ["tag:nuoret", "theme:health"]

    tag_button = next(
        element
        for block in home["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element.get("value") == "tag:nuoret"
    )
    assert tag_button["action_id"].startswith(f"{ids.HOME_UNFOLLOW_TOPIC}:")
    bot.send(p.block_actions(tag_button["action_id"], tag_button["value"], view=home))

    home = home_tab(bot, 3)
    assert followed_on_home(home) == (["health"], ["theme:health"])
    assert "#nuoret" not in str(home["blocks"])
