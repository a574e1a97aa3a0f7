"""The digest DM and the Home tab's feed section: short, escaped, within Slack's limits in every
language, at the most they can hold."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.i18n import available_languages, translator
from bot.ideas import topics
from bot.ideas.data import IdeaRef
from bot.ideas.feed import ANSWER, DIGEST_ITEMS, HOME_ITEMS, LEARNING, NEW_IDEA, Feed, FeedItem
from bot.ideas.topics import Topic
from bot.ideas.views import feed as feed_views
from tests.support.views_check import assert_valid_message, assert_valid_view

AT = datetime(2026, 1, 14, 8, 0, tzinfo=UTC)
HOSTILE = "<!channel> & <@U0ALL> " + "ö" * 200
EN = translator("en")


def ref(
    number: int, title: str = "Nuorten kesätyöt", *, kind: str = "idea", channel: str | None = None
) -> IdeaRef:
    return IdeaRef(number, number, kind, "new", title, channel, "1.2" if channel else None)


def every_kind(title: str = HOSTILE) -> list[FeedItem]:
    return [
        FeedItem(NEW_IDEA, ref(1, title, channel="C0IDEAS"), AT, topic=Topic(topics.TAG, "nuoret")),
        FeedItem(NEW_IDEA, ref(2, title, kind="experiment"), AT, topic=Topic(topics.THEME, "health")),
        FeedItem(ANSWER, ref(3, title, kind="practice"), AT, challenge=ref(9, title, kind="challenge")),
        FeedItem(LEARNING, ref(4, title, kind="experiment", channel="C0IDEAS"), AT, channel_id="C0LEARN"),
    ]


def test_each_line_says_why_the_item_is_there_and_where_to_find_it() -> None:
    lines = [feed_views.item_line(EN, item) for item in every_kind("Kesätyöt")]

    assert lines == [
        ":bulb: *#1* Kesätyöt · tagged #nuoret · <#C0IDEAS>",
        ":test_tube: *#2* Kesätyöt · theme Health",
        ":books: *#3* Kesätyöt · answers #9 Kesätyöt",
        ":test_tube: *#4* Kesätyöt · learning shared · <#C0LEARN>",
    ]


def test_member_text_is_escaped_so_it_pings_no_one() -> None:
    for item in every_kind():
        line = feed_views.item_line(EN, item)
        assert "<!channel>" not in line and "<@U0ALL>" not in line
        assert "&lt;!channel&gt; &amp;" in line


@pytest.mark.parametrize("language", available_languages())
def test_the_fullest_digest_fits_a_message(language: str) -> None:
    t = translator(language)
    items = (every_kind() * DIGEST_ITEMS)[:DIGEST_ITEMS]

    message = feed_views.digest_message(t, Feed(tuple(items), more=480))

    assert_valid_message(message["text"], message["blocks"])
    assert message["blocks"][0]["type"] == "header"
    assert sum(b["type"] == "section" for b in message["blocks"]) == DIGEST_ITEMS


@pytest.mark.parametrize("language", available_languages())
def test_the_fullest_home_section_fits_the_home_tab(language: str) -> None:
    t = translator(language)
    themes = tuple(f"{'Teema' * 9} {n}" for n in range(30))
    followed = [Topic(topics.THEME, theme) for theme in themes] + [
        Topic(topics.TAG, f"{'nuoret' * 6}{n}") for n in range(topics.MAX_PER_MEMBER - len(themes))
    ]
    items = (every_kind() * HOME_ITEMS)[:HOME_ITEMS]

    blocks = feed_views.home_section(t, Feed(tuple(items), more=12), followed, themes)

    assert_valid_view({"type": "home", "blocks": blocks})
    assert len(blocks) <= 3 + HOME_ITEMS + 1 + 2 + 1
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["value"] for b in buttons] == [topic.key for topic in followed]
    assert len({b["action_id"] for b in buttons}) == len(buttons)
    (menu,) = [b["accessory"] for b in blocks if b.get("accessory", {}).get("type") == "multi_static_select"]
    assert [o["value"] for o in menu["initial_options"]] == list(themes)


def test_a_member_who_follows_nothing_is_told_how_to_begin() -> None:
    blocks = feed_views.home_section(EN, Feed(), [], ("health", "culture"))

    assert "/idea follow #tag" in str(blocks)
    (menu,) = [b["accessory"] for b in blocks if "accessory" in b]
    assert "initial_options" not in menu
    assert [o["text"]["text"] for o in menu["options"]] == ["Health", "Culture"]
