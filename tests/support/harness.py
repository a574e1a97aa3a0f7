"""The real bot under test, serving signed HTTP requests or connected over Socket Mode to a fake Slack."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App

from app import create_app
from bot.core.db import Database
from bot.core.runtime import Runtime
from bot.core.settings import Settings, load_settings
from bot.slack.http import create_server, serve_until_closed, wsgi_app
from bot.slack.socket_mode import socket_mode_handler
from tests.support import slack_payloads as payloads
from tests.support.fake_slack import FakeSlack

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-1-test-token"


# A rule that never passes through Slack's surfaces (a scheduled job, a service the bot calls) is the
# same whichever way Slack reaches the bot: it is checked once, with the bot in HTTP mode, instead of
# once per mode. Every surface is still driven both ways by the end-to-end tests.
service_level = pytest.mark.parametrize("bot", ["http"], indirect=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CLIENT_ID = "1111.2222"
CLIENT_SECRET = "test-client-secret"


def make_settings(
    fake: FakeSlack,
    database_url: str,
    *,
    socket_mode: bool,
    port: int = 3000,
    oauth: bool = False,
    secret_key: str | None = None,
) -> Settings:
    environ = {
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "THINKTANK_SCHEDULER": "off",
    }
    if oauth:
        environ |= {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET}
    else:
        environ["SLACK_BOT_TOKEN"] = BOT_TOKEN
    if secret_key:
        environ["THINKTANK_SECRET_KEY"] = secret_key
    if socket_mode:
        environ["SLACK_APP_TOKEN"] = APP_TOKEN
    return load_settings(environ, env_file=Path("/nonexistent/.env"))


@dataclass
class Reply:
    """What Slack would get back: the HTTP status, or 200 for an acked envelope, and the ack's body."""

    status: int
    body: Any = None

    @property
    def text(self) -> str:
        """The text of an acknowledgement: Bolt answers HTTP with plain text, Socket Mode with JSON."""
        if isinstance(self.body, dict):
            return str(self.body.get("text", ""))
        return "" if self.body is None else str(self.body)

    @property
    def errors(self) -> dict[str, str]:
        return (self.body or {}).get("errors", {}) if isinstance(self.body, dict) else {}


class InFlight:
    """Counts the listener work Bolt has started and not yet finished.

    Bolt acks first and runs the rest of a listener afterwards on its listener executor (both ways
    Slack calls it), so "nothing is still running" is the positive signal a test waits for before it
    says that something did *not* happen. A request's work is on the executor before its ack comes
    back, so once `send` has returned, that work is counted here.
    """

    def __init__(self, app: App) -> None:
        self._running = 0
        self._idle = threading.Condition()
        executor = app.listener_runner.listener_executor
        submit = executor.submit

        def counted_submit(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
            with self._idle:
                self._running += 1
            try:
                future = submit(fn, *args, **kwargs)
            except BaseException:
                self._finished()
                raise
            future.add_done_callback(lambda _future: self._finished())
            return future

        executor.submit = counted_submit  # type: ignore[method-assign]

    def _finished(self) -> None:
        with self._idle:
            self._running -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._running == 0, timeout)


@dataclass
class BotUnderTest:
    mode: str
    rt: Runtime
    app: App
    fake: FakeSlack
    send: Callable[[dict[str, Any]], Reply]
    stop_callbacks: list[Callable[[], None]] = field(default_factory=list)
    base_url: str | None = None
    in_flight: InFlight = field(init=False)

    def __post_init__(self) -> None:
        self.in_flight = InFlight(self.app)

    @property
    def db(self) -> Database:
        return self.rt.db

    def stop(self) -> None:
        for callback in self.stop_callbacks:
            callback()
        self.rt.member_sync.shutdown()
        self.rt.recorder.close()

    def counted(self) -> None:
        """Wait until the activity counts of everything sent so far are written."""
        assert self.rt.recorder.flush(), "activity counts were not written within 10 s"

    def settled(self, timeout: float = 10.0) -> None:
        """Wait until every listener started by what was sent so far has finished its work after the
        ack: what has not happened by then is not going to happen."""
        assert self.in_flight.wait_idle(timeout), f"the bot was still busy after {timeout} s"


def wait_until(predicate: Callable[[], Any], timeout: float = 10.0, message: str = "condition") -> Any:
    """Wait for work the bot does after its ack; returns the predicate's first truthy value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} did not happen within {timeout}s")
        time.sleep(0.02)


def _runtime(db: Database, fake: FakeSlack, *, socket_mode: bool, port: int = 3000) -> Runtime:
    settings = make_settings(fake, db.url, socket_mode=socket_mode, port=port)
    return Runtime.create(settings, db)


def post_signed(
    base_url: str,
    payload: dict[str, Any],
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    tamper: bool = False,
) -> Reply:
    body, headers = payloads.signed_request(payload, secret, timestamp=timestamp)
    if tamper:
        body = body.replace("pitch", "patch", 1) if "pitch" in body else body + "&x=1"
    request = urllib.request.Request(
        f"{base_url}/slack/events", data=body.encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as exc:
        raw, status = exc.read().decode(), exc.code
    try:
        parsed: Any = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw
    return Reply(status, parsed)


def start_http_bot(
    db: Database, fake: FakeSlack, *, oauth: bool = False, secret_key: str | None = None
) -> BotUnderTest:
    """The bot in HTTP mode; with `oauth`, installed into workspaces through Slack's OAuth flow
    (`install`) instead of one SLACK_BOT_TOKEN."""
    port = free_port()
    settings = make_settings(fake, db.url, socket_mode=False, port=port, oauth=oauth, secret_key=secret_key)
    rt = Runtime.create(settings, db)
    app = create_app(rt)
    server = create_server(wsgi_app(app, rt.db), port, host="127.0.0.1", threads=8)
    thread = threading.Thread(target=serve_until_closed, args=(server,), name="waitress", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"

    def stop() -> None:
        server.close()
        thread.join(timeout=5)

    return BotUnderTest(
        mode="http",
        rt=rt,
        app=app,
        fake=fake,
        send=lambda p: post_signed(base_url, p),
        stop_callbacks=[stop],
        base_url=base_url,
    )


def envelope_type(payload: dict[str, Any]) -> str:
    if "command" in payload:
        return "slash_commands"
    if payload.get("type") == "event_callback":
        return "events_api"
    return "interactive"


def install(bot: BotUnderTest, *, team_id: str, team_name: str, bot_token: str) -> str:
    """An admin of `team_id` installs the app: the install page, Slack's approval, the redirect back.
    Returns the page the redirect shows."""
    assert bot.base_url is not None
    with urllib.request.urlopen(f"{bot.base_url}/slack/install", timeout=10) as page:
        html = page.read().decode()
        # Bolt marks its state cookie Secure; a browser on https sends it back, so this does too.
        cookie = page.headers["Set-Cookie"].split(";")[0]
    authorize = re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', html)
    assert authorize, html
    query = urllib.parse.parse_qs(urllib.parse.urlparse(authorize[1].replace("&amp;", "&")).query)
    code = f"code-{team_id}"
    bot.fake.add_install(code, team_id=team_id, team_name=team_name, bot_token=bot_token)
    redirect = f"{bot.base_url}/slack/oauth_redirect?code={code}&state={query['state'][0]}"
    with urllib.request.urlopen(
        urllib.request.Request(redirect, headers={"Cookie": cookie}), timeout=10
    ) as page:
        return page.read().decode()


def start_socket_bot(db: Database, fake: FakeSlack) -> BotUnderTest:
    rt = _runtime(db, fake, socket_mode=True)
    app = create_app(rt)
    handler = socket_mode_handler(app, APP_TOKEN)
    handler.connect()
    fake.wait_connected()

    def send(payload: dict[str, Any]) -> Reply:
        ack = fake.send_envelope(envelope_type(payload), payload)
        return Reply(200, (ack or {}).get("payload"))

    return BotUnderTest(
        mode="socket",
        rt=rt,
        app=app,
        fake=fake,
        send=send,
        stop_callbacks=[lambda: fake.close_socket_client(handler.client)],
    )
