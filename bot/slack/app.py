"""Building the Bolt app: client, verification and the middleware every request passes through.

Listeners are registered by `handlers/` (see app.py), never from here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import App, BoltContext
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.core import ids, workspace_settings
from bot.core.runtime import Runtime
from bot.members import membership
from bot.pulse import activity
from bot.slack import context as request_context
from bot.slack.oauth import oauth_settings

log = logging.getLogger(__name__)


def build_bolt_app(rt: Runtime) -> App:
    settings = rt.settings
    app = App(
        client=rt.client,
        signing_secret=settings.signing_secret or "",
        # Socket Mode envelopes are authenticated by the connection, not by signatures.
        request_verification_enabled=not settings.socket_mode,
        # The run command has checked the token with auth.test already, and said so clearly if not.
        token_verification_enabled=False,
        # Many workspaces: each request is authorised with its own workspace's installation.
        oauth_settings=oauth_settings(rt, lambda team_id, name: workspace_installed(rt, team_id, name))
        if settings.oauth
        else None,
        process_before_response=False,
        logger=logging.getLogger("slack_bolt"),
    )

    @app.middleware
    def after_each_request(
        context: BoltContext, request: BoltRequest, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        # Bolt runs only the first listener that matches, so what every request needs lives here and
        # always passes on. (In Bolt, next() only lets the request go on: the listener runs after
        # this returns, so nothing here may block or raise.) One middleware, not two: Bolt builds
        # each one's arguments on every request.
        # The runtime and who is asking, for the listener to read (`bot.slack.context`).
        request_context.put(context, rt)
        response = next()
        user_id, team_id = context.user_id, context.team_id
        # A member erasing their data is not counted, nor their profile read again, by that press.
        if team_id and not _is_erasure(request):
            counted = activity.activity_of(request.body, context.bot_user_id)
            if counted is not None:
                # Written in the background: a busy database must not hold up the listener's ack.
                rt.recorder.submit(team_id, counted)
            if user_id and _may_be_a_member(request):
                # Reading the profile happens in the background too.
                rt.member_sync.refresh_soon(context.client or rt.client, team_id, user_id)
        return response

    return app


def workspace_installed(rt: Runtime, team_id: str, name: str | None) -> None:
    """Installed (again): the workspace's data is picked up where it was, and its jobs start now."""
    with rt.db.session() as session:
        workspace_settings.mark_installed(session, team_id, name)
    rt.prefs.forget(team_id)
    if rt.scheduler is not None:
        rt.scheduler.sync_jobs()


def workspace_uninstalled(rt: Runtime, team_id: str) -> None:
    """Uninstalled, or its tokens revoked: tokens deleted and jobs stopped at once; data stays."""
    rt.tokens.forget(team_id)
    with rt.db.session() as session:
        workspace_settings.mark_uninstalled(session, team_id)
    if rt.scheduler is not None:
        rt.scheduler.sync_jobs()


def _is_erasure(request: BoltRequest) -> bool:
    body = request.body if isinstance(request.body, dict) else {}
    actions = body.get("actions") if body.get("type") == "block_actions" else None
    return isinstance(actions, list) and any(
        isinstance(a, dict) and a.get("action_id") == ids.PRIVACY_ERASE for a in actions
    )


def _may_be_a_member(request: BoltRequest) -> bool:
    """Worth reading the profile of: not a bot's event, not someone of another organisation."""
    body = request.body if isinstance(request.body, dict) else {}
    event = body.get("event")
    if isinstance(event, dict) and (
        event.get("bot_id") is not None or event.get("user") == membership.SLACKBOT
    ):
        return False
    return not membership.sender_from_elsewhere(body)
