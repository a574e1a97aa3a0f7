"""The workspace settings form (`/thinktank settings`), and reading it back."""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from bot.core import ids, metadata
from bot.core.i18n import Translator, available_languages
from bot.core.workspace_settings import COMMUNITY_NAME_MAX, WEEKDAYS, WorkspaceSettings

TIMEZONE_OPTIONS_MAX = 100


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:75]}


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": _plain(text), "value": value}


def _input(
    block_id: str, label: str, element: dict[str, Any], *, optional: bool = False, hint: str | None = None
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": _plain(label),
        "element": {**element, "action_id": ids.INPUT},
    }
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _channel(block_id: str, label: str, current: str | None, hint: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "conversations_select",
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if current:
        element["initial_conversation"] = current
    return _input(block_id, label, element, optional=True, hint=hint)


def _number(block_id: str, label: str, value: int, low: int, high: int) -> dict[str, Any]:
    element = {
        "type": "number_input",
        "is_decimal_allowed": False,
        "initial_value": str(value),
        "min_value": str(low),
        "max_value": str(high),
    }
    return _input(block_id, label, element)


def timezone_options(query: str) -> list[dict[str, Any]]:
    """Zones whose name contains what was typed ("hels" → Europe/Helsinki), at most 100."""
    wanted = query.strip().lower().replace(" ", "_")
    zones = sorted(z for z in available_timezones() if wanted in z.lower())
    return [_option(zone, zone) for zone in zones[:TIMEZONE_OPTIONS_MAX]]


def settings_modal(
    t: Translator, current: WorkspaceSettings, *, facilitators: list[str] | None = None
) -> dict[str, Any]:
    """`facilitators` is given only to those who may change who facilitates (admins and owners)."""
    _ = t.gettext
    day, time = current.stats_schedule.split()
    checkin_day, checkin_time = current.checkin_schedule.split()
    day_names = {
        "mon": _("Monday"),
        "tue": _("Tuesday"),
        "wed": _("Wednesday"),
        "thu": _("Thursday"),
        "fri": _("Friday"),
        "sat": _("Saturday"),
        "sun": _("Sunday"),
    }
    languages = [_option(t.language_name(lang), lang) for lang in available_languages()]
    days = [_option(day_names[d], d) for d in WEEKDAYS]
    blocks: list[dict[str, Any]] = [
        _input(
            "language",
            _("Workspace language"),
            {
                "type": "static_select",
                "options": languages,
                "initial_option": next(o for o in languages if o["value"] == current.language),
            },
            hint=_("For what everyone reads in channels. Each member can still choose their own."),
        ),
        _input(
            "timezone",
            _("Time zone"),
            {
                "type": "external_select",
                "min_query_length": 2,
                "initial_option": _option(current.timezone, current.timezone),
            },
            hint=_("Type part of a city, for example Helsinki."),
        ),
        _channel(
            "ideas_channel",
            _("Ideas channel"),
            current.ideas_channel,
            _("Where pitches are posted. Empty: where /pitch was typed."),
        ),
        _channel(
            "stats_channel",
            _("Weekly stats channel"),
            current.stats_channel,
            _("Where the weekly figures are posted. Empty: no post."),
        ),
        _input(
            "stats_day",
            _("Weekly stats day"),
            {
                "type": "static_select",
                "options": days,
                "initial_option": next(o for o in days if o["value"] == day),
            },
        ),
        _input("stats_time", _("Weekly stats time"), {"type": "timepicker", "initial_time": time}),
        _input(
            "checkin_day",
            _("Facilitators' check-in day"),
            {
                "type": "static_select",
                "options": days,
                "initial_option": next(o for o in days if o["value"] == checkin_day),
            },
        ),
        _input(
            "checkin_time",
            _("Facilitators' check-in time"),
            {"type": "timepicker", "initial_time": checkin_time},
            hint=_("Facilitators are asked for the week's figures then, within their working hours."),
        ),
        _number(
            "reminder_after_hours",
            _("Hours a pitch may wait for its first perspective"),
            current.reminder_after_hours,
            1,
            720,
        ),
        _number(
            "stale_after_days",
            _("Days without activity before an idea counts as stale"),
            current.stale_after_days,
            1,
            365,
        ),
        _input(
            "themes",
            _("Themes"),
            {"type": "plain_text_input", "initial_value": ", ".join(current.themes), "max_length": 1500},
            hint=_("Separated by commas, as offered in the pitch form."),
        ),
        _channel(
            "learnings_channel",
            _("Learnings channel"),
            current.learnings_channel,
            _("Where learnings from pairs are shared. Empty: not shared."),
        ),
        _number(
            "pairing_every_days",
            _("Days between pairing rounds (0: no rounds)"),
            current.pairing_every_days,
            0,
            365,
        ),
        _input(
            "community_name",
            _("The community's name"),
            {"type": "plain_text_input", "max_length": COMMUNITY_NAME_MAX}
            | ({"initial_value": current.community_name} if current.community_name else {}),
            optional=True,
            hint=_("On the report and the weekly post. Empty: the workspace's name."),
        ),
        _input(
            "since",
            _("The community's first day"),
            {"type": "datepicker"} | ({"initial_date": current.since.isoformat()} if current.since else {}),
            optional=True,
            hint=_("When it began before Think Tank. Empty: the first day Think Tank saw activity."),
        ),
    ]
    if facilitators is not None:
        element: dict[str, Any] = {"type": "multi_users_select"}
        if facilitators:
            element["initial_users"] = facilitators
        blocks.append(_input("facilitators", _("Facilitators"), element, optional=True))
    return {
        "type": "modal",
        "callback_id": ids.SETTINGS_MODAL,
        "private_metadata": metadata.write({"facilitators": facilitators is not None}),
        "title": _plain(_("Settings")[:24]),
        "submit": _plain(_("Save")[:24]),
        "close": _plain(_("Cancel")[:24]),
        "blocks": blocks,
    }


def _state(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = values.get(block_id)
    state = block.get(ids.INPUT) if isinstance(block, dict) else None
    return state if isinstance(state, dict) else {}


def _selected(values: dict[str, Any], block_id: str) -> str:
    option = _state(values, block_id).get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) else ""


def _text(state: dict[str, Any], key: str) -> str:
    value = state.get(key)
    return value if isinstance(value, str) else ""


def raw_settings(values: dict[str, Any]) -> dict[str, str]:
    """The form as `settings set` would take it: key → raw value; each is checked by the settings service."""
    day, time = _selected(values, "stats_day"), _text(_state(values, "stats_time"), "selected_time")
    raw = {
        "language": _selected(values, "language"),
        "timezone": _selected(values, "timezone"),
        "ideas_channel": _text(_state(values, "ideas_channel"), "selected_conversation"),
        "stats_channel": _text(_state(values, "stats_channel"), "selected_conversation"),
        "stats_schedule": f"{day} {time}",
        "reminder_after_hours": _text(_state(values, "reminder_after_hours"), "value"),
        "stale_after_days": _text(_state(values, "stale_after_days"), "value"),
        "themes": _text(_state(values, "themes"), "value"),
        "learnings_channel": _text(_state(values, "learnings_channel"), "selected_conversation"),
        "pairing_every_days": _text(_state(values, "pairing_every_days"), "value"),
    }
    # Forms opened before these fields existed leave them as they are.
    if "community_name" in values:
        raw["community_name"] = _text(_state(values, "community_name"), "value")
    if "since" in values:
        raw["since"] = _text(_state(values, "since"), "selected_date")
    if "checkin_day" in values or "checkin_time" in values:
        # Forms opened before the check-in existed have no such fields; they leave it as it is.
        checkin_day = _selected(values, "checkin_day")
        raw["checkin_schedule"] = f"{checkin_day} {_text(_state(values, 'checkin_time'), 'selected_time')}"
    return raw


def facilitators_from_elsewhere(t: Translator) -> str:
    return t.gettext(
        "Facilitators must be members of this workspace. Please remove the people from another organisation."
    )


def chosen_facilitators(values: dict[str, Any]) -> list[str] | None:
    users = _state(values, "facilitators").get("selected_users")
    if not isinstance(users, list):
        return None
    return [u for u in users if isinstance(u, str) and u[:1] in ("U", "W") and u.isalnum()]
