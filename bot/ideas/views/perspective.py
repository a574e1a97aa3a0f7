"""Adding a perspective with the card's button: the form and the thread reply it becomes."""

from __future__ import annotations

from typing import Any

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.core.text import escape, quote, truncate
from bot.ideas.data import IdeaData

PERSPECTIVE_MAX = 3000


def perspective_modal(t: Translator, idea: IdeaData) -> dict[str, Any]:
    _ = t.gettext
    return {
        "type": "modal",
        "callback_id": ids.PERSPECTIVE_MODAL,
        "private_metadata": metadata.write({"idea": idea.id}),
        "title": {"type": "plain_text", "text": truncate(_("Add a perspective"), 24)},
        "submit": {"type": "plain_text", "text": truncate(_("Share"), 24)},
        "close": {"type": "plain_text", "text": truncate(_("Cancel"), 24)},
        "blocks": [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"*#{idea.number}* {escape(truncate(idea.title, 200))}"},
            },
            {
                "type": "input",
                "block_id": ids.PERSPECTIVE_BLOCK,
                "label": {"type": "plain_text", "text": _("Your perspective")},
                "hint": {
                    "type": "plain_text",
                    "text": _("It will be posted in the pitch's thread under your name."),
                },
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.INPUT,
                    "multiline": True,
                    "max_length": PERSPECTIVE_MAX,
                },
            },
        ],
    }


def perspective_idea_id(private_metadata: str | None) -> int | None:
    return metadata.whole_number(metadata.read(private_metadata), "idea")


def perspective_reply(t: Translator, user_id: str, text: str) -> dict[str, Any]:
    """The thread reply: the giver's name, then their words quoted and escaped.

    Plain `text` rather than a section block: escaping and quoting can lengthen a 3,000-character
    perspective past a section's limit, while a message's text allows 40,000.
    """
    heading = t.gettext("Perspective from %(user)s:") % {"user": f"<@{user_id}>"}
    return {"text": f"{heading}\n{quote(escape(text))}"}
