"""The Home tab's "New in what you follow": the feed, the themes menu and the Unfollow buttons, with
forged values changing nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.core import ids
from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.facilitation.attention import STALE, IdeaBrief, ItemData
from bot.facilitation.views.blocks import home_section as facilitator_section
from bot.home.views.home import home_view
from bot.ideas import topics
from bot.ideas.data import IdeaData, IdeaRef
from bot.ideas.feed import NEW_IDEA, Feed, FeedItem
from bot.ideas.topics import Topic
from bot.ideas.views import feed as feed_views
from handlers import home
from models import utcnow
from tests.ideas.feed_bank import Bank, hours
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.harness import BotUnderTest
from tests.support.listeners import Ack, context_for
from tests.support.views_check import assert_valid_view


@pytest.fixture
def bank(db: Database) -> Bank:
    return Bank(db, p.TEAM_ID)


def followed(rt: Runtime) -> set[str]:
    with rt.db.read() as session:
        return {t.key for t in topics.followed(session, team_id=p.TEAM_ID, user_id=p.USER_ID)}


def choose_themes(rt: Runtime, *values: str) -> Ack:
    ack = Ack()
    press = p.block_actions(
        ids.HOME_FOLLOW_THEMES,
        view={"type": "home"},
        action_type="multi_static_select",
        action_fields={"selected_options": [p.option(v) for v in values]},
    )
    home.follow_themes(ack, press["actions"][0], rt.client, context_for(rt))
    return ack


def press_unfollow(rt: Runtime, value: Any) -> Ack:
    ack = Ack()
    press = p.block_actions(
        f"{ids.HOME_UNFOLLOW_TOPIC}:0", view={"type": "home"}, action_fields={"value": value}
    )
    home.unfollow_topic(ack, press["actions"][0], rt.client, context_for(rt))
    return ack


def test_home_shows_what_is_new_this_week_in_what_the_member_follows(
    listener_rt: Runtime, bank: Bank
) -> None:
    bank.follow(p.USER_ID, "tag:nuoret", "theme:health")
    bank.idea("Nuorten kesätyöt", at=utcnow() - hours(30), tags=("nuoret",), channel_id="C0IDEAS")
    bank.idea("Viime kuun idea", at=utcnow() - hours(24 * 10), tags=("nuoret",))

    view = home.build_home(listener_rt, p.TEAM_ID, p.USER_ID)

    assert_valid_view(view)
    text = str(view["blocks"])
    assert "New in what you follow" in text
    assert "Nuorten kesätyöt · tagged #nuoret · <#C0IDEAS>" in text
    assert "Viime kuun idea · tagged" not in text  # older than a week (it is among the latest ideas)
    menu = next(
        b["accessory"] for b in view["blocks"] if b.get("accessory", {}).get("type") == "multi_static_select"
    )
    assert menu["action_id"] == ids.HOME_FOLLOW_THEMES
    assert [o["value"] for o in menu["initial_options"]] == ["health"]
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {b["value"] for b in buttons if b["action_id"].startswith(ids.HOME_UNFOLLOW_TOPIC)} == {
        "tag:nuoret",
        "theme:health",
    }


def test_choosing_themes_follows_them_unchoosing_unfollows_and_home_is_drawn_again(
    listener_rt: Runtime, fake_slack: FakeSlack, bank: Bank
) -> None:
    assert choose_themes(listener_rt, "health", "culture").once == {}
    assert followed(listener_rt) == {"theme:health", "theme:culture"}

    choose_themes(listener_rt, "culture")
    assert followed(listener_rt) == {"theme:culture"}
    published = fake_slack.calls_to("views.publish")
    assert len(published) == 2 and published[-1].params["user_id"] == p.USER_ID


def test_a_theme_not_in_the_workspace_or_a_forged_option_changes_nothing(
    listener_rt: Runtime, bank: Bank
) -> None:
    bank.follow(p.USER_ID, "tag:nuoret")
    choose_themes(listener_rt, "sports", "tag:nuoret", "x" * 5000)
    assert followed(listener_rt) == {"tag:nuoret"}

    ack = Ack()
    home.follow_themes(ack, {"selected_options": "health"}, listener_rt.client, context_for(listener_rt))
    home.follow_themes(
        ack, {"selected_options": [{"value": 7}, "health"]}, listener_rt.client, context_for(listener_rt)
    )
    assert followed(listener_rt) == {"tag:nuoret"}


def test_unfollow_ends_that_follow_and_draws_home_again(
    listener_rt: Runtime, fake_slack: FakeSlack, bank: Bank
) -> None:
    bank.follow(p.USER_ID, "tag:nuoret", "theme:health")

    assert press_unfollow(listener_rt, "tag:nuoret").once == {}

    assert followed(listener_rt) == {"theme:health"}
    (published,) = fake_slack.calls_to("views.publish")
    assert "tag:nuoret" not in str(published.json("view"))


@pytest.mark.parametrize("forged", ["tag:someone-elses", "theme:", "nonsense", None, 42, "tag:" + "x" * 3000])
def test_a_forged_unfollow_value_changes_nothing(listener_rt: Runtime, bank: Bank, forged: Any) -> None:
    bank.follow(p.USER_ID, "tag:nuoret")

    assert press_unfollow(listener_rt, forged).once == {}

    assert followed(listener_rt) == {"tag:nuoret"}


def test_another_workspaces_member_cannot_unfollow_for_this_one(listener_rt: Runtime, bank: Bank) -> None:
    bank.follow(p.USER_ID, "tag:nuoret")
    Bank(listener_rt.db, "T0OTHER01")
    press = p.block_actions(
        f"{ids.HOME_UNFOLLOW_TOPIC}:0", "tag:nuoret", team_id="T0OTHER01", view={"type": "home"}
    )
    home.unfollow_topic(
        Ack(), press["actions"][0], listener_rt.client, context_for(listener_rt, team_id="T0OTHER01")
    )

    assert followed(listener_rt) == {"tag:nuoret"}


def test_through_the_bot_the_home_tabs_unfollow_button_unfollows(http_bot: BotUnderTest) -> None:
    bank = Bank(http_bot.db, p.TEAM_ID)
    bank.follow(p.USER_ID, "theme:health", "tag:nuoret")
    http_bot.send(p.event_callback(p.app_home_opened_event()))
    view = http_bot.fake.wait_for("views.publish")[0].json("view")
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    button = next(b for b in buttons if b.get("value") == "tag:nuoret")

    http_bot.send(p.block_actions(button["action_id"], button["value"], view=view))

    http_bot.fake.wait_for("views.publish", count=2)
    assert followed(http_bot.rt) == {"theme:health"}


def test_the_fullest_home_tab_of_a_facilitator_stays_within_slacks_100_blocks() -> None:
    t = translator("fi")
    now = datetime(2026, 1, 14, 8, 0, tzinfo=UTC)
    brief = IdeaBrief(1, 1, "Nuorten kesätyöt", "C0IDEAS", "1.2")
    facilitating = facilitator_section(
        t,
        items=[ItemData(n, STALE, now, "U0ME", "open", None, brief, None) for n in range(10)],
        assigned=[brief] * 10,
        figures={"members": 1, "active_commenters": 1, "visitors": 1, "perspectives": 1, "ideas_new": 1},
        checkin_week="2026-W03",
        answered=False,
        now=now,
        zone=UTC,
        viewer="U0ME",
    )
    ref = IdeaRef(1, 1, "idea", "new", "Nuorten kesätyöt", "C0IDEAS", "1.2")
    news = Feed(tuple(FeedItem(NEW_IDEA, ref, now, Topic(topics.TAG, "nuoret")) for _ in range(10)), more=5)
    themes = tuple(f"teema{n}" for n in range(30))
    followed = [Topic(topics.THEME, theme) for theme in themes] + [
        Topic(topics.TAG, f"aihe{n}") for n in range(topics.MAX_PER_MEMBER - 30)
    ]
    idea = IdeaData(
        id=1, team_id=p.TEAM_ID, number=1, kind="idea", status="new", title="Idea", description="",
        believe="", outcome="", test="", share="", themes=(), seeking=(), author_id=None, channel_id=None,
        message_ts=None, origin_channel_id=None, created_at=now,
    )  # fmt: skip
    ideas = [idea] * home.LATEST

    view = home_view(
        t,
        ideas,
        ideas,
        ideas,
        facilitating,
        [{"type": "divider"}] * 6,  # pairing's part is at most a header, two lines and its buttons
        feed_views.home_section(t, news, followed, themes),
    )

    assert_valid_view(view)
    assert len(view["blocks"]) <= 100 - 10, len(view["blocks"])  # room for another section
