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
