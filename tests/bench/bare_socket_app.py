"""The baseline for the Socket Mode benchmarks: a bare Bolt app in Socket Mode with a no-op `message`
listener (event intake) and a `/pitch` listener that acks and opens the pitch form (`/pitch` ack).

It is built like Think Tank's own app (same client from `build_client`, so SLACK_API_URL points it
at the fake Slack; slack_sdk's built-in Socket Mode client with Bolt's defaults), with none of Think
Tank's middleware or listeners, so that the difference measured is what Think Tank adds per request.
It opens Think Tank's own pitch form (built once), so the fake Slack and the client do the same work
for both apps. Run as its own process, like the bot; SIGTERM or SIGINT closes the connection and
ends it.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.core.i18n import translator
from bot.core.settings import configure_logging, load_settings
from bot.core.workspace_settings import WorkspaceSettings
from bot.ideas.views.pitch import pitch_modal
from bot.slack.client import build_client


def main() -> None:
    settings = load_settings()
    configure_logging(settings.log_level)
    if settings.app_token is None:
        raise SystemExit("bare_socket_app: SLACK_APP_TOKEN (xapp-…) is needed for Socket Mode")
    form = pitch_modal(translator("en"), themes=WorkspaceSettings().themes)
    app = App(
        client=build_client(settings),
        # The same switches as Think Tank's app (bot/slack/app.py), so Bolt does the same work per event:
        # no signature check (the connection authenticates envelopes) and no auth.test at start-up.
        signing_secret="",
        request_verification_enabled=False,
        token_verification_enabled=False,
        process_before_response=False,
        logger=logging.getLogger("bare_socket"),
    )

    @app.event("message")
    def no_op(event: dict[str, Any]) -> None:
        """Bolt acks the event before this runs; there is nothing else to do."""

    @app.command("/pitch")
    def open_form(ack: Any, command: dict[str, Any], client: Any) -> None:
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=form)

    # slack_sdk's built-in client with its defaults: the baseline is Bolt as its README runs it.
    handler = SocketModeHandler(app, app_token=settings.app_token)
    stopped = threading.Event()

    def on_signal(_signum: int, _frame: Any) -> None:
        handler.close()
        stopped.set()

    # Installed before connecting, so a stop that arrives during start-up is not lost.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    handler.connect()
    stopped.wait()


if __name__ == "__main__":
    main()
