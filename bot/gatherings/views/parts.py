"""What the gatherings views share: Block Kit's small pieces and a gathering's moment as Slack shows
it to each reader."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.core import ids
from bot.core.i18n import Translator
from bot.core.text import truncate
from bot.gatherings.details import GatheringData

LABEL_MAX = 2000  # Slack's limit for an input's label


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def input_block(
    block_id: str, label: str, element: dict[str, Any], *, optional: bool = False, hint: str | None = None
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": plain(truncate(label, LABEL_MAX)),
        "element": {"action_id": ids.INPUT, **element},
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint)
    return block


def when(t: Translator, gathering: GatheringData, zone: ZoneInfo) -> str:
    """Slack shows the moment in each reader's own zone; the fallback is the workspace's."""
    fallback = t.datetime(gathering.starts_at, tz=zone, fmt="medium")
    return f"<!date^{int(gathering.starts_at.timestamp())}^{{date_long_pretty}} {{time}}|{fallback}>"
