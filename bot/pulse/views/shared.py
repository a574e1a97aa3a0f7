"""What the weekly post and the "in numbers" card both use: Slack's limits and the figures' definitions."""

from __future__ import annotations

from bot.core.i18n import Translator

HEADER_MAX = 150  # Slack's limit for a header's text
SECTION_MAX = 3000  # Slack's limit for a section's text


def definitions(t: Translator) -> str:
    return t.gettext(
        "_Active commenters_ wrote a message or a perspective where Think Tank can see it. "
        "_Visitors_ did anything it can see: a message, a reaction, a command, a button or the Home tab. "
        "Slack does not tell apps who reads, so visitors are a floor, not a census."
    )
