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

from bot.core.runtime import Runtime
from bot.ideas import lifecycle, pitches
from bot.ideas.posting import announce_move
from bot.members import membership
from bot.members.welcome_run import welcome_newcomer
from bot.slack.app import workspace_uninstalled
from models import utcnow

log = logging.getLogger(__name__)


def register(app: App, rt: Runtime) -> None:
    @app.event("message")
    def on_message(
        event: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        thread_ts, ts = event.get("thread_ts"), event.get("ts")
        if not thread_ts or thread_ts == ts:
            return
        # A perspective is a member's: not Slackbot's or a bot's, not someone's of another organisation.
        if not membership.is_person_message(event, context.bot_user_id) or membership.sender_from_elsewhere(
            body
        ):
            log.debug("a reply in thread %s by %s is no member's perspective", thread_ts, event.get("user"))
            return
        moved = None
        with rt.db.session() as session:
            idea = pitches.by_message(session, context.team_id, event.get("channel", ""), thread_ts)
            if idea is not None and idea.author_id == event["user"]:
                # The pitcher answering in their own thread is a conversation, not another view.
                log.debug("the author of #%s replied in its thread: not a perspective", idea.number)
            # Keyed by the reply's ts, so Slack's retries of the same event count once.
            elif idea is not None and pitches.add_perspective(
                session,
                team_id=context.team_id,
                idea_id=idea.id,
                user_id=event["user"],
                message_ts=ts,
                source="thread",
                at=_message_time(ts),
            ):
                moved = lifecycle.first_perspective(session, team_id=context.team_id, idea=idea)
        if moved is not None:
            announce_move(rt, client, moved)

    @app.event("team_join")
    def on_join(event: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        user = event.get("user")
        if isinstance(user, dict) and user.get("id"):
            joined = body.get("event_time")
            rt.member_sync.apply(
                context.team_id,
                user,
                joined_at=datetime.fromtimestamp(joined, UTC) if isinstance(joined, int) else utcnow(),
            )
            welcome_newcomer(rt, client, context.team_id, user)

    @app.event("user_change")
    def on_profile(event: dict[str, Any], context: BoltContext) -> None:
        user = event.get("user")
        if isinstance(user, dict) and user.get("id"):
            rt.member_sync.apply(context.team_id, user)

    # The middleware has counted and noted the member; these events carry nothing else to keep.
    @app.event("reaction_added")
    @app.event("reaction_removed")
    @app.event("member_joined_channel")
    def on_presence(event: dict[str, Any]) -> None:
        log.debug("seen %s", event.get("type"))

    @app.event("app_uninstalled")
    @app.event("tokens_revoked")
    def on_uninstall(event: dict[str, Any], context: BoltContext) -> None:
        # The data stays until an operator purges it, so a reinstall picks it up again.
        workspace_uninstalled(rt, context.team_id)
        log.warning(
            "workspace %s uninstalled the app or revoked its tokens (%s)", context.team_id, event.get("type")
        )


def _message_time(ts: str) -> datetime:
    try:
        return datetime.fromtimestamp(float(ts), UTC)
    except (TypeError, ValueError, OverflowError):
        return utcnow()
