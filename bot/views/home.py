"""The App Home tab: a welcome, a pitch button, the language choice and the latest ideas."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.i18n import Translator, available_languages
from bot.ideas import IdeaData
from bot.text import escape_and_truncate
from bot.views import labels


def _idea_line(t: Translator, idea: IdeaData) -> str:
    title = escape_and_truncate(idea.title, 600)
    status = labels.status(t, idea.status)
    return f"{labels.KIND_EMOJI.get(idea.kind, '•')} *#{idea.number}* {title} · _{status}_"


def home_view(t: Translator, latest: list[IdeaData]) -> dict[str, Any]:
    _ = t.gettext
    language_options = [
        {"text": {"type": "plain_text", "text": t.language_name(lang)}, "value": lang}
        for lang in available_languages()
    ]
    current = (
        next(o for o in language_options if o["value"] == t.language)
        if t.language in available_languages()
        else None
    )
    language_select: dict[str, Any] = {
        "type": "static_select",
        "action_id": ids.HOME_LANGUAGE,
        "options": language_options,
        "placeholder": {"type": "plain_text", "text": _("Language")},
    }
    if current:
        language_select["initial_option"] = current
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
                language_select,
            ],
        },
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": _("Latest ideas")}},
    ]
    # A section per idea: escaping can make five titles together longer than one section allows.
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": _idea_line(t, i)}} for i in latest]
    if not latest:
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": _("No ideas yet. Yours could be the first!")},
            }
        )
    return {"type": "home", "blocks": blocks}
