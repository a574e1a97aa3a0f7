"""Pairing's forms: joining (or editing one's line and interests) and sharing a learning, each
with the view that replaces it once saved."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.ideas.views import labels
from bot.pairing.participation import FormProblem, ParticipantData
from bot.pairing.views.parts import plain, section
from models.pairing import LEARNING_MAX, TOPIC_MAX


def join_modal(t: Translator, themes: Sequence[str], current: ParticipantData | None) -> dict[str, Any]:
    _ = t.gettext
    topic: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.INPUT,
        "max_length": TOPIC_MAX,
        "placeholder": plain(_("For example: running volunteer meet-ups")),
    }
    if current and current.topic:
        topic["initial_value"] = current.topic
    blocks: list[dict[str, Any]] = [
        section(
            _(
                "Every few weeks you're paired at random with another member for a *30-minute conversation*. "
                "A day before, you can skip a round. Afterwards you can share what you learned."
            )
        ),
        {
            "type": "input",
            "block_id": "topic",
            "optional": True,
            "label": plain(_("What would you like to talk about?")),
            "hint": plain(_("One line, shown to the people you're paired with.")),
            "element": topic,
        },
    ]
    options = [{"text": plain(labels.theme(t, key)[:75]), "value": key} for key in themes][:100]
    if options:
        element: dict[str, Any] = {
            "type": "multi_static_select",
            "action_id": ids.INPUT,
            "placeholder": plain(_("Choose interests")),
            "options": options,
        }
        chosen = [o for o in options if current and o["value"] in current.interests]
        if chosen:
            element["initial_options"] = chosen
        blocks.append(
            {
                "type": "input",
                "block_id": "interests",
                "optional": True,
                "label": plain(_("Interests")),
                "hint": plain(_("People who share one are paired first.")),
                "element": element,
            }
        )
    joined = current is not None and current.active
    return {
        "type": "modal",
        "callback_id": ids.PAIR_JOIN_MODAL,
        "title": plain(_("Pairing")),
        "submit": plain(_("Save") if joined else _("Join")),
        "close": plain(_("Cancel")),
        "blocks": blocks,
    }


def form_problem(t: Translator, problem: FormProblem, limit: int) -> str:
    if problem == FormProblem.TOO_LONG:
        return t.gettext("Please keep it to %(limit)s characters.") % {"limit": t.number(limit)}
    return t.gettext("Please write a few words here, or untick sharing.")


def joined_modal(t: Translator, next_round: datetime | None, zone: tzinfo, newly: bool) -> dict[str, Any]:
    _ = t.gettext
    first = _("You're in!") if newly else _("Saved.")
    if next_round is None:
        then = _("Rounds are off for now; you'll be paired once they start.")
    else:
        then = _("The next round is on %(date)s, and I'll let you know the day before.") % {
            "date": t.on_day(next_round, zone)
        }
    return {
        "type": "modal",
        "callback_id": ids.PAIR_JOIN_MODAL,
        "title": plain(_("Pairing")),
        "close": plain(_("Close")),
        "blocks": [section(f"{first} {then}")],
    }


def learning_modal(t: Translator, group_id: int, learnings_channel: str | None) -> dict[str, Any]:
    _ = t.gettext
    if learnings_channel:
        consent = _(
            "Share it: post it in <#%(channel)s> with my name, and keep it where `/idea search` finds it."
        ) % {"channel": learnings_channel}
    else:
        consent = _("Share it: keep it with my name where `/idea search` finds it.")
    return {
        "type": "modal",
        "callback_id": ids.PAIR_LEARNING_MODAL,
        "private_metadata": metadata.write({"group": group_id}),
        "title": plain(_("What you learned")),
        "submit": plain(_("Done")),
        "close": plain(_("Skip")),
        "blocks": [
            section(_("Thanks for meeting! What did you learn? A sentence or two is plenty.")),
            {
                "type": "input",
                "block_id": "learning",
                "optional": True,
                "label": plain(_("What I learned")),
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.INPUT,
                    "multiline": True,
                    "max_length": LEARNING_MAX,
                },
            },
            {
                "type": "input",
                "block_id": "consent",
                "optional": True,
                "label": plain(_("Sharing")),
                "hint": plain(_("If you leave this unticked, nothing is kept.")),
                "element": {
                    "type": "checkboxes",
                    "action_id": ids.INPUT,
                    "options": [{"text": {"type": "mrkdwn", "text": consent}, "value": "share"}],
                },
            },
        ],
    }


def learning_thanks_modal(t: Translator, shared: bool, channel_id: str | None) -> dict[str, Any]:
    _ = t.gettext
    if not shared:
        text = _("Thank you! Nothing was kept, as you chose not to share it.")
    elif channel_id:
        text = _("Thank you! Your learning is shared in <#%(channel)s> and kept for the community.") % {
            "channel": channel_id
        }
    else:
        text = _("Thank you! Your learning is kept where `/idea search` finds it.")
    return {
        "type": "modal",
        "callback_id": ids.PAIR_LEARNING_MODAL,
        "title": plain(_("What you learned")),
        "close": plain(_("Close")),
        "blocks": [section(text)],
    }
