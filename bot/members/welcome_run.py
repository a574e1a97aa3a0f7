"""Sending the newcomer's welcome: claimed once in the database, then one DM (`bot.members.welcome`)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from bot.core.runtime import Runtime
from bot.ideas.posting import dm_at_most_once
from bot.members import welcome
from bot.members.views.welcome import welcome_message

log = logging.getLogger(__name__)


def welcome_newcomer(rt: Runtime, client: WebClient, team_id: str, user: dict[str, Any]) -> bool:
    """Welcome someone who just joined, once ever; True when the DM went out now."""
    if not welcome.is_newcomer_to_welcome(user, team_id):
        return False
    user_id = user["id"]
    # Built before the claim: a welcome that could not be built must not be claimed as sent.
    message = message_for(rt, team_id, user_id)
    with rt.db.session() as session:
        if not welcome.claim(session, team_id, user_id):
            return False
    if dm_at_most_once(client, user_id, message):
        log.info("welcomed %s to %s", user_id, team_id)
        return True
    # Slack surely did not take it (the account is gone, say): leave it unclaimed.
    with rt.db.session() as session:
        welcome.release(session, team_id, user_id)
    return False


def message_for(rt: Runtime, team_id: str, user_id: str) -> dict[str, Any]:
    """The welcome in the member's language: the workspace's until they choose (Slack has no Finnish
    or Swedish interface), with the admins' own words for that language when they wrote some."""
    settings = rt.prefs.workspace(team_id)
    t = rt.prefs.translator(team_id, user_id)
    text = getattr(settings, f"welcome_text_{t.language}", None)
    return welcome_message(t, user_id, text, pairing_on=settings.pairing_every_days > 0)
