"""Sending the newcomer's welcome: claimed once in the database, then one DM (`bot.members.welcome`)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from bot.core.runtime import Runtime
from bot.members import welcome
from bot.members.views.welcome import welcome_message
from bot.slack.effects import claim_send_confirm

log = logging.getLogger(__name__)


def welcome_newcomer(rt: Runtime, client: WebClient, team_id: str, user: dict[str, Any]) -> bool:
    """Welcome someone who just joined, once ever; True when the DM went out now."""
    if not welcome.is_newcomer_to_welcome(user, team_id):
        return False
    user_id = user["id"]
    # Built before the claim: a welcome that could not be built must not be claimed as sent.
    message = message_for(rt, team_id, user_id)
    delivery = claim_send_confirm(
        rt.db,
        claim=lambda session: welcome.claim(session, team_id=team_id, user_id=user_id),
        send=lambda: client.chat_postMessage(channel=user_id, unfurl_links=False, **message),
        # Slack surely did not take it (the account is gone, say): left unclaimed. A welcome that
        # may be out stays claimed: a second one would be worse than none.
        release=lambda session: welcome.release(session, team_id=team_id, user_id=user_id),
    )
    if delivery is None:
        return False
    if delivery.surely_not_sent:
        log.warning("DM to %s not sent: %s", user_id, delivery.error)
        return False
    if delivery.maybe_sent:
        log.warning("DM to %s may not have arrived (%s)", user_id, delivery.error)
    log.info("welcomed %s to %s", user_id, team_id)
    return True


def message_for(rt: Runtime, team_id: str, user_id: str) -> dict[str, Any]:
    """The welcome in the member's language: the workspace's until they choose (Slack has no Finnish
    or Swedish interface), with the admins' own words for that language when they wrote some."""
    settings = rt.prefs.workspace(team_id)
    t = rt.prefs.translator(team_id, user_id)
    text = getattr(settings, f"welcome_text_{t.language}", None)
    return welcome_message(t, user_id, text, pairing_on=settings.pairing_every_days > 0)
