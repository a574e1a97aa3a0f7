"""Reading a form's `private_metadata` (or a button's JSON value) back.

It comes back from Slack as the client sent it, so it may be forged: anything missing, broken or of
the wrong type reads as unknown, never as an error.
"""

from __future__ import annotations

import json
from typing import Any


def read(raw: str | None) -> dict[str, Any]:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def whole_number(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


# Slack refuses a view whose private_metadata is longer than this (characters)…
METADATA_MAX = 3000
# …and a button whose value is longer than this.
BUTTON_VALUE_MAX = 2000


def write(data: dict[str, Any], limit: int = METADATA_MAX) -> str:
    """A form's `private_metadata` (or a button's value) from a dict.

    Non-ASCII is kept as it is: json.dumps' default escapes each character to six (an emoji to
    twelve), and 500 characters of a note in emoji would have overflowed Slack's 3,000.
    """
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if len(raw) > limit:
        raise ValueError(f"metadata of {len(raw)} characters is over Slack's {limit}")
    return raw
