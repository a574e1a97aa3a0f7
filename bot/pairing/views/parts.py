"""What pairing's views share: Block Kit's small pieces and a list of interests in words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.i18n import Translator
from bot.core.text import escape_and_truncate
from bot.ideas.views import labels


def plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def button(text: str, action_id: str, value: str = "", style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "action_id": action_id, "text": plain(text), "value": value}
    if style:
        element["style"] = style
    return element


# Interests named in an introduction; more read as "+N".
INTERESTS_SHOWN = 5


def interests_text(t: Translator, keys: Sequence[str]) -> str:
    shown = ", ".join(escape_and_truncate(labels.theme(t, key), 60) for key in keys[:INTERESTS_SHOWN])
    more = len(keys) - INTERESTS_SHOWN
    return (
        shown
        if more <= 0
        else t.gettext("%(interests)s and %(count)s more") % {"interests": shown, "count": more}
    )
