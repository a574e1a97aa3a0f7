"""The bot's process: `thinktank run` checks the token, starts the scheduler and serves Slack over
HTTP or Socket Mode until SIGTERM or SIGINT."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.core import workspace_settings
from bot.core.db import Database
from bot.core.i18n import Translator, operator_translator
from bot.core.runtime import Runtime
from bot.core.scheduler import Scheduler
from bot.core.settings import ConfigError, Settings, configure_logging

log = logging.getLogger(__name__)

AppFactory = Callable[[Runtime], App]


def run(settings: Settings, create_app: AppFactory, t: Translator) -> int:
    settings.require_slack()
    configure_logging(settings.log_level)
    db = Database(settings.database_url)
    db.upgrade()
    rt = Runtime.create(settings, db, wait_for_dictionaries=False)
    try:
        if settings.oauth:
            # Tokens come with each install; the stored ones must open with the key given.
            rt.tokens.check_and_seal()
        elif not _check_bot_token(rt, t):
            return 1
        rt.prefs.warm()
        bolt_app = create_app(rt)
        if settings.scheduler:
            Scheduler(rt).start()
        else:
            log.info("THINKTANK_SCHEDULER=off: this process runs no scheduled jobs")
        if settings.socket_mode:
            return _run_socket_mode(rt, bolt_app)
        return _run_http(rt, bolt_app)
    finally:
        rt.close()


def _check_bot_token(rt: Runtime, t: Translator) -> bool:
    """One workspace: the token must work; the workspace it opens is the installed one.
    False when Slack cannot be reached (said in the log)."""
    _ = t.gettext
    try:
        auth = rt.client.auth_test()
    except SlackApiError as exc:
        raise ConfigError(
            _(
                "SLACK_BOT_TOKEN was refused by Slack (%(error)s): reinstall the app to your workspace "
                "and copy the new Bot User OAuth Token into .env."
            )
            % {"error": exc.response.get("error")}
        ) from None
    except OSError as exc:
        log.error("cannot reach Slack at %s: %s", rt.settings.api_url, exc)
        return False
    with rt.db.session() as session:
        # The token works, so the app is installed (again, perhaps): its jobs run once more.
        workspace_settings.mark_installed(session, auth["team_id"], auth.get("team"))
    return True


def _run_socket_mode(rt: Runtime, bolt_app: App) -> int:
    from bot.slack.socket_mode import close, socket_mode_handler

    handler = socket_mode_handler(bolt_app, rt.settings.app_token)
    # The signal only says "stop"; the connection is closed here, after connect() has returned. Closed
    # from the handler while connect() was still running, a signal early in start-up left connect()
    # to open a fresh session afterwards, whose threads then kept the process from ever exiting.
    stop = _stop_on_signals()
    try:
        # slack_bolt's SocketModeHandler.connect and close carry no annotations.
        handler.connect()  # type: ignore[no-untyped-call]
    except SlackApiError as exc:
        raise ConfigError(
            operator_translator().gettext(
                "SLACK_APP_TOKEN was refused by Slack (%(error)s): make an app-level token with the "
                "connections:write scope under Basic Information → App-Level Tokens and put it in .env."
            )
            % {"error": exc.response.get("error")}
        ) from None
    log.info("Think Tank is connected to Slack in Socket Mode")
    stop.wait()
    close(handler)
    return 0


def _run_http(rt: Runtime, bolt_app: App) -> int:
    from bot.slack.http import create_server, serve_until_closed, wsgi_app

    server = create_server(wsgi_app(bolt_app, rt.db), rt.settings.port)
    _stop_on_signals(server.close)
    log.info("Think Tank is listening for Slack on port %s at /slack/events", rt.settings.port)
    serve_until_closed(server)
    return 0


def _stop_on_signals(close: Callable[[], Any] | None = None) -> threading.Event:
    """An event set by SIGTERM or SIGINT; `close`, if given, runs first (to end a blocking serve)."""
    stopped = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        log.info("stopping (signal %s)", signum)
        if close is not None:
            close()
        stopped.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return stopped
