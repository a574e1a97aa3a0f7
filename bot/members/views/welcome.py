"""The newcomer's welcome DM: what the community is for, what to do first, and the language."""

from __future__ import annotations

from typing import Any

from bot.core import ids
from bot.core.i18n import N_, Translator, available_languages

# Said when an admin has written no welcome of their own for this language.
DEFAULT_WELCOME_TEXT = N_(
    "Here anyone can pitch an idea, hear other people's perspectives and carry good ideas on together. "
    "Facilitators are glad to help, and no idea is too small to share."
)


def welcome_message(
    t: Translator, user_id: str, community_text: str | None, pairing_on: bool
) -> dict[str, Any]:
    """One DM, short and kind: hello, the community's own words, then two or three buttons."""
    _ = t.gettext
    hello = _("👋 Welcome, <@%(user)s>! I'm Think Tank, this community's helper.") % {"user": user_id}
    first = [_button(_("Pitch an idea"), ids.HOME_PITCH, "welcome", style="primary")]
    if pairing_on:
        first.append(_button(_("Join pairing"), ids.PAIR_JOIN, "welcome"))
    languages = [
        _button(t.language_name(language), f"{ids.WELCOME_LANGUAGE}:{language}", language)
        for language in _in_order()
    ]
    return {
        "text": hello,
        "blocks": [
            _section(f"{hello}\n\n{community_text or _(DEFAULT_WELCOME_TEXT)}"),
            {"type": "actions", "block_id": "welcome_first", "elements": first},
            _context(_("Suomeksi, på svenska or in English? Choose, and I'll use it from now on.")),
            {"type": "actions", "block_id": "welcome_language", "elements": languages},
        ],
    }


def _in_order() -> list[str]:
    # Finland's own languages first: Suomi, Svenska, then English.
    preferred = ["fi", "sv", "en"]
    return [lang for lang in preferred if lang in available_languages()] + [
        lang for lang in available_languages() if lang not in preferred
    ]


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "value": value,
        "text": {"type": "plain_text", "text": text[:75]},
    }
    if style:
        button["style"] = style
    return button
