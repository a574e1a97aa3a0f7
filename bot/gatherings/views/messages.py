"""What gatherings post: the announcement with its answers, the notes in its thread afterwards, and
the DMs to those coming (a change, the reminder an hour before)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.core import ids
from bot.core.i18n import Translator
from bot.core.text import escape, escape_and_truncate, truncate
from bot.gatherings.details import GatheringData
from bot.gatherings.views.parts import plain, when

HEADER_MAX = 150


def announcement(t: Translator, gathering: GatheringData, zone: ZoneInfo) -> dict[str, Any]:
    """The channel post: what, when, where, the ideas, who plans it, the answers so far, the buttons."""
    _ = t.gettext
    values = {"when": when(t, gathering, zone), "place": escape(gathering.place)}
    lines = [_("*When:* %(when)s") % values, _("*Where:* %(place)s") % values]
    if gathering.ideas:
        listed = ", ".join(
            f"#{idea.number} {escape_and_truncate(idea.title, 100)}" for idea in gathering.ideas
        )
        lines.append(_("*Ideas to discuss:* %(ideas)s") % {"ideas": listed})
    answers = [
        t.ngettext("%(count)s coming", "%(count)s coming", gathering.coming)
        % {"count": t.number(gathering.coming)},
        t.ngettext("%(count)s can't make it", "%(count)s can't make it", gathering.not_coming)
        % {"count": t.number(gathering.not_coming)},
    ]
    if gathering.attendance is not None:
        answers.append(
            t.ngettext("%(count)s came", "%(count)s came", gathering.attendance)
            % {"count": t.number(gathering.attendance)}
        )
    context = " · ".join(answers)
    if gathering.organiser_id:
        context = _("Planned by <@%(user)s>") % {"user": gathering.organiser_id} + " · " + context
    value = str(gathering.id)
    if gathering.cancelled:
        title = _("Cancelled: %(title)s") % {"title": gathering.title}
        text = _("Cancelled: %(title)s (%(when)s)") % {
            "title": escape(gathering.title),
            "when": values["when"],
        }
        gone = _("~%(when)s~ This gathering will not take place.") % values
        return {
            "text": text,
            "blocks": [
                {"type": "header", "text": plain(truncate(title, HEADER_MAX))},
                {"type": "section", "text": {"type": "mrkdwn", "text": gone}},
            ],
        }
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain(truncate(gathering.title, HEADER_MAX))},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": context}]},
        {
            "type": "actions",
            "block_id": f"gathering_{gathering.id}",
            "elements": [
                {
                    "type": "button",
                    "action_id": ids.GATHERING_COMING,
                    "text": plain(_("I'll come")),
                    "style": "primary",
                    "value": value,
                },
                {
                    "type": "button",
                    "action_id": ids.GATHERING_NOT_COMING,
                    "text": plain(_("Can't make it")),
                    "value": value,
                },
                {
                    "type": "button",
                    "action_id": ids.GATHERING_RECORD,
                    "text": plain(_("Record how it went")),
                    "value": value,
                },
                {
                    "type": "button",
                    "action_id": ids.GATHERING_CHANGE,
                    "text": plain(_("Change or cancel")),
                    "value": value,
                },
            ],
        },
    ]
    text = _("Gathering: %(title)s, %(when)s, %(place)s") % {"title": escape(gathering.title), **values}
    return {"text": text, "blocks": blocks}


def changed(t: Translator, gathering: GatheringData, zone: ZoneInfo) -> dict[str, Any]:
    """The DM to each person coming, once per change."""
    values = {
        "title": escape(gathering.title),
        "when": when(t, gathering, zone),
        "place": escape(gathering.place),
    }
    if gathering.cancelled:
        text = (
            t.gettext("*%(title)s* (%(when)s) is cancelled. Sorry, and thank you for planning to come.")
            % values
        )
    else:
        text = t.gettext("*%(title)s* has changed: it is now %(when)s, at %(place)s.") % values
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def reminder(t: Translator, gathering: GatheringData, zone: ZoneInfo) -> dict[str, Any]:
    """The DM an hour before, to those who said they would come."""
    values = {
        "title": escape(gathering.title),
        "when": when(t, gathering, zone),
        "place": escape(gathering.place),
    }
    text = t.gettext("Soon: *%(title)s* begins %(when)s, at %(place)s. See you there!") % values
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def notes_message(t: Translator, gathering: GatheringData) -> dict[str, Any]:
    """Posted once into the announcement's thread: how many came and what was said on each idea."""
    _ = t.gettext
    came = t.ngettext("%(count)s came.", "%(count)s came.", gathering.attendance or 0) % {
        "count": t.number(gathering.attendance or 0)
    }
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": _("*How it went:* %(came)s") % {"came": came}}}
    ]
    for idea in gathering.ideas:
        if idea.note:
            quoted = "\n".join(f">{line}" for line in escape(idea.note).splitlines() or [""])
            blocks.append(
                {
                    "type": "section",
                    "text": {
                        "type": "mrkdwn",
                        "text": truncate(
                            f"*#{idea.number} {escape_and_truncate(idea.title, 150)}*\n{quoted}", 3000
                        ),
                    },
                }
            )
    return {"text": _("How it went: %(came)s") % {"came": came}, "blocks": blocks[:50]}
