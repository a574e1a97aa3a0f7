"""An experiment's learning in words: the ask, the form, its answers, the post in the learnings
channel, and why a status is not on an idea's path."""

from __future__ import annotations

from typing import Any

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.core.text import escape, escape_and_truncate, quote, truncate
from bot.ideas import kinds, learning
from bot.ideas.data import IdeaData, LearningData
from bot.ideas.learning import AGAIN, Problem
from models.pairing import LEARNING_MAX

# A section holds 3,000 characters; escaping can lengthen hostile text, so each part is cut well
# below that.
PART_MAX = 1400
MODAL_TITLE_MAX = 24


def _plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _ref(idea: IdeaData) -> str:
    return f"#{idea.number} *{escape_and_truncate(idea.title, 150)}*"


def _linked(idea: IdeaData, link: str | None) -> str:
    title = escape_and_truncate(idea.title, 150)
    return f"<{link}|#{idea.number} {title}>" if link else f"#{idea.number} *{title}*"


# ----------------------------------------------------------------------------------- status paths


# ------------------------------------------------------------------------------------ the ask


def ask_dm(t: Translator, idea: IdeaData, link: str | None) -> dict[str, Any]:
    """To the experiment's author, on the day its learning is due."""
    text = t.gettext(
        "Today is the day to share what your experiment %(idea)s taught you. "
        "Successes and failures are equally welcome: both help others learn."
    ) % {"idea": _linked(idea, link)}
    blocks: list[dict[str, Any]] = [_section(text)]
    if idea.share:
        planned = t.gettext("You planned to share the learning openly by: %(plan)s") % {
            "plan": escape_and_truncate(idea.share, PART_MAX)
        }
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": planned}]})
    blocks.append(
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": ids.LEARNING_SHARE,
                    "text": _plain(t.gettext("Share the learning")),
                    "value": str(idea.id),
                    "style": "primary",
                }
            ],
        }
    )
    return {"text": text, "blocks": blocks}


# ----------------------------------------------------------------------------------- the form


def _text_input(
    block_id: str, label: str, *, optional: bool, hint: str | None = None, initial: str = ""
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.INPUT,
        "multiline": True,
        "max_length": LEARNING_MAX,
    }
    if initial:
        element["initial_value"] = initial
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": _plain(label),
        "element": element,
    }
    if hint:
        block["hint"] = _plain(hint)
    return block


def learning_modal(t: Translator, idea: IdeaData, learnings_channel: str | None) -> dict[str, Any]:
    """The short form: what we learned, what worked, what did not, would we do it again."""
    _ = t.gettext
    if learnings_channel:
        where = _("It is posted in <#%(channel)s> and shown on the experiment's card.") % {
            "channel": learnings_channel
        }
    else:
        where = _("It is shown on the experiment's card, and `/idea search` finds it.")
    intro = _("What did %(idea)s teach you? A few sentences are plenty.") % {"idea": _ref(idea)}
    again = {
        "type": "radio_buttons",
        "action_id": ids.INPUT,
        "options": [{"text": _plain(learning.again_label(t, choice)), "value": choice} for choice in AGAIN],
    }
    return {
        "type": "modal",
        "callback_id": ids.LEARNING_MODAL,
        "private_metadata": metadata.write({"idea": idea.id}),
        "title": _plain(truncate(_("Share the learning"), MODAL_TITLE_MAX)),
        "submit": _plain(_("Share")),
        "close": _plain(_("Cancel")),
        "blocks": [
            _section(intro),
            _text_input("text", _("What we learned"), optional=False),
            _text_input("worked", _("What worked"), optional=True),
            _text_input("did_not", _("What did not work"), optional=True),
            {
                "type": "input",
                "block_id": "again",
                "optional": True,
                "label": _plain(_("Would we do it again?")),
                "element": again,
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": where}]},
        ],
    }


def form_problem(t: Translator, problem: Problem) -> str:
    if problem is Problem.MISSING:
        return t.gettext("Please write what you learned, even a sentence.")
    if problem is Problem.TOO_LONG:
        return t.gettext("Keep this to %(max)s characters.") % {"max": t.number(LEARNING_MAX)}
    return t.gettext("Choose yes, no or maybe.")


def thanks_modal(t: Translator, idea: IdeaData, learnings_channel: str | None) -> dict[str, Any]:
    _ = t.gettext
    if learnings_channel:
        text = _(
            "Thank you! The learning of %(idea)s is shared: it goes to <#%(channel)s> and onto its card."
        ) % {"idea": _ref(idea), "channel": learnings_channel}
    else:
        text = _("Thank you! The learning of %(idea)s is shared on its card.") % {"idea": _ref(idea)}
    return {
        "type": "modal",
        "callback_id": ids.LEARNING_MODAL,
        "title": _plain(truncate(_("Share the learning"), MODAL_TITLE_MAX)),
        "close": _plain(_("Close")),
        "blocks": [_section(text)],
    }


def unknown_experiment(t: Translator) -> str:
    return t.gettext("I can't find that experiment any more, so there is no learning to share.")


def not_allowed(t: Translator, idea: IdeaData) -> str:
    return t.gettext(
        "Only the author of %(idea)s and facilitators can share its learning. "
        "You can add your perspective in its thread."
    ) % {"idea": _ref(idea)}


def already_shared(t: Translator, idea: IdeaData) -> str:
    return t.gettext("The learning of %(idea)s is already shared. Thank you!") % {"idea": _ref(idea)}


# ---------------------------------------------------------------------------- the post


def learning_post(
    t: Translator, idea: IdeaData, shared: LearningData, *, by_user_id: str, link: str | None
) -> dict[str, Any]:
    """In the learnings channel, in the workspace's language."""
    _ = t.gettext
    heading = _("%(emoji)s A learning from the experiment %(idea)s, shared by %(person)s:") % {
        "emoji": kinds.emoji(kinds.EXPERIMENT),
        "idea": _linked(idea, link),
        "person": f"<@{by_user_id}>",
    }
    blocks: list[dict[str, Any]] = [_section(heading), _section(quote(_part(shared.text)))]
    parts = [
        (_("*What worked*\n%(text)s"), shared.worked),
        (_("*What did not work*\n%(text)s"), shared.did_not),
    ]
    blocks += [_section(template % {"text": _part(value)}) for template, value in parts if value]
    if shared.again in AGAIN:
        again = _("Would we do it again? %(answer)s") % {"answer": learning.again_label(t, shared.again)}
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": again}]})
    fallback = heading + "\n" + escape(truncate(shared.text, 500))
    return {"text": fallback, "blocks": blocks}


def _part(text: str) -> str:
    # Each line break takes the room of a character once quoted.
    return escape_and_truncate(text, PART_MAX - text.count("\n"))
