"""Socket Mode: the one place that makes the connection handler, so the command line and the tests
run the bot the same way."""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler


def socket_mode_handler(bolt_app: App, app_token: str | None) -> SocketModeHandler:
    return SocketModeHandler(bolt_app, app_token=app_token)
