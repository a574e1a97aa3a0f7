"""The baseline for the /pitch benchmark: a bare Bolt app whose /pitch handler acks and opens a form.

It uses the same client, server and threads as Think Tank, and opens Think Tank's own pitch form
(built once), so that the fake Slack and the client do the same work for both apps and the
difference measured is what Think Tank adds per request. Run as its own process, like the bot.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from slack_bolt import App

from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.settings import load_settings
from bot.core.workspace_settings import WorkspaceSettings
from bot.ideas.views.pitch import pitch_modal
from bot.slack.client import build_client
from bot.slack.http import create_server, serve_until_closed, wsgi_app


def main() -> None:
    settings = load_settings()
    form = pitch_modal(translator("en"), themes=WorkspaceSettings().themes)
    app = App(
        client=build_client(settings),
        signing_secret=settings.signing_secret or "",
        token_verification_enabled=False,
        logger=logging.getLogger("bare_bolt"),
    )

    @app.command("/pitch")
    def no_op(ack: Any, command: dict[str, Any], client: Any) -> None:
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=form)

    db = Database(os.environ["DATABASE_URL"])
    serve_until_closed(create_server(wsgi_app(app, db), settings.port, host="127.0.0.1", threads=8))


if __name__ == "__main__":
    main()
