"""The pitch form's knowledge-bank fields (the challenge answered, an experiment's learning date, a
practice's lines, tags and links): their blocks, reading them back, and what to say when one is wrong.

Slack's form cannot show or hide fields as the kind changes (an input block's radio buttons send
nothing until the form is submitted), so every field is shown with a line saying whom it is for,
as the hypothesis lines are; `check_pitch` asks for what the chosen kind needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.core import ids
from bot.core.i18n import Translator
from bot.core.text import clean_block, clean_line, truncate, whole_number
from bot.ideas import links, tags
from bot.ideas.data import IdeaRef
from bot.ideas.pitch_problems import PitchProblem
from bot.ideas.pitches import PitchDraft
from bot.ideas.views import labels
from models.idea import HYPOTHESIS_LINE_MAX
from models.knowledge import LINK_LABEL_MAX, LINK_URL_MAX

# Slack's longest plain text input; a link longer than LINK_URL_MAX is refused on submit anyway.
LINKS_INPUT_MAX = 3000
TAGS_INPUT_MAX = 500
OPTIONS_MAX = 100


def plain(text: str, limit: int = 75) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


def option(text: str, value: str, description: str | None = None) -> dict[str, Any]:
    made: dict[str, Any] = {"text": plain(text), "value": value}
    if description:
        made["description"] = plain(description)
    return made


def text_input(
    block_id: str,
    label: str,
    *,
    max_length: int,
    initial: str = "",
    multiline: bool = False,
    optional: bool = True,
    placeholder: str | None = None,
    hint: str | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.INPUT,
        "max_length": max_length,
        "multiline": multiline,
    }
    if initial:
        # Slack refuses a whole view whose initial value is longer than max_length.
        element["initial_value"] = truncate(initial, max_length)
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain(label, 2000),
        "element": element,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def challenge_block(t: Translator, draft: PitchDraft, challenges: Sequence[IdeaRef]) -> list[dict[str, Any]]:
    """ "Answers a challenge": the open challenges to choose from; nothing when there are none."""
    if not challenges:
        return []
    options = [option(f"#{c.number} {c.title}", str(c.id), labels.status(t, c.status)) for c in challenges][
        :OPTIONS_MAX
    ]
    element: dict[str, Any] = {
        "type": "static_select",
        "action_id": ids.INPUT,
        "placeholder": plain(t.gettext("Choose a challenge")),
        "options": options,
    }
    chosen = [o for o in options if o["value"] == str(draft.challenge_id)]
    if chosen:
        element["initial_option"] = chosen[0]
    return [
        {
            "type": "input",
            "block_id": "challenge",
            "optional": True,
            "label": plain(t.gettext("Answers a challenge")),
            "hint": plain(t.gettext("An idea, an experiment or a practice can answer a challenge."), 2000),
            "element": element,
        }
    ]


def learning_due_block(t: Translator, draft: PitchDraft) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "datepicker", "action_id": ids.INPUT}
    if draft.learning_due is not None:
        element["initial_date"] = draft.learning_due.isoformat()
    return {
        "type": "input",
        "block_id": "learning_due",
        "optional": True,
        "label": plain(t.gettext("By when will you share the learning?")),
        "hint": plain(t.gettext("Needed for an experiment. I will remind you on that day."), 2000),
        "element": element,
    }


def practice_blocks(t: Translator, draft: PitchDraft) -> list[dict[str, Any]]:
    _ = t.gettext
    return [
        _context(_("*Practice*: a way of working others can reuse.")),
        text_input(
            "used_where", _("Where is it used?"), max_length=HYPOTHESIS_LINE_MAX, initial=draft.used_where
        ),
        text_input("ask_whom", _("Whom to ask?"), max_length=HYPOTHESIS_LINE_MAX, initial=draft.ask_whom),
    ]


def tags_and_links_blocks(t: Translator, draft: PitchDraft) -> list[dict[str, Any]]:
    _ = t.gettext
    return [
        text_input(
            "tags",
            _("Tags"),
            max_length=TAGS_INPUT_MAX,
            initial=" ".join(f"#{tag}" for tag in draft.tags),
            placeholder=_("#nuoret #kulttuuri"),
            hint=_("Words others can find and follow your pitch by, at most %(max)s.")
            % {"max": t.number(tags.MAX_PER_IDEA)},
        ),
        text_input(
            "links",
            _("Links"),
            max_length=LINKS_INPUT_MAX,
            initial=links.as_text(draft.links),
            multiline=True,
            placeholder=_("https://example.org/plan Our plan"),
            hint=_("One link a line: the address, then a label if you like. At most %(max)s links.")
            % {"max": t.number(links.MAX_PER_IDEA)},
        ),
    ]


def _state(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = values.get(block_id)
    state = block.get(ids.INPUT) if isinstance(block, dict) else None
    return state if isinstance(state, dict) else {}


def _typed(values: dict[str, Any], block_id: str) -> str:
    raw = _state(values, block_id).get("value")
    return raw if isinstance(raw, str) else ""


def _challenge_id(values: dict[str, Any]) -> int | None:
    chosen = _state(values, "challenge").get("selected_option")
    if not isinstance(chosen, dict):
        return None
    value = chosen.get("value")
    # A forged value reads as no workspace's challenge (0), so check_pitch refuses it aloud.
    number = whole_number(value) if isinstance(value, str) else None
    return number if number is not None else 0


def _day(values: dict[str, Any], block_id: str) -> date | None:
    raw = _state(values, block_id).get("selected_date")
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def read_knowledge(values: dict[str, Any]) -> dict[str, Any]:
    """The knowledge fields of a submitted form, as PitchDraft's keyword arguments."""
    typed_tags = _typed(values, "tags")
    # All of them: more than an idea may have is said in the form, not quietly cut.
    found_tags = tags.parse(typed_tags, limit=None)
    read_links = links.parse(clean_block(_typed(values, "links")))
    return {
        "used_where": clean_block(_typed(values, "used_where")),
        "ask_whom": clean_block(_typed(values, "ask_whom")),
        "tags": found_tags,
        "tags_unreadable": bool(clean_line(typed_tags)) and not found_tags,
        "links": read_links.links,
        "bad_link_line": read_links.bad_line,
        "bad_link": read_links.problem,
        "challenge_id": _challenge_id(values),
        "learning_due": _day(values, "learning_due"),
    }


def knowledge_problem_text(t: Translator, problem: PitchProblem, line: int) -> str | None:
    """What to say about a knowledge field's problem; None for the form's other problems."""
    _ = t.gettext
    line_of = {"line": t.number(max(line, 1))}
    texts = {
        PitchProblem.PRACTICE_LINE_TOO_LONG: lambda: (
            _("Keep this line to %(max)s characters.") % {"max": t.number(HYPOTHESIS_LINE_MAX)}
        ),
        PitchProblem.CHALLENGE_NOT_OPEN: lambda: _(
            "That challenge is not open for answers any more. Choose another one, or none."
        ),
        PitchProblem.CHALLENGE_ANSWERS_CHALLENGE: lambda: _(
            "A challenge cannot answer another challenge. Leave this empty, or pitch an idea, "
            "an experiment or a practice."
        ),
        PitchProblem.LEARNING_DUE_MISSING: lambda: _(
            "An experiment needs a day by which you will share the learning."
        ),
        PitchProblem.LEARNING_DUE_PAST: lambda: _("Choose today or a later day."),
        PitchProblem.LEARNING_DUE_TOO_FAR: lambda: _("Choose a day within a year from today."),
        PitchProblem.TOO_MANY_TAGS: lambda: _("Keep to %(max)s tags.") % {"max": t.number(tags.MAX_PER_IDEA)},
        PitchProblem.TAGS_UNREADABLE: lambda: _(
            "A tag needs letters or numbers, for example #nuoret. "
            "Emoji or punctuation alone don't make a tag."
        ),
        PitchProblem.LINK_NOT_WEB: lambda: (
            _("Line %(line)s: start a link with https:// or http://, then a space and a label if you like.")
            % line_of
        ),
        PitchProblem.LINK_TOO_LONG: lambda: (
            _("Line %(line)s: keep a link's address to %(max)s characters.")
            % {**line_of, "max": t.number(LINK_URL_MAX)}
        ),
        PitchProblem.LINK_LABEL_TOO_LONG: lambda: (
            _("Line %(line)s: keep a link's label to %(max)s characters.")
            % {**line_of, "max": t.number(LINK_LABEL_MAX)}
        ),
        PitchProblem.TOO_MANY_LINKS: lambda: (
            _("Add at most %(max)s links.") % {"max": t.number(links.MAX_PER_IDEA)}
        ),
    }
    say = texts.get(problem)
    return say() if say is not None else None
