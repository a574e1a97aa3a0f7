"""Helpers that fill the pitch form the way a member does, for the end-to-end tests."""

from __future__ import annotations

from typing import Any

from bot.core import ids
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, Reply


def pitch_values(
    *,
    kind: str = "idea",
    title: str = "Community garden",
    description: str = "",
    believe: str = "",
    outcome: str = "",
    test: str = "",
    share: str = "",
    themes: tuple[str, ...] = (),
    seeking: tuple[str, ...] = (),
) -> dict[str, dict[str, dict[str, Any]]]:
    """`view.state.values` of a filled pitch form, block by block as the modal defines them."""
    texts = {
        "title": title,
        "description": description,
        "believe": believe,
        "outcome": outcome,
        "test": test,
        "share": share,
    }
    values: dict[str, dict[str, dict[str, Any]]] = {
        name: {ids.INPUT: p.plain_input(value or None)} for name, value in texts.items()
    }
    values["kind"] = {ids.INPUT: p.radio(kind)}
    values["themes"] = {ids.INPUT: p.multi_select(list(themes))}
    values["seeking"] = {ids.INPUT: p.checkboxes(list(seeking))}
    return values


def submit_pitch(
    bot: BotUnderTest, *, user_id: str = p.USER_ID, channel_id: str = p.CHANNEL_ID, **fields: Any
) -> Reply:
    metadata = f'{{"channel": "{channel_id}"}}'
    payload = p.view_submission(
        ids.PITCH_MODAL, pitch_values(**fields), private_metadata=metadata, user_id=user_id
    )
    return bot.send(payload)
