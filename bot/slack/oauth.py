"""Installing into many workspaces: Slack's OAuth flow at /slack/install and /slack/oauth_redirect.

Bolt runs the flow; slack_sdk's stores keep installations and install states in the app's own
database (`bot.slack.installations`). Every request is then authorised with its own workspace's token.
The authorize page and the token exchange follow `SLACK_API_URL`, so GovSlack works the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urljoin

from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse

from bot.core.runtime import Runtime

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# The manifest's bot scopes, in the same order (tests/slack/test_manifest.py keeps the two equal).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "mpim:write",
    "channels:history",
    "groups:history",
    "reactions:read",
    "users:read",
    "channels:read",
    "groups:read",
    "files:write",
)


def authorize_url(api_url: str) -> str:
    """Slack's authorize page on the same host as the Web API: slack.com, slack-gov.com, or a test's."""
    return urljoin(api_url, "../oauth/v2/authorize")


def oauth_settings(rt: Runtime, on_installed: Callable[[str, str | None], None]) -> OAuthSettings:
    store = rt.tokens.store
    client_id, client_secret = rt.settings.client_id, rt.settings.client_secret
    if store is None or not client_id or not client_secret:
        raise RuntimeError(
            "OAuth settings are made only when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set"
        )

    def success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        if installation.team_id:
            on_installed(installation.team_id, installation.team_name)
        log.info("installed into workspace %s (%s)", installation.team_id, installation.team_name)
        return args.default.success(args)

    def failure(args: FailureArgs) -> BoltResponse:
        log.warning("an install did not complete: %s", args.reason)
        return args.default.failure(args)

    return OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(BOT_SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        authorization_url=authorize_url(rt.settings.api_url),
        installation_store=store,
        # Bolt reads the bot token for each request by its workspace; no user tokens are asked for.
        installation_store_bot_only=True,
        state_store=rt.tokens.state_store(),
        callback_options=CallbackOptions(success=success, failure=failure),
    )
