"""The pitch form, its field errors, and reading a submitted form back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.core.text import clean_block, clean_line, plain_from_slack, truncate
from bot.ideas import kinds, looking_for
from bot.ideas.data import IdeaRef
from bot.ideas.pitch_problems import PitchProblem
from bot.ideas.pitches import HYPOTHESIS_FIELDS, PitchDraft
from bot.ideas.views import labels
from bot.ideas.views.pitch_fields import (
    challenge_block,
    knowledge_problem_text,
    learning_due_block,
    option,
    plain,
    practice_blocks,
    read_knowledge,
    tags_and_links_blocks,
    text_input,
)
from models.idea import DESCRIPTION_MAX, HYPOTHESIS_LINE_MAX, TITLE_MAX

METADATA_MAX = 3000


def pitch_modal(
    t: Translator,
    *,
    themes: tuple[str, ...],
    draft: PitchDraft | None = None,
    private_metadata: str = "",
    editing: bool = False,
    ask_channel: bool = False,
    challenges: Sequence[IdeaRef] = (),
) -> dict[str, Any]:
    """The pitch form, pre-filled from `draft` (a `/pitch` title, or a message saved as an idea).

    `ask_channel`: nowhere to post is known (no ideas channel, opened in a DM), so the form asks.
    `challenges`: those it may answer (the open ones, the newest first, and the one it answers)."""
    draft = draft or PitchDraft()
    _ = t.gettext
    kind_options = [option(labels.kind(t, k), k, labels.kind_hint(t, k)) for k in kinds.ALL]
    initial_kind = kind_options[kinds.ALL.index(draft.kind) if draft.kind in kinds.ALL else 0]
    # An edited idea keeps themes the workspace has since dropped: Slack needs them among the options.
    offered = tuple(dict.fromkeys((*themes, *draft.themes)))
    theme_options = [option(labels.theme(t, theme), theme) for theme in offered]
    seeking_options = [option(labels.seeking(t, s), s) for s in looking_for.ALL]
    hypothesis_labels = {
        "believe": _("We believe that if we…"),
        "outcome": _("…then this will lead to…"),
        "test": _("We will test this by…"),
        "share": _("…and share the learning openly by…"),
    }

    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": _(
                    "Share an idea, a challenge, an experiment or a practice. It will be posted in the "
                    "channel, where others can add perspectives and offer help."
                ),
            },
        },
        *([_channel_input(t)] if ask_channel else []),
        {
            "type": "input",
            "block_id": "kind",
            "label": plain(_("What are you pitching?")),
            "element": {
                "type": "radio_buttons",
                "action_id": ids.INPUT,
                "options": kind_options,
                "initial_option": initial_kind,
            },
        },
        text_input(
            "title",
            _("Title"),
            max_length=TITLE_MAX,
            initial=draft.title,
            optional=False,
            placeholder=_("A short name others will recognise"),
        ),
        text_input(
            "description",
            _("Description"),
            max_length=DESCRIPTION_MAX,
            initial=draft.description,
            multiline=True,
            placeholder=_("What is it about, who is it for, what would change?"),
        ),
        *challenge_block(t, draft, challenges),
        {"type": "divider"},
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": _("*Hypothesis*: all four lines are needed for an experiment.")}
            ],
        },
    ]
    blocks += [
        text_input(
            name, hypothesis_labels[name], max_length=HYPOTHESIS_LINE_MAX, initial=getattr(draft, name)
        )
        for name in HYPOTHESIS_FIELDS
    ]
    blocks += [learning_due_block(t, draft), {"type": "divider"}, *practice_blocks(t, draft)]
    blocks.append({"type": "divider"})
    if theme_options:
        themes_element: dict[str, Any] = {
            "type": "multi_static_select",
            "action_id": ids.INPUT,
            "placeholder": plain(_("Choose themes")),
            "options": theme_options[:100],
        }
        chosen = [o for o in theme_options if o["value"] in draft.themes]
        if chosen:
            themes_element["initial_options"] = chosen
        blocks.append(
            {
                "type": "input",
                "block_id": "themes",
                "optional": True,
                "label": plain(_("Themes")),
                "element": themes_element,
            }
        )
    blocks += tags_and_links_blocks(t, draft)
    seeking_element: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": ids.INPUT,
        "options": seeking_options,
    }
    chosen_seeking = [o for o in seeking_options if o["value"] in draft.seeking]
    if chosen_seeking:
        seeking_element["initial_options"] = chosen_seeking
    blocks.append(
        {
            "type": "input",
            "block_id": "seeking",
            "optional": True,
            "label": plain(_("What are you looking for?")),
            "element": seeking_element,
        }
    )
    return {
        "type": "modal",
        "callback_id": ids.PITCH_MODAL,
        "title": plain(_("Edit your idea") if editing else _("Pitch an idea"), 24),
        "submit": plain(_("Save") if editing else _("Pitch it"), 24),
        "close": plain(_("Cancel"), 24),
        "private_metadata": private_metadata[:METADATA_MAX],
        "blocks": blocks,
    }


CHANNEL_BLOCK = "channel"


def _channel_input(t: Translator) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": CHANNEL_BLOCK,
        "label": plain(t.gettext("Post it in")),
        "hint": plain(
            t.gettext("The channel where the community will see your pitch. Invite me there first.")
        ),
        "element": {
            "type": "conversations_select",
            "action_id": ids.INPUT,
            "placeholder": plain(t.gettext("Choose a channel")),
            "filter": {"include": ["public", "private"], "exclude_bot_users": True},
        },
    }


def chosen_channel(values: dict[str, Any]) -> str | None:
    """The channel picked in the form (when it asked); anything but a channel id reads as none."""
    return _channel_id(_state_value(values, CHANNEL_BLOCK).get("selected_conversation"), ("C", "G"))


def problem_text(t: Translator, problem: PitchProblem, line: int = 0) -> str:
    """A problem in words; `line` is the form's line it is on (the links field's)."""
    _ = t.gettext
    known = knowledge_problem_text(t, problem, line)
    if known is not None:
        return known
    return {
        PitchProblem.KIND_UNKNOWN: _("Choose idea, challenge, experiment or practice."),
        PitchProblem.TITLE_MISSING: _("Give your pitch a title."),
        PitchProblem.TITLE_TOO_LONG: _("Keep the title to %(max)s characters.")
        % {"max": t.number(TITLE_MAX)},
        PitchProblem.DESCRIPTION_TOO_LONG: (
            _("Keep the description to %(max)s characters.") % {"max": t.number(DESCRIPTION_MAX)}
        ),
        PitchProblem.HYPOTHESIS_MISSING: _("An experiment needs this line of the hypothesis."),
        PitchProblem.HYPOTHESIS_TOO_LONG: _("Keep this line to %(max)s characters.")
        % {"max": t.number(HYPOTHESIS_LINE_MAX)},
        PitchProblem.THEME_UNKNOWN: _("Choose themes from the list."),
        PitchProblem.SEEKING_UNKNOWN: _("Choose from the list."),
    }[problem]


def field_errors(
    t: Translator, problems: dict[str, PitchProblem], draft: PitchDraft | None = None
) -> dict[str, str]:
    """`response_action: errors` wants block id → message; `draft` tells which link line is wrong."""
    line = draft.bad_link_line if draft is not None else 0
    return {field: problem_text(t, problem, line) for field, problem in problems.items()}


def _state_value(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = values.get(block_id)
    if not isinstance(block, dict):
        return {}
    state = block.get(ids.INPUT)
    return state if isinstance(state, dict) else {}


def _text(values: dict[str, Any], block_id: str, multiline: bool = False) -> str:
    raw = _state_value(values, block_id).get("value")
    if not isinstance(raw, str):
        return ""
    return clean_block(raw) if multiline else clean_line(raw)


def _selected(values: dict[str, Any], block_id: str) -> tuple[str, ...]:
    options = _state_value(values, block_id).get("selected_options")
    if not isinstance(options, list):
        return ()
    chosen = [o.get("value") for o in options if isinstance(o, dict)]
    return tuple(dict.fromkeys(v for v in chosen if isinstance(v, str)))


def draft_from_state(values: dict[str, Any]) -> PitchDraft:
    """Read a submitted pitch form; anything missing or malformed reads as empty, for `check_pitch`."""
    kind_option = _state_value(values, "kind").get("selected_option")
    kind = kind_option.get("value") if isinstance(kind_option, dict) else None
    return PitchDraft(
        kind=kind if isinstance(kind, str) else "",
        title=_text(values, "title"),
        description=_text(values, "description", multiline=True),
        believe=_text(values, "believe", multiline=True),
        outcome=_text(values, "outcome", multiline=True),
        test=_text(values, "test", multiline=True),
        share=_text(values, "share", multiline=True),
        themes=_selected(values, "themes"),
        seeking=_selected(values, "seeking"),
        **read_knowledge(values),
    )


def draft_from_message(text: str, names: Mapping[str, str] | None = None) -> PitchDraft:
    """A message saved as an idea: its first line becomes the title, the rest the description.
    Mentions read as names where `names` (user id to name) has them."""
    lines = clean_block(plain_from_slack(text, names)).splitlines()
    title = clean_line(lines[0]) if lines else ""
    rest = "\n".join(lines[1:]).strip()
    if len(title) > TITLE_MAX:
        rest = clean_block(plain_from_slack(text, names))
        title = truncate(title, TITLE_MAX)
    return PitchDraft(title=title, description=truncate(rest, DESCRIPTION_MAX))


def pitch_metadata(origin_channel_id: str | None, editing: int | None = None) -> str:
    data: dict[str, object] = {}
    if origin_channel_id:
        data["channel"] = origin_channel_id
    if editing is not None:
        data["edit"] = editing
    return metadata.write(data) if data else ""


def edited_idea(private_metadata: str | None) -> int | None:
    """The idea a form edits, or None for a new pitch."""
    return metadata.whole_number(metadata.read(private_metadata), "edit")


def origin_channel(private_metadata: str | None) -> str | None:
    """Where the form was opened, from its metadata; a forged or broken value reads as unknown."""
    return _channel_id(metadata.text(metadata.read(private_metadata), "channel"), ("C", "G", "D"))


def _channel_id(channel: Any, kinds: tuple[str, ...]) -> str | None:
    if isinstance(channel, str) and channel[:1] in kinds and channel.isalnum() and len(channel) <= 32:
        return channel
    return None
