"""Gatherings: the planning form, the announcement with its answers, the record form afterwards and
the notes posted into the announcement's thread. Pure builders: data and a translator in, a dict out."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.core.text import escape, escape_and_truncate, truncate
from bot.gatherings.details import GatheringData, Problem
from bot.gatherings.planning import IDEAS_MAX
from bot.gatherings.records import ATTENDANCE_MAX
from models.gathering import GATHERING_TITLE_MAX, NOTE_MAX, PLACE_MAX

LABEL_MAX = 2000  # Slack's limit for an input's label
HEADER_MAX = 150


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def _input(
    block_id: str, label: str, element: dict[str, Any], *, optional: bool = False, hint: str | None = None
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": _plain(truncate(label, LABEL_MAX)),
        "element": {"action_id": ids.INPUT, **element},
        "optional": optional,
    }
    if hint:
        block["hint"] = _plain(hint)
    return block


def plan_modal(t: Translator, zone: str, channel_id: str | None, today: date) -> dict[str, Any]:
    """Title, day and time (in the workspace zone), place or link, ideas, and where to announce it."""
    _ = t.gettext
    channel: dict[str, Any] = {"type": "conversations_select", "filter": {"include": ["public", "private"]}}
    if channel_id:
        channel["initial_conversation"] = channel_id
    blocks = [
        _input("title", _("What is it?"), {"type": "plain_text_input", "max_length": GATHERING_TITLE_MAX}),
        _input("day", _("Day"), {"type": "datepicker", "initial_date": today.isoformat()}),
        _input(
            "time",
            _("Time"),
            {"type": "timepicker", "timezone": zone},
            hint=_("In the workspace's time zone, %(zone)s. Everyone sees it in their own.") % {"zone": zone},
        ),
        _input(
            "place",
            _("Where"),
            {"type": "plain_text_input", "max_length": PLACE_MAX},
            hint=_("A place, or a video or Miro link."),
        ),
        {
            "type": "input",
            "block_id": "ideas",
            "label": _plain(_("Ideas to discuss")),
            "element": {
                "type": "multi_external_select",
                "action_id": ids.GATHERING_IDEAS,
                "min_query_length": 0,
                "max_selected_items": IDEAS_MAX,
            },
            "optional": True,
            "hint": _plain(_("Type a number or part of a title.")),
        },
        _input("channel", _("Announce it in"), channel),
        _input(
            "weekly",
            _("Repeat"),
            {
                "type": "checkboxes",
                "options": [{"text": _plain(_("Every week, at the same time")), "value": "weekly"}],
            },
            optional=True,
            hint=_("Each week's gathering is announced as the one before begins."),
        ),
    ]
    return {
        "type": "modal",
        "callback_id": ids.GATHERING_PLAN_MODAL,
        "title": _plain(_("Plan a gathering")[:24]),
        "submit": _plain(_("Announce")[:24]),
        "close": _plain(_("Cancel")[:24]),
        "blocks": blocks,
    }


def idea_options(ideas: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    return [
        {"text": _plain(truncate(f"#{number} {title}", 75)), "value": str(idea_id)}
        for idea_id, number, title in ideas
    ]


def problem_text(t: Translator, problem: Problem) -> str:
    _ = t.gettext
    texts = {
        Problem.TITLE_MISSING: _("Give the gathering a name."),
        Problem.TITLE_TOO_LONG: _("Keep the name to %(max)s characters.") % {"max": GATHERING_TITLE_MAX},
        Problem.PLACE_MISSING: _("Say where: a place, or a video or Miro link."),
        Problem.PLACE_TOO_LONG: _("Keep the place to %(max)s characters.") % {"max": PLACE_MAX},
        Problem.WHEN_MISSING: _("Choose a day and a time."),
        Problem.IN_THE_PAST: _("That moment has passed: choose a time still to come."),
        Problem.NO_CHANNEL: _("Choose a channel to announce it in."),
        Problem.TOO_MANY_IDEAS: _("Choose at most %(max)s ideas.") % {"max": IDEAS_MAX},
        Problem.UNKNOWN_IDEA: _("One of those ideas is not in this workspace's bank."),
        Problem.UNKNOWN: _("I can't find that gathering. It may have been removed."),
        Problem.STARTED: _("This gathering has begun, so answers are closed."),
        Problem.NOT_STARTED: _("You can record how it went once the gathering has begun."),
        Problem.NOT_ALLOWED: _("Only the organiser or a facilitator can record how it went."),
        Problem.BAD_ATTENDANCE: _("Write how many came as a whole number from 0 to %(max)s.")
        % {"max": ATTENDANCE_MAX},
        Problem.NOTE_TOO_LONG: _("Keep each note to %(max)s characters.") % {"max": NOTE_MAX},
        Problem.CANCELLED: _("This gathering was cancelled."),
        Problem.STALE: _(
            "Someone changed this gathering while you had the form open. Close it and open it again to see "
            "the change."
        ),
        Problem.NOT_YOURS: _("Only the organiser or a facilitator can change or cancel it."),
    }
    return texts[problem]


def only_facilitators_plan(t: Translator) -> str:
    return t.gettext("In this workspace facilitators plan the gatherings. Ask one of them.")


def when(t: Translator, gathering: GatheringData, zone: ZoneInfo) -> str:
    """Slack shows the moment in each reader's own zone; the fallback is the workspace's."""
    fallback = t.datetime(gathering.starts_at, tz=zone, fmt="medium")
    return f"<!date^{int(gathering.starts_at.timestamp())}^{{date_long_pretty}} {{time}}|{fallback}>"


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
                {"type": "header", "text": _plain(truncate(title, HEADER_MAX))},
                {"type": "section", "text": {"type": "mrkdwn", "text": gone}},
            ],
        }
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": _plain(truncate(gathering.title, HEADER_MAX))},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": context}]},
        {
            "type": "actions",
            "block_id": f"gathering_{gathering.id}",
            "elements": [
                {
                    "type": "button",
                    "action_id": ids.GATHERING_COMING,
                    "text": _plain(_("I'll come")),
                    "style": "primary",
                    "value": value,
                },
                {
                    "type": "button",
                    "action_id": ids.GATHERING_NOT_COMING,
                    "text": _plain(_("Can't make it")),
                    "value": value,
                },
                {
                    "type": "button",
                    "action_id": ids.GATHERING_RECORD,
                    "text": _plain(_("Record how it went")),
                    "value": value,
                },
                {
                    "type": "button",
                    "action_id": ids.GATHERING_CHANGE,
                    "text": _plain(_("Change or cancel")),
                    "value": value,
                },
            ],
        },
    ]
    text = _("Gathering: %(title)s, %(when)s, %(place)s") % {"title": escape(gathering.title), **values}
    return {"text": text, "blocks": blocks}


def change_modal(t: Translator, gathering: GatheringData, zone: ZoneInfo) -> dict[str, Any]:
    """The organiser's form: the same fields as planning, filled in, and Cancel it (and, for a weekly
    gathering, stop repeating). It carries the version it shows, so a change made meanwhile is not undone."""
    _ = t.gettext
    local = gathering.starts_at.astimezone(zone)
    options = [{"text": _plain(_("Cancel this gathering")), "value": "cancel"}]
    if gathering.weekly:
        options.append({"text": _plain(_("Stop repeating it after this one")), "value": "stop_series"})
    blocks = [
        _input(
            "title",
            _("What is it?"),
            {"type": "plain_text_input", "max_length": GATHERING_TITLE_MAX, "initial_value": gathering.title},
        ),
        _input("day", _("Day"), {"type": "datepicker", "initial_date": local.date().isoformat()}),
        _input(
            "time",
            _("Time"),
            {"type": "timepicker", "timezone": zone.key, "initial_time": local.strftime("%H:%M")},
            hint=_("In the workspace's time zone, %(zone)s. Everyone sees it in their own.")
            % {"zone": zone.key},
        ),
        _input(
            "place",
            _("Where"),
            {"type": "plain_text_input", "max_length": PLACE_MAX, "initial_value": gathering.place},
        ),
        _input(
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
        "title": _plain(_("Change a gathering")[:24]),
        "submit": _plain(_("Save")[:24]),
        "close": _plain(_("Back")[:24]),
        "blocks": blocks,
    }


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


def record_modal(t: Translator, gathering: GatheringData) -> dict[str, Any]:
    """How many came (suggested: those who said they would) and a note on each idea discussed."""
    _ = t.gettext
    attendance = gathering.attendance if gathering.attendance is not None else gathering.coming
    blocks = [
        _input(
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
            _input(
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
        "title": _plain(_("How it went")[:24]),
        "submit": _plain(_("Save")[:24]),
        "close": _plain(_("Cancel")[:24]),
        "blocks": blocks,
    }


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


def next_not_announced(t: Translator, title: str, channel_id: str, error: str) -> str:
    """DM to the organiser of a weekly gathering whose next week could not be announced."""
    values = {"title": escape(title), "channel": channel_id, "error": error}
    return (
        t.gettext(
            "Next week's %(title)s could not be announced in <#%(channel)s> (%(error)s). Invite me there "
            "with /invite @Think Tank; the week after is announced as usual."
        )
        % values
    )


def not_announced(t: Translator, title: str, channel_id: str, error: str) -> str:
    """DM to the organiser when Slack refused the announcement; the gathering was not kept."""
    values = {"title": escape(title), "channel": channel_id, "error": error}
    if error in ("not_in_channel", "channel_not_found"):
        return (
            t.gettext(
                "%(title)s was not announced: I'm not in <#%(channel)s>. Invite me there with "
                "/invite @Think Tank, then plan it again."
            )
            % values
        )
    return (
        t.gettext(
            "%(title)s was not announced: Slack refused it in <#%(channel)s> (%(error)s). "
            "Please plan it again."
        )
        % values
    )
