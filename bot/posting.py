"""Posting a pitch card, and turning Slack's refusals into a private next step for the pitcher.

The idea is kept before anything is posted, so a refusal never loses it.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import ideas
from bot.ideas import IdeaData
from bot.runtime import Runtime
from bot.views import notices
from bot.views.card import pitch_card

log = logging.getLogger(__name__)


def target_channel(rt: Runtime, idea: IdeaData) -> str | None:
    """The workspace's ideas channel, or else where `/pitch` was typed."""
    return rt.prefs.workspace(idea.team_id).ideas_channel or idea.origin_channel_id


def post_pitch(rt: Runtime, client: WebClient, idea: IdeaData) -> str | None:
    """Post the card and remember where; returns Slack's error when it refused, else None.

    On a refusal the author gets a DM saying what to do, with a button to try again.
    """
    channel = target_channel(rt, idea)
    error: str | None = "channel_not_found" if channel is None else None
    if channel is not None:
        try:
            card = pitch_card(rt.prefs.workspace_translator(idea.team_id), idea)
            response = client.chat_postMessage(
                channel=channel, unfurl_links=False, unfurl_media=False, **card
            )
            with rt.db.session() as session:
                ideas.record_post(
                    session,
                    team_id=idea.team_id,
                    idea_id=idea.id,
                    channel_id=response["channel"],
                    message_ts=response["ts"],
                )
            return None
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "unknown_error")
            log.warning("could not post idea #%s to %s: %s", idea.number, channel, error)
    if idea.author_id:
        t = rt.prefs.translator(idea.team_id, idea.author_id)
        tell(client, idea.author_id, notices.post_failed_dm(t, idea, channel or "", error or "unknown_error"))
    return error


def tell(client: WebClient, user_id: str, message: dict[str, Any]) -> bool:
    """A DM from the app (its Messages tab). False when Slack refused; the caller carries on."""
    try:
        client.chat_postMessage(channel=user_id, unfurl_links=False, **message)
        return True
    except SlackApiError as exc:
        log.warning("could not send a DM to %s: %s", user_id, exc.response.get("error"))
        return False


def tell_privately(client: WebClient, *, user_id: str, channel_id: str | None, text: str) -> None:
    """An ephemeral answer where the person is; a DM when that is not possible."""
    if channel_id:
        try:
            client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
            return
        except SlackApiError as exc:
            log.info(
                "ephemeral answer in %s refused (%s); sending a DM", channel_id, exc.response.get("error")
            )
    tell(client, user_id, {"text": text})


def permalink(client: WebClient, idea: IdeaData) -> str | None:
    if not idea.posted:
        return None
    try:
        return client.chat_getPermalink(channel=idea.channel_id, message_ts=idea.message_ts)["permalink"]
    except SlackApiError:
        return None
