"""The App Home tab: a welcome, a pitch button, the language choice, what is new in what the member
follows, their own ideas, the ideas they follow and the latest ones."""

from __future__ import annotations

from typing import Any

from bot.core import ids
from bot.core.i18n import Translator, available_languages
from bot.core.text import escape_and_truncate
from bot.ideas.data import IdeaData
from bot.ideas.views import labels


def _idea_line(t: Translator, idea: IdeaData) -> str:
    title = escape_and_truncate(idea.title, 600)
    status = labels.status(t, idea.status)
    return f"{labels.kind_emoji(idea.kind)} *#{idea.number}* {title} · _{status}_"


def _ideas_section(t: Translator, heading: str, ideas: list[IdeaData], empty: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [{"type": "header", "text": {"type": "plain_text", "text": heading}}]
    # A section per idea: escaping can make several titles together longer than one section allows.
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": _idea_line(t, i)}} for i in ideas]
    if not ideas:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": empty}]})
    return blocks


def home_view(
    t: Translator,
    latest: list[IdeaData],
    mine: list[IdeaData] | None = None,
    followed: list[IdeaData] | None = None,
    facilitator_blocks: list[dict[str, Any]] | None = None,
    pairing_blocks: list[dict[str, Any]] | None = None,
    following_blocks: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """`facilitator_blocks` (their items, ideas and week) come first for facilitators; then what is new
    in what the member follows (`bot.ideas.views.feed.home_section`), then pairing."""
    _ = t.gettext
    language_options = [
        {"text": {"type": "plain_text", "text": t.language_name(lang)}, "value": lang}
        for lang in available_languages()
    ]
    language_select: dict[str, Any] = {
        "type": "static_select",
        "action_id": ids.HOME_LANGUAGE,
        "options": language_options,
        "placeholder": {"type": "plain_text", "text": _("Language")},
    }
    current = [o for o in language_options if o["value"] == t.language]
    if current:
        language_select["initial_option"] = current[0]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _("Welcome to Think Tank")}},
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": _(
                    "Pitch an idea, hear other perspectives, and carry it on alone or together. "
                    "Facilitators help keep things moving."
                ),
            },
        },
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": ids.HOME_PITCH,
                    "style": "primary",
                    "text": {"type": "plain_text", "text": _("Pitch an idea")},
                },
                {
                    "type": "button",
                    "action_id": ids.HOME_MEET,
                    "text": {"type": "plain_text", "text": _("Plan a gathering")},
                },
                language_select,
            ],
        },
        {"type": "divider"},
    ]
    blocks += facilitator_blocks or []
    blocks += following_blocks or []
    blocks += pairing_blocks or []
    if mine is not None:
        blocks += _ideas_section(t, _("Your ideas"), mine, _("You haven't pitched an idea yet."))
    if followed is not None:
        blocks += _ideas_section(
            t, _("Ideas you follow"), followed, _("Press *Follow* on a pitch to see it here.")
        )
    blocks += _ideas_section(t, _("Latest ideas"), latest, _("No ideas yet. Yours could be the first!"))
    return {"type": "home", "blocks": blocks}
