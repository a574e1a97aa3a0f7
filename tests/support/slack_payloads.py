"""Builders for the payloads Slack sends to an app, in Slack's documented shapes.

Every builder is a pure function returning a fresh dict. The same dicts serve both transports:

* Socket Mode: pass them as envelope payloads, ``fake.send_envelope("slash_commands", slash_command(...))``.
* HTTP mode: encode them as Slack does (``form_body`` for slash commands, ``interactive_body`` for
  interactivity, ``json_body`` for the Events API) and sign them with ``signed_headers``, or let
  ``signed_request`` pick the encoding.

Shapes follow Slack's reference pages: "Slash commands" (app_command_handling), "block_actions
payload", "View interaction payloads", "Shortcuts payloads" and the Events API "Event object" wrapper.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import uuid
from typing import Any, Final
from urllib.parse import urlencode

__all__ = [
    "FORM_CONTENT_TYPE",
    "JSON_CONTENT_TYPE",
    "app_home_opened_event",
    "block_actions",
    "checkboxes",
    "event_callback",
    "form_body",
    "global_shortcut",
    "interactive_body",
    "json_body",
    "message_event",
    "message_shortcut",
    "multi_select",
    "option",
    "plain_input",
    "radio",
    "reaction_added_event",
    "signed_headers",
    "signed_request",
    "slash_command",
    "static_select",
    "team_join_event",
    "user_object",
    "users_select",
    "view_submission",
]

TEAM_ID: Final = "T0TEAM001"
TEAM_DOMAIN: Final = "test"
USER_ID: Final = "U0MEMBER01"
CHANNEL_ID: Final = "C0IDEAS001"
CHANNEL_NAME: Final = "ideas"
API_APP_ID: Final = "A0APP0001"
BOT_USER_ID: Final = "U0BOT0001"
BOT_ID: Final = "B0BOT0001"
VIEW_ID: Final = "V0VIEW0001"
MESSAGE_TS: Final = "1700000000.000100"
# The deprecated verification token Slack still sends; Bolt ignores it when a signing secret is set.
VERIFICATION_TOKEN: Final = "fake-verification-token"

FORM_CONTENT_TYPE: Final = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE: Final = "application/json"

_sequence = itertools.count(1)


def _trigger_id() -> str:
    # Slack's trigger ids look like "13345224609.738474920.8088930838d88f008e0"; unique per payload.
    n = next(_sequence)
    return f"{1_000_000 + n}.{738474920 + n}.{uuid.uuid4().hex}"


def _action_ts() -> str:
    return f"{time.time():.6f}"


def _hooks_url(kind: str, team_id: str) -> str:
    # A Slack-shaped URL that goes nowhere: pass response_url=fake.response_url() to capture replies.
    return f"https://hooks.slack.com/{kind}/{team_id}/{next(_sequence)}/{uuid.uuid4().hex[:24]}"


def _user(user_id: str, team_id: str, user_name: str | None) -> dict[str, Any]:
    name = user_name or user_id.lower()
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def _team(team_id: str) -> dict[str, Any]:
    return {"id": team_id, "domain": TEAM_DOMAIN}


# ---------------------------------------------------------------------- slash commands


def slash_command(
    command: str,
    text: str = "",
    *,
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
    team_id: str = TEAM_ID,
    trigger_id: str | None = None,
    channel_name: str = CHANNEL_NAME,
    user_name: str | None = None,
    api_app_id: str = API_APP_ID,
    response_url: str | None = None,
) -> dict[str, Any]:
    """The form fields Slack POSTs for a slash command (all strings, as they arrive)."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name or user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url or _hooks_url("commands", team_id),
        "trigger_id": trigger_id or _trigger_id(),
    }


# ---------------------------------------------------------------------- block actions


def block_actions(
    action_id: str,
    value: str | None = None,
    *,
    user_id: str = USER_ID,
    team_id: str = TEAM_ID,
    channel_id: str | None = None,
    message_ts: str | None = None,
    view: dict[str, Any] | None = None,
    trigger_id: str | None = None,
    block_id: str = "b",
    action_type: str = "button",
    action_fields: dict[str, Any] | None = None,
    message: dict[str, Any] | None = None,
    user_name: str | None = None,
    api_app_id: str = API_APP_ID,
    response_url: str | None = None,
) -> dict[str, Any]:
    """A ``block_actions`` payload: from ``view`` when given (modal or Home tab), else from a message.

    ``message`` is the full message the button sits in (e.g. ``call.response["message"]`` from the
    fake's chat.postMessage answer); ``action_fields`` adds element-specific fields such as
    ``selected_option``.
    """
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "type": action_type,
        "action_ts": _action_ts(),
    }
    if value is not None:
        action["value"] = value
    action.update(action_fields or {})
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user_id, team_id, user_name),
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or _trigger_id(),
        "team": _team(team_id),
        "enterprise": None,
        "is_enterprise_install": False,
        "actions": [action],
    }
    if view is not None:
        return _view_actions(payload, view, team_id, channel_id)
    return _message_actions(payload, channel_id or CHANNEL_ID, message_ts, message, team_id, response_url)


def _view_actions(
    payload: dict[str, Any], view: dict[str, Any], team_id: str, channel_id: str | None
) -> dict[str, Any]:
    view = {"id": VIEW_ID, "team_id": team_id, "state": {"values": {}}, **view}
    payload["container"] = {"type": "view", "view_id": view["id"]}
    payload["view"] = view
    payload["state"] = view["state"]
    if channel_id is not None:
        payload["channel"] = {"id": channel_id, "name": CHANNEL_NAME}
    return payload


def _message_actions(
    payload: dict[str, Any],
    channel_id: str,
    message_ts: str | None,
    message: dict[str, Any] | None,
    team_id: str,
    response_url: str | None,
) -> dict[str, Any]:
    ts = message_ts or (message or {}).get("ts") or MESSAGE_TS
    payload["container"] = {
        "type": "message",
        "message_ts": ts,
        "channel_id": channel_id,
        "is_ephemeral": False,
    }
    payload["channel"] = {"id": channel_id, "name": CHANNEL_NAME}
    payload["message"] = message or {
        "type": "message",
        "user": BOT_USER_ID,
        "bot_id": BOT_ID,
        "app_id": API_APP_ID,
        "ts": ts,
        "text": "",
        "team": team_id,
        "blocks": [],
    }
    payload["state"] = {"values": {}}
    payload["response_url"] = response_url or _hooks_url("actions", team_id)
    return payload


# ---------------------------------------------------------------------- views


def view_submission(
    callback_id: str,
    values: dict[str, dict[str, dict[str, Any]]],
    *,
    private_metadata: str = "",
    user_id: str = USER_ID,
    team_id: str = TEAM_ID,
    view_id: str | None = None,
    blocks: list[dict[str, Any]] | None = None,
    external_id: str = "",
    trigger_id: str | None = None,
    user_name: str | None = None,
    api_app_id: str = API_APP_ID,
) -> dict[str, Any]:
    """A ``view_submission`` payload; ``values`` is ``view.state.values``: {block_id: {action_id: state}}.

    Each call is a form of its own (a fresh view id, as Slack gives every opened modal) unless
    ``view_id`` says it is the same form sent again."""
    view_id = view_id or f"V{uuid.uuid4().hex[:10].upper()}"
    return {
        "type": "view_submission",
        "team": _team(team_id),
        "user": _user(user_id, team_id, user_name),
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or _trigger_id(),
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "blocks": blocks or [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": values},
            "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            "title": {"type": "plain_text", "text": "Think Tank", "emoji": True},
            "clear_on_close": False,
            "notify_on_close": False,
            "close": {"type": "plain_text", "text": "Cancel", "emoji": True},
            "submit": {"type": "plain_text", "text": "Submit", "emoji": True},
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": api_app_id,
            "external_id": external_id,
            "app_installed_team_id": team_id,
            "bot_id": BOT_ID,
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def option(value: str, text: str | None = None) -> dict[str, Any]:
    """A Block Kit option object as it appears in state values."""
    return {"text": {"type": "plain_text", "text": text or value, "emoji": True}, "value": value}


def plain_input(value: str | None) -> dict[str, Any]:
    """State of a ``plain_text_input`` (Slack sends ``None`` for an empty optional input)."""
    return {"type": "plain_text_input", "value": value}


def radio(value: str | None, text: str | None = None) -> dict[str, Any]:
    """State of ``radio_buttons`` (``None``: nothing selected)."""
    return {"type": "radio_buttons", "selected_option": option(value, text) if value is not None else None}


def static_select(value: str | None, text: str | None = None) -> dict[str, Any]:
    """State of a ``static_select`` (``None``: nothing selected)."""
    return {"type": "static_select", "selected_option": option(value, text) if value is not None else None}


def multi_select(values: list[str]) -> dict[str, Any]:
    """State of a ``multi_static_select``."""
    return {"type": "multi_static_select", "selected_options": [option(v) for v in values]}


def checkboxes(values: list[str]) -> dict[str, Any]:
    """State of ``checkboxes``."""
    return {"type": "checkboxes", "selected_options": [option(v) for v in values]}


def users_select(user_id: str | None) -> dict[str, Any]:
    """State of a ``users_select``."""
    return {"type": "users_select", "selected_user": user_id}


# ---------------------------------------------------------------------- shortcuts


def message_shortcut(
    callback_id: str,
    message_text: str,
    *,
    user_id: str = USER_ID,
    team_id: str = TEAM_ID,
    channel_id: str = CHANNEL_ID,
    message_ts: str = "1700000000.000200",
    message_user: str = "U0OTHER001",
    trigger_id: str | None = None,
    channel_name: str = CHANNEL_NAME,
    user_name: str | None = None,
    response_url: str | None = None,
) -> dict[str, Any]:
    """A message shortcut (``message_action``) invoked on someone's message."""
    return {
        "type": "message_action",
        "token": VERIFICATION_TOKEN,
        "action_ts": _action_ts(),
        "team": _team(team_id),
        "user": _user(user_id, team_id, user_name),
        "channel": {"id": channel_id, "name": channel_name},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or _trigger_id(),
        "response_url": response_url or _hooks_url("app", team_id),
        "message_ts": message_ts,
        "message": {
            "type": "message",
            "user": message_user,
            "ts": message_ts,
            "text": message_text,
            "team": team_id,
        },
    }


def global_shortcut(
    callback_id: str,
    *,
    user_id: str = USER_ID,
    team_id: str = TEAM_ID,
    trigger_id: str | None = None,
    user_name: str | None = None,
) -> dict[str, Any]:
    """A global shortcut (``shortcut``): no channel, no message, no response_url."""
    return {
        "type": "shortcut",
        "token": VERIFICATION_TOKEN,
        "action_ts": _action_ts(),
        "team": _team(team_id),
        "user": _user(user_id, team_id, user_name),
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or _trigger_id(),
    }


# ---------------------------------------------------------------------- Events API


def event_callback(
    event: dict[str, Any],
    *,
    team_id: str = TEAM_ID,
    event_id: str | None = None,
    api_app_id: str = API_APP_ID,
    event_time: int | None = None,
    bot_user_id: str = BOT_USER_ID,
) -> dict[str, Any]:
    """The Events API wrapper around one event (``type: event_callback``)."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": event_time if event_time is not None else int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{uuid.uuid4().hex}",
    }


def _event_ts() -> str:
    return f"{time.time():.6f}"


def message_event(
    text: str,
    *,
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
    ts: str | None = None,
    thread_ts: str | None = None,
    channel_type: str = "channel",
    subtype: str | None = None,
    team_id: str = TEAM_ID,
    bot_id: str | None = None,
) -> dict[str, Any]:
    """A ``message`` event (``channel_type`` "im" for a DM to the bot; ``bot_id`` for a bot's message)."""
    ts = ts or _event_ts()
    event: dict[str, Any] = {
        "type": "message",
        "channel": channel_id,
        "user": user_id,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": channel_type,
        "team": team_id,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    if subtype is not None:
        event["subtype"] = subtype
    if bot_id is not None:
        event["bot_id"] = bot_id
    return event


def reaction_added_event(
    reaction: str,
    *,
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
    message_ts: str = MESSAGE_TS,
    item_user: str = BOT_USER_ID,
) -> dict[str, Any]:
    """A ``reaction_added`` event on a message (by default one of the bot's)."""
    return {
        "type": "reaction_added",
        "user": user_id,
        "reaction": reaction,
        "item_user": item_user,
        "item": {"type": "message", "channel": channel_id, "ts": message_ts},
        "event_ts": _event_ts(),
    }


def app_home_opened_event(
    *,
    user_id: str = USER_ID,
    channel_id: str = "D0HOME0001",
    tab: str = "home",
    view: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An ``app_home_opened`` event; ``view`` is present only once a Home tab was published."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": channel_id,
        "tab": tab,
        "event_ts": _event_ts(),
    }
    if view is not None:
        event["view"] = view
    return event


def user_object(
    user_id: str = USER_ID,
    *,
    team_id: str = TEAM_ID,
    name: str | None = None,
    real_name: str | None = None,
    is_bot: bool = False,
    deleted: bool = False,
    tz: str = "Europe/Helsinki",
    tz_offset: int = 7200,
    locale: str | None = None,
) -> dict[str, Any]:
    """A Slack user object as in ``team_join`` and ``users.info``."""
    name = name or user_id.lower()
    real_name = real_name or f"User {user_id}"
    user: dict[str, Any] = {
        "id": user_id,
        "team_id": team_id,
        "name": name,
        "real_name": real_name,
        "deleted": deleted,
        "is_bot": is_bot,
        "is_app_user": False,
        "is_admin": False,
        "is_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "tz": tz,
        "tz_offset": tz_offset,
        "profile": {"real_name": real_name, "display_name": name, "team": team_id},
    }
    if locale is not None:
        user["locale"] = locale
    return user


def team_join_event(
    *,
    user_id: str = USER_ID,
    team_id: str = TEAM_ID,
    name: str | None = None,
    real_name: str | None = None,
    is_bot: bool = False,
) -> dict[str, Any]:
    """A ``team_join`` event: a new member with their full user object."""
    user = user_object(user_id, team_id=team_id, name=name, real_name=real_name, is_bot=is_bot)
    return {"type": "team_join", "user": user, "event_ts": _event_ts()}


# ---------------------------------------------------------------------- HTTP mode encoding


def _form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def form_body(payload: dict[str, Any]) -> str:
    """A slash command as Slack POSTs it: ``application/x-www-form-urlencoded``."""
    return urlencode({key: _form_value(value) for key, value in payload.items()})


def interactive_body(payload: dict[str, Any]) -> str:
    """Interactivity as Slack POSTs it: form-encoded ``payload=<JSON>``."""
    return urlencode({"payload": json.dumps(payload)})


def json_body(payload: dict[str, Any]) -> str:
    """An Events API request body (``application/json``)."""
    return json.dumps(payload)


def signed_headers(body: str, signing_secret: str, *, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 request signature headers for ``body`` (timestamp defaults to now)."""
    ts = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{ts}:{body}".encode()
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={digest}"}


def signed_request(
    payload: dict[str, Any], signing_secret: str, *, timestamp: int | None = None
) -> tuple[str, dict[str, str]]:
    """Encode ``payload`` as Slack would for its kind and sign it; returns ``(body, headers)``.

    Slash commands are form fields, Events API wrappers (and ``url_verification``) are JSON and
    everything else is interactivity (``payload=``).
    """
    if "command" in payload:
        body, content_type = form_body(payload), FORM_CONTENT_TYPE
    elif payload.get("type") in ("event_callback", "url_verification", "app_rate_limited"):
        body, content_type = json_body(payload), JSON_CONTENT_TYPE
    else:
        body, content_type = interactive_body(payload), FORM_CONTENT_TYPE
    headers = {"Content-Type": content_type, **signed_headers(body, signing_secret, timestamp=timestamp)}
    return body, headers
