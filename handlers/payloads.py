"""Reading values out of Slack payloads defensively: a forged payload reads as unknown, never crashes."""

from __future__ import annotations

from typing import Any

from bot.core import ids
from bot.core.text import whole_number


def idea_id(action: dict[str, Any]) -> int | None:
    """The idea id a button carries; anything that is not a plain number reads as unknown."""
    value = action.get("value")
    return whole_number(value, max_digits=11) if isinstance(value, str) else None


def channel_of(body: dict[str, Any]) -> str | None:
    """The channel a button was pressed in (its message's, or the one a modal was opened from)."""
    channel = body.get("channel")
    channel_id = channel.get("id") if isinstance(channel, dict) else None
    if isinstance(channel_id, str):
        return channel_id
    container = body.get("container")
    channel_id = container.get("channel_id") if isinstance(container, dict) else None
    return channel_id if isinstance(channel_id, str) else None


def input_text(view: dict[str, Any], block_id: str) -> str:
    block = view.get("state", {}).get("values", {}).get(block_id)
    state = block.get(ids.INPUT) if isinstance(block, dict) else None
    value = state.get("value") if isinstance(state, dict) else None
    return value.strip() if isinstance(value, str) else ""


def selected_user(view: dict[str, Any], block_id: str) -> str | None:
    block = view.get("state", {}).get("values", {}).get(block_id)
    state = block.get(ids.INPUT) if isinstance(block, dict) else None
    user = state.get("selected_user") if isinstance(state, dict) else None
    return (
        user
        if isinstance(user, str) and user[:1] in ("U", "W") and user.isalnum() and len(user) < 32
        else None
    )


def selected_values(view: dict[str, Any], block_id: str) -> list[str]:
    """The values chosen in a multi-select or checkboxes input; forged shapes read as none."""
    block = view.get("state", {}).get("values", {}).get(block_id)
    state = block.get(ids.INPUT) if isinstance(block, dict) else None
    options = state.get("selected_options") if isinstance(state, dict) else None
    if not isinstance(options, list):
        return []
    values = [o.get("value") for o in options if isinstance(o, dict)]
    return list(dict.fromkeys(v for v in values if isinstance(v, str)))


def selected_option(action: dict[str, Any]) -> str | None:
    option = action.get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) else None
