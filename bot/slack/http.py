"""HTTP mode: Slack's requests at /slack/events, a health check at /healthz, served by waitress."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

# waitress ships no type information (no py.typed, no stubs installed): [import-untyped].
import waitress  # type: ignore[import-untyped]
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.core.db import Database

log = logging.getLogger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_app(bolt_app: App, db: Database) -> WSGIApp:
    slack = SlackRequestHandler(bolt_app, path="/slack/events")

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            healthy = db.ping()
            body = json.dumps({"database": "ok" if healthy else "unreachable"}).encode()
            status = "200 OK" if healthy else "503 Service Unavailable"
            start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        return slack(environ, start_response)

    return application


def create_server(application: WSGIApp, port: int, host: str = "0.0.0.0", threads: int = 8) -> Any:
    """A waitress server, not yet running: `.run()` serves, `.close()` stops (tests use both)."""
    return waitress.create_server(application, host=host, port=port, threads=threads, ident="thinktank")


def serve_until_closed(server: Any) -> None:
    """Serve until `server.close()` is called (from a signal handler or another thread).

    waitress has no stop call: closing its sockets under the running select loop is how it stops,
    and that loop then raises EBADF, which here means "stopped", not "failed".
    """
    with contextlib.suppress(OSError, ValueError):
        server.run()
