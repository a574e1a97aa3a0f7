"""Events the app subscribes to: thread replies as perspectives, members' profiles, uninstalls.

Bolt runs one listener per event, and Slack retries an event that no listener acknowledges, so
every subscribed event has exactly one listener here.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.ideas import lifecycle, pitches
from bot.ideas.posting import announce_move
from bot.members import membership
from bot.members.welcome_run import welcome_newcomer
from bot.slack.app import workspace_uninstalled
from bot.slack.context import runtime
from models import utcnow

log = logging.getLogger(__name__)


def register(app: App) -> None:
    """The route table; the listeners read the runtime from Bolt's context (`bot.slack.context`)."""
    app.event("message")(on_message)
    app.event("team_join")(on_join)
    app.event("user_change")(on_profile)
    # The middleware has counted and noted the member; these events carry nothing else to keep.
    for presence in ("reaction_added", "reaction_removed", "member_joined_channel"):
        app.event(presence)(on_presence)
    for gone in ("app_uninstalled", "tokens_revoked"):
        app.event(gone)(on_uninstall)


def on_message(event: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """A reply in an idea's thread is a perspective on it (the first one moves the idea along)."""
    team_id, user_id = context.team_id, event.get("user")
    thread_ts, ts = event.get("thread_ts"), event.get("ts")
    if not team_id or not thread_ts or not ts or not user_id or thread_ts == ts:
        return
    # A perspective is a member's: not Slackbot's or a bot's, not someone's of another organisation.
    if not membership.is_person_message(event, context.bot_user_id) or membership.sender_from_elsewhere(body):
        log.debug("a reply in thread %s by %s is no member's perspective", thread_ts, user_id)
        return
    rt = runtime(context)
    moved = None
    with rt.db.session() as session:
        idea = pitches.by_message(session, team_id, event.get("channel", ""), thread_ts)
        if idea is not None and idea.author_id == user_id:
            # The pitcher answering in their own thread is a conversation, not another view.
            log.debug("the author of #%s replied in its thread: not a perspective", idea.number)
        # Keyed by the reply's ts, so Slack's retries of the same event count once.
        elif idea is not None and pitches.add_perspective(
            session,
            team_id=team_id,
            idea_id=idea.id,
            user_id=user_id,
            message_ts=ts,
            source="thread",
            at=_message_time(ts),
        ):
            moved = lifecycle.first_perspective(session, team_id=team_id, idea=idea)
    if moved is not None:
        announce_move(rt, client, moved)


def on_join(event: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """A newcomer: their profile is kept and, where the workspace wants it, they are welcomed."""
    user, team_id = event.get("user"), context.team_id
    if team_id and isinstance(user, dict) and user.get("id"):
        rt = runtime(context)
        joined = body.get("event_time")
        rt.member_sync.apply(
            team_id,
            user,
            joined_at=datetime.fromtimestamp(joined, UTC) if isinstance(joined, int) else utcnow(),
        )
        welcome_newcomer(rt, client, team_id, user)


def on_profile(event: dict[str, Any], context: BoltContext) -> None:
    user, team_id = event.get("user"), context.team_id
    if team_id and isinstance(user, dict) and user.get("id"):
        runtime(context).member_sync.apply(team_id, user)


def on_presence(event: dict[str, Any]) -> None:
    log.debug("seen %s", event.get("type"))


def on_uninstall(event: dict[str, Any], context: BoltContext) -> None:
    team_id = context.team_id
    if not team_id:
        return
    # The data stays until an operator purges it, so a reinstall picks it up again.
    workspace_uninstalled(runtime(context), team_id)
    log.warning("workspace %s uninstalled the app or revoked its tokens (%s)", team_id, event.get("type"))


def _message_time(ts: str) -> datetime:
    try:
        return datetime.fromtimestamp(float(ts), UTC)
    except (TypeError, ValueError, OverflowError):
        return utcnow()
