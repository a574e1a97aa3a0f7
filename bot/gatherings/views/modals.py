"""The gatherings forms: planning one (with the ideas it can discuss), changing or cancelling it, and
recording how it went."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.core.text import truncate
from bot.gatherings.details import GatheringData
from bot.gatherings.planning import IDEAS_MAX
from bot.gatherings.records import ATTENDANCE_MAX
from bot.gatherings.views.parts import input_block, plain
from models.gathering import GATHERING_TITLE_MAX, NOTE_MAX, PLACE_MAX


def plan_modal(t: Translator, zone: str, channel_id: str | None, today: date) -> dict[str, Any]:
    """Title, day and time (in the workspace zone), place or link, ideas, and where to announce it."""
    _ = t.gettext
    channel: dict[str, Any] = {"type": "conversations_select", "filter": {"include": ["public", "private"]}}
    if channel_id:
        channel["initial_conversation"] = channel_id
    blocks = [
        input_block(
            "title", _("What is it?"), {"type": "plain_text_input", "max_length": GATHERING_TITLE_MAX}
        ),
        input_block("day", _("Day"), {"type": "datepicker", "initial_date": today.isoformat()}),
        input_block(
            "time",
            _("Time"),
            {"type": "timepicker", "timezone": zone},
            hint=_("In the workspace's time zone, %(zone)s. Everyone sees it in their own.") % {"zone": zone},
        ),
        input_block(
            "place",
            _("Where"),
            {"type": "plain_text_input", "max_length": PLACE_MAX},
            hint=_("A place, or a video or Miro link."),
        ),
        {
            "type": "input",
            "block_id": "ideas",
            "label": plain(_("Ideas to discuss")),
            "element": {
                "type": "multi_external_select",
                "action_id": ids.GATHERING_IDEAS,
                "min_query_length": 0,
                "max_selected_items": IDEAS_MAX,
            },
            "optional": True,
            "hint": plain(_("Type a number or part of a title.")),
        },
        input_block("channel", _("Announce it in"), channel),
        input_block(
            "weekly",
            _("Repeat"),
            {
                "type": "checkboxes",
                "options": [{"text": plain(_("Every week, at the same time")), "value": "weekly"}],
            },
            optional=True,
            hint=_("Each week's gathering is announced as the one before begins."),
        ),
    ]
    return {
        "type": "modal",
        "callback_id": ids.GATHERING_PLAN_MODAL,
        "title": plain(_("Plan a gathering")[:24]),
        "submit": plain(_("Announce")[:24]),
        "close": plain(_("Cancel")[:24]),
        "blocks": blocks,
    }


def idea_options(ideas: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    return [
        {"text": plain(truncate(f"#{number} {title}", 75)), "value": str(idea_id)}
        for idea_id, number, title in ideas
    ]


def change_modal(t: Translator, gathering: GatheringData, zone: ZoneInfo) -> dict[str, Any]:
    """The organiser's form: the same fields as planning, filled in, and Cancel it (and, for a weekly
    gathering, stop repeating). It carries the version it shows, so a change made meanwhile is not undone."""
    _ = t.gettext
    local = gathering.starts_at.astimezone(zone)
    options = [{"text": plain(_("Cancel this gathering")), "value": "cancel"}]
    if gathering.weekly:
        options.append({"text": plain(_("Stop repeating it after this one")), "value": "stop_series"})
    blocks = [
        input_block(
            "title",
            _("What is it?"),
            {"type": "plain_text_input", "max_length": GATHERING_TITLE_MAX, "initial_value": gathering.title},
        ),
        input_block("day", _("Day"), {"type": "datepicker", "initial_date": local.date().isoformat()}),
        input_block(
            "time",
            _("Time"),
            {"type": "timepicker", "timezone": zone.key, "initial_time": local.strftime("%H:%M")},
            hint=_("In the workspace's time zone, %(zone)s. Everyone sees it in their own.")
            % {"zone": zone.key},
        ),
        input_block(
            "place",
            _("Where"),
            {"type": "plain_text_input", "max_length": PLACE_MAX, "initial_value": gathering.place},
        ),
        input_block(
            "cancel",
            _("Or"),
            {"type": "checkboxes", "options": options},
            optional=True,
            hint=_("Those coming are told once of a new time or place, or that it is cancelled."),
        ),
    ]
    return {
        "type": "modal",
        "callback_id": ids.GATHERING_CHANGE_MODAL,
        "private_metadata": metadata.write({"gathering": gathering.id, "version": gathering.version}),
        "title": plain(_("Change a gathering")[:24]),
        "submit": plain(_("Save")[:24]),
        "close": plain(_("Back")[:24]),
        "blocks": blocks,
    }


def record_modal(t: Translator, gathering: GatheringData) -> dict[str, Any]:
    """How many came (suggested: those who said they would) and a note on each idea discussed."""
    _ = t.gettext
    attendance = gathering.attendance if gathering.attendance is not None else gathering.coming
    blocks = [
        input_block(
            "attendance",
            _("How many came?"),
            {
                "type": "number_input",
                "is_decimal_allowed": False,
                "min_value": "0",
                "max_value": str(ATTENDANCE_MAX),
                "initial_value": str(attendance),
            },
        )
    ]
    for idea in gathering.ideas:
        element: dict[str, Any] = {"type": "plain_text_input", "multiline": True, "max_length": NOTE_MAX}
        if idea.note:
            element["initial_value"] = idea.note
        blocks.append(
            input_block(
                f"note_{idea.idea_id}",
                _("What was said about #%(number)s %(title)s?")
                % {"number": idea.number, "title": idea.title},
                element,
                optional=True,
            )
        )
    return {
        "type": "modal",
        "callback_id": ids.GATHERING_RECORD_MODAL,
        "private_metadata": metadata.write({"gathering": gathering.id}),
        "title": plain(_("How it went")[:24]),
        "submit": plain(_("Save")[:24]),
        "close": plain(_("Cancel")[:24]),
        "blocks": blocks,
    }
