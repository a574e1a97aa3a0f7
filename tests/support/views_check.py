"""Block Kit checks offline: every built view and message goes through slack_sdk.models."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_BLOCKS_MAX = 50
MODAL_BLOCKS_MAX = 100


def assert_valid_view(view: dict[str, Any]) -> None:
    parsed = View(**view)
    parsed.validate_json()
    for block in parsed.blocks:
        block.validate_json()
    assert len(view["blocks"]) <= MODAL_BLOCKS_MAX
    if view["type"] == "modal":
        assert len(view["title"]["text"]) <= 24
        for key in ("submit", "close"):
            if key in view:
                assert len(view[key]["text"]) <= 24
        assert len(view.get("private_metadata", "")) <= 3000


def assert_valid_message(text: str, blocks: list[dict[str, Any]] | None) -> None:
    assert text, "a message needs fallback text for notifications"
    assert len(text) <= 40_000
    for block in blocks or []:
        parsed = Block.parse(block)
        assert parsed is not None, block
        parsed.validate_json()
    assert len(blocks or []) <= MESSAGE_BLOCKS_MAX
