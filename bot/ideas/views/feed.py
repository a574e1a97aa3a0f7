"""What is new in what a member follows, as they read it: the daily digest DM and the Home tab's
section (the feed, the themes menu and an Unfollow button per followed topic)."""

from __future__ import annotations

from typing import Any

from bot.core import ids
from bot.core.i18n import Translator
from bot.core.text import escape, escape_and_truncate, truncate
from bot.ideas import topics
from bot.ideas.feed import ANSWER, LEARNING, Feed, FeedItem
from bot.ideas.topics import Topic
from bot.ideas.views import labels

# Slack's limits: a button's or an option's text, and the elements of one actions block.
BUTTON_TEXT_MAX = 75
OPTION_TEXT_MAX = 75
ACTIONS_MAX = 25
TITLE_MAX = 150


def _idea(item: FeedItem) -> str:
    title = escape_and_truncate(item.idea.title, TITLE_MAX)
    return f"{labels.kind_emoji(item.idea.kind)} *#{item.idea.number}* {title}"


def item_line(t: Translator, item: FeedItem) -> str:
    """One item: what it is, and why it is in this member's feed."""
    _ = t.gettext
    idea = _idea(item)
    if item.what == LEARNING:
        line = _("%(idea)s · learning shared") % {"idea": idea}
    elif item.what == ANSWER and item.challenge is not None:
        line = _("%(idea)s · answers #%(number)s %(challenge)s") % {
            "idea": idea,
            "number": item.challenge.number,
            "challenge": escape_and_truncate(item.challenge.title, TITLE_MAX),
        }
    elif item.topic is not None and item.topic.kind == topics.TAG:
        line = _("%(idea)s · tagged #%(tag)s") % {"idea": idea, "tag": escape(item.topic.name)}
    elif item.topic is not None:
        line = _("%(idea)s · theme %(theme)s") % {
            "idea": idea,
            "theme": escape(labels.theme(t, item.topic.name)),
        }
    else:
        line = idea
    # Where to find it; a permalink would cost a call to Slack per item.
    channel = item.channel_id if item.what == LEARNING else item.idea.channel_id
    return f"{line} · <#{channel}>" if channel else line


def _items(t: Translator, feed: Feed) -> list[dict[str, Any]]:
    # A section per item: escaping can make several titles together longer than one section allows.
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": item_line(t, item)}} for item in feed.items
    ]


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def digest_message(t: Translator, feed: Feed) -> dict[str, Any]:
    """The daily DM: a heading, a line per item (at most `feed.DIGEST_ITEMS`), and where to unfollow."""
    _ = t.gettext
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _("New in what you follow")}},
        *_items(t, feed),
    ]
    if feed.more:
        blocks.append(
            _context(
                t.ngettext(
                    "And %(count)s more: see your Home tab.",
                    "And %(count)s more: see your Home tab.",
                    feed.more,
                )
                % {"count": t.number(feed.more)}
            )
        )
    blocks.append(_context(_("You can unfollow a theme or a tag on your Home tab.")))
    text = t.ngettext(
        "%(count)s new item in what you follow.", "%(count)s new items in what you follow.", feed.total
    ) % {"count": t.number(feed.total)}
    return {"text": text, "blocks": blocks}


def topic_name(t: Translator, topic: Topic) -> str:
    """A topic as a member reads it: `#nuoret`, or the theme's name in their language."""
    return f"#{topic.name}" if topic.kind == topics.TAG else labels.theme(t, topic.name)


def _themes_menu(t: Translator, followed: list[Topic], themes: tuple[str, ...]) -> dict[str, Any]:
    options = [
        {
            "text": {"type": "plain_text", "text": truncate(labels.theme(t, theme), OPTION_TEXT_MAX)},
            "value": theme,
        }
        for theme in themes
    ]
    chosen = {topic.name for topic in followed if topic.kind == topics.THEME}
    menu: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": ids.HOME_FOLLOW_THEMES,
        "options": options,
        "placeholder": {"type": "plain_text", "text": t.gettext("Choose themes")},
    }
    initial = [option for option in options if option["value"] in chosen]
    if initial:
        menu["initial_options"] = initial
    return {
        "type": "section",
        "text": {"type": "mrkdwn", "text": t.gettext("*Themes you follow*")},
        "accessory": menu,
    }


def unfollow_action_id(position: int) -> str:
    """Buttons in one actions block need ids of their own; the listener matches the prefix."""
    return f"{ids.HOME_UNFOLLOW_TOPIC}:{position}"


def _unfollow_buttons(t: Translator, followed: list[Topic]) -> list[dict[str, Any]]:
    buttons = [
        {
            "type": "button",
            "action_id": unfollow_action_id(n),
            "value": topic.key,
            "text": {
                "type": "plain_text",
                "text": truncate(
                    t.gettext("Unfollow %(topic)s") % {"topic": topic_name(t, topic)}, BUTTON_TEXT_MAX
                ),
            },
        }
        for n, topic in enumerate(followed)
    ]
    return [
        {"type": "actions", "elements": buttons[start : start + ACTIONS_MAX]}
        for start in range(0, len(buttons), ACTIONS_MAX)
    ]


def home_section(
    t: Translator, feed: Feed, followed: list[Topic], themes: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The Home tab's part: what is new this week in what the member follows, the themes menu, and an
    Unfollow button per followed topic. At most 3 + HOME_ITEMS + 1 + 2 + 1 blocks (50 topics)."""
    _ = t.gettext
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _("New in what you follow")}},
        *_items(t, feed),
    ]
    if feed.more:
        blocks.append(
            _context(
                t.ngettext("And %(count)s more this week.", "And %(count)s more this week.", feed.more)
                % {"count": t.number(feed.more)}
            )
        )
    if not followed:
        blocks.append(
            _context(
                _(
                    "Follow a theme here, or a tag with `/idea follow #tag`: what is new there shows up "
                    "here and in one message a day."
                )
            )
        )
    elif not feed.items:
        blocks.append(_context(_("Nothing new this week in what you follow.")))
    if themes:
        blocks.append(_themes_menu(t, followed, themes))
    blocks += _unfollow_buttons(t, followed)
    blocks.append({"type": "divider"})
    return blocks
