"""The weekly check-in: the ask, the one reminder, the form, and how its figures read in the post."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.pulse.checkins import NUMBER_MAX, CheckinAnswer, CheckinProblem
from models.facilitation import NEWS_MAX


def week_span(t: Translator, monday: date) -> str:
    return t.gettext("%(first)s – %(last)s") % {
        "first": t.day_and_month(monday),
        "last": t.day_and_month(monday + timedelta(days=6)),
    }


def _open_button(t: Translator, week: str) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": ids.CHECKIN_OPEN,
        "style": "primary",
        "value": week,
        "text": {
            "type": "plain_text",
            "text": t.gettext("Share the figures"),
        },
    }


def _with_button(t: Translator, text: str, week: str) -> dict[str, Any]:
    return {
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {"type": "actions", "elements": [_open_button(t, week)]},
        ],
    }


def ask_dm(t: Translator, week: str, monday: date) -> dict[str, Any]:
    text = t.gettext(
        "Time for the weekly check-in for %(span)s: how many came to the meetings, any new partners, "
        "any news worth sharing? It takes a minute."
    ) % {"span": week_span(t, monday)}
    return _with_button(t, text, week)


def reminder_dm(t: Translator, week: str, monday: date) -> dict[str, Any]:
    text = t.gettext(
        "A gentle nudge: the check-in for %(span)s is still open. If you have a minute, the figures "
        "help the whole community see how it's going."
    ) % {"span": week_span(t, monday)}
    return _with_button(t, text, week)


def _number_input(block_id: str, label: str, hint: str, current: int | None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "number_input",
        "action_id": ids.INPUT,
        "is_decimal_allowed": False,
        "min_value": "0",
        "max_value": str(NUMBER_MAX),
    }
    if current is not None:
        element["initial_value"] = str(current)
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "hint": {"type": "plain_text", "text": hint},
        "element": element,
    }


def checkin_modal(t: Translator, week: str, monday: date, current: CheckinAnswer | None) -> dict[str, Any]:
    _ = t.gettext
    news: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.INPUT,
        "multiline": True,
        "max_length": NEWS_MAX,
    }
    if current and current.news:
        news["initial_value"] = current.news
    return {
        "type": "modal",
        "callback_id": ids.CHECKIN_MODAL,
        "title": {"type": "plain_text", "text": _("Weekly check-in")},
        "submit": {"type": "plain_text", "text": _("Send")},
        "close": {"type": "plain_text", "text": _("Cancel")},
        "private_metadata": metadata.write({"week": week}),
        "blocks": [
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": _("Week %(span)s") % {"span": week_span(t, monday)}}],
            },
            _number_input(
                "attendance",
                _("People at this week's meetings"),
                _("Everyone at the meetings you ran, added up. 0 if there were none."),
                current.attendance if current else None,
            ),
            _number_input(
                "new_partners",
                _("New partners"),
                _("Organisations that joined a project this week. 0 if none."),
                current.new_partners if current else None,
            ),
            {
                "type": "input",
                "block_id": "news",
                "optional": True,
                "label": {"type": "plain_text", "text": _("News worth sharing")},
                "hint": {"type": "plain_text", "text": _("Shared in the weekly post without your name.")},
                "element": news,
            },
        ],
    }


def field_errors(t: Translator, problems: dict[str, CheckinProblem]) -> dict[str, str]:
    _ = t.gettext
    words = {
        CheckinProblem.MISSING: _("Please give a number; 0 is fine."),
        CheckinProblem.NOT_WHOLE: _("Please give a whole number, like 12."),
        CheckinProblem.OUT_OF_RANGE: _("Please give a number from 0 to 10,000."),
        CheckinProblem.TOO_LONG: _("Please keep the news under %(count)s characters.")
        % {"count": t.number(NEWS_MAX)},
    }
    return {field: words[problem] for field, problem in problems.items()}


def thanks_modal(t: Translator, week: str, monday: date) -> dict[str, Any]:
    """What the form turns into once saved: no extra message in the facilitator's DMs."""
    text = t.gettext(
        "Thank you! Your check-in for %(span)s is saved. You can change it from your Home tab."
    ) % {"span": week_span(t, monday)}
    return {
        "type": "modal",
        "callback_id": f"{ids.CHECKIN_MODAL}_saved",
        "title": {"type": "plain_text", "text": t.gettext("Weekly check-in")},
        "close": {"type": "plain_text", "text": t.gettext("Close")},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }


def unknown_week(t: Translator) -> str:
    return t.gettext("That check-in week isn't open any more.")
