"""The pitch card posted in the channel: what it is, who pitched it, what the knowledge bank knows of
it (`knowledge`), and buttons to respond. It is drawn once for everyone, in the workspace's language."""

from __future__ import annotations

from typing import Any

from bot.core import ids
from bot.core.i18n import Translator
from bot.core.text import escape, escape_and_truncate, truncate
from bot.ideas import kinds
from bot.ideas.data import IdeaData
from bot.ideas.views import knowledge, labels

SECTION_MAX = 3000
FIELD_MAX = 2000
HEADER_MAX = 150


def author_mention(t: Translator, author_id: str | None) -> str:
    return f"<@{author_id}>" if author_id else t.gettext("a former member")


def announcement(t: Translator, idea: IdeaData) -> str:
    """The notification text of a card: one whole sentence per kind, never glued from pieces."""
    values = {"number": idea.number, "title": escape(idea.title)}
    if idea.kind == kinds.CHALLENGE:
        return t.gettext("New challenge #%(number)s: %(title)s") % values
    if idea.kind == kinds.EXPERIMENT:
        return t.gettext("New experiment #%(number)s: %(title)s") % values
    return t.gettext("New idea #%(number)s: %(title)s") % values


def hypothesis_text(t: Translator, idea: IdeaData) -> str:
    _ = t.gettext
    lines = [
        (_("We believe that if we"), idea.believe),
        (_("then this will lead to"), idea.outcome),
        (_("We will test this by"), idea.test),
        (_("and share the learning openly by"), idea.share),
    ]
    # Four lines share one section of 3,000 characters.
    return "\n".join(f"*{label}* {escape_and_truncate(value, 700)}" for label, value in lines if value)


def idea_blocks(t: Translator, idea: IdeaData) -> list[dict[str, Any]]:
    """What an idea says: number and title, kind, status and author, description and hypothesis.

    The card in the channel and `/idea show` both start with these.
    """
    _ = t.gettext
    byline = _("%(kind)s · %(status)s · pitched by %(author)s") % {
        "kind": f"{labels.kind_emoji(idea.kind, '')} *{labels.kind(t, idea.kind)}*".strip(),
        "status": labels.status(t, idea.status),
        "author": author_mention(t, idea.author_id),
    }
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": truncate(f"#{idea.number} {idea.title}", HEADER_MAX)},
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": byline}]},
    ]
    if idea.description:
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": escape_and_truncate(idea.description, SECTION_MAX)},
            }
        )
    if idea.has_hypothesis:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": hypothesis_text(t, idea)}})
    return blocks


def pitch_card(t: Translator, idea: IdeaData) -> dict[str, Any]:
    """`text` and `blocks` for chat.postMessage / chat.update."""
    _ = t.gettext
    blocks = idea_blocks(t, idea)
    fields = []
    if idea.themes:
        themes = ", ".join(labels.theme(t, theme) for theme in idea.themes)
        heading = _("Themes")
        fields.append(
            {"type": "mrkdwn", "text": f"*{heading}*\n{escape_and_truncate(themes, FIELD_MAX - 50)}"}
        )
    if idea.seeking:
        seeking = ", ".join(labels.seeking(t, s) for s in idea.seeking)
        heading = _("Looking for")
        fields.append({"type": "mrkdwn", "text": f"*{heading}*\n{seeking}"})
    if fields:
        blocks.append({"type": "section", "fields": fields})
    blocks += knowledge.knowledge_blocks(t, idea)
    blocks.append(knowledge.tags_and_supports(t, idea))
    value = str(idea.id)
    answer = knowledge.answer_button(t, idea)
    blocks.append(
        {
            "type": "actions",
            "block_id": "idea_actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": ids.ADD_PERSPECTIVE,
                    "value": value,
                    "style": "primary",
                    "text": {"type": "plain_text", "text": _("Add a perspective")},
                },
                *([answer] if answer else []),
                knowledge.support_button(t, idea),
                {
                    "type": "button",
                    "action_id": ids.FOLLOW,
                    "value": value,
                    "text": {"type": "plain_text", "text": _("Follow")},
                },
                {
                    "type": "button",
                    "action_id": ids.OFFER_HELP,
                    "value": value,
                    "text": {"type": "plain_text", "text": _("I can help")},
                },
                {
                    # Shown to everyone (Slack cannot show a button to one person); acted on only
                    # for the author and facilitators.
                    "type": "overflow",
                    "action_id": ids.CARD_MENU,
                    "options": [
                        {"text": {"type": "plain_text", "text": _("Edit")}, "value": f"{ids.EDIT}:{idea.id}"}
                    ],
                },
            ],
        }
    )
    blocks.append(
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": _("Reply in the thread to add your perspective.")}],
        }
    )
    return {"text": truncate(announcement(t, idea), 3000), "blocks": blocks}
