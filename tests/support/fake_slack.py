"""A fake Slack for tests: the Web API over real HTTP and Socket Mode over a real WebSocket, on loopback.

The app under test talks to it exactly as in production: ``WebClient(base_url=fake.api_url)`` (or
``SLACK_API_URL``) for the Web API, and ``apps.connections.open`` hands out the WebSocket URL that
Socket Mode clients connect to. Method names and required arguments are checked against Slack's
OpenAPI description kept in ``tests/support/slack_spec`` so that a typo or a forgotten argument fails
like it would against real Slack, instead of passing silently.

Typical use::

    with FakeSlack() as fake:
        client = WebClient(base_url=fake.api_url, token="xoxb-test")
        client.chat_postMessage(channel="C1", text="hi")
        (call,) = fake.wait_for("chat.postMessage")
        assert call.params["text"] == "hi"
"""

from __future__ import annotations

import base64
import contextlib
import email.parser
import email.policy
import functools
import hashlib
import itertools
import json
import os
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

__all__ = ["Call", "FakeSlack", "MethodSpec", "SocketMessage", "load_web_api_spec"]

# Slack's description is kept in the repository (tests/support/slack_spec/README.md says where it came from);
# an environment variable lets a run try a newer copy without editing the code.
DEFAULT_SPEC_PATH: Final = Path(__file__).resolve().parent / "slack_spec" / "slack-web-api.openapi.json"
SPEC_PATH_ENV: Final = "SLACK_WEB_API_SPEC"

APP_ID: Final = "A0APP0001"
TEAM_DOMAIN: Final = "test"
WORKSPACE_URL: Final = f"https://{TEAM_DOMAIN}.slack.com/"
# Timestamps start here so they look like Slack's ("1700000000.000100") and sort as strings too.
TS_EPOCH: Final = 1_700_000_000


@dataclass(frozen=True)
class MethodSpec:
    """What the fake checks for one Web API method: required arguments and whether it needs a token."""

    required: tuple[str, ...]
    needs_token: bool


# Methods newer than the 2021 spec that the app (or slack_sdk on its behalf) calls.
EXTRA_METHODS: Final[dict[str, MethodSpec]] = {
    "apps.connections.open": MethodSpec((), True),
    "files.getUploadURLExternal": MethodSpec(("filename", "length"), True),
    "files.completeUploadExternal": MethodSpec(("files",), True),
}
# Slack retired these since the spec was written; real Slack refuses them, so the fake does too.
RETIRED_METHODS: Final[dict[str, str]] = {"files.upload": "method_deprecated"}
# Arguments the spec marks required although Slack accepts an alternative in their place.
ALTERNATIVE_ARGS: Final[dict[tuple[str, str], str]] = {
    ("views.open", "trigger_id"): "interactivity_pointer",
    ("views.push", "trigger_id"): "interactivity_pointer",
}
# Slack refuses a message with nothing to show ("no_text"); the spec can't express "one of".
NEEDS_CONTENT: Final = frozenset({"chat.postMessage", "chat.postEphemeral"})
CONTENT_ARGS: Final = ("text", "blocks", "attachments")


@functools.cache
def load_web_api_spec(path: str) -> dict[str, MethodSpec]:
    """Slack's OpenAPI 2 description reduced to {method: MethodSpec}; parsed once per process."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    methods: dict[str, MethodSpec] = {}
    for api_path, operations in document["paths"].items():
        parameters = [p for op in operations.values() for p in op.get("parameters", [])]
        # The token travels in the Authorization header, so it is checked separately from arguments.
        required = tuple(p["name"] for p in parameters if p.get("required") and p["name"] != "token")
        needs_token = any(p["name"] == "token" for p in parameters)
        methods[api_path.lstrip("/")] = MethodSpec(required, needs_token)
    return methods


def _spec_path() -> str:
    return os.environ.get(SPEC_PATH_ENV) or str(DEFAULT_SPEC_PATH)


@dataclass(frozen=True)
class Call:
    """One request the fake received, with the answer it gave (recorded before the answer is sent)."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]  # names lower-cased: urllib sends "Content-type", aiohttp "Content-Type"
    token: str | None
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    # time.perf_counter() when the request arrived: benchmarks measure latency up to here.
    received_at: float = field(default_factory=time.perf_counter)

    def json(self, name: str, default: Any = None) -> Any:
        """The argument decoded if it is a JSON object/array string (form-encoded ``blocks``), else as is."""
        value = self.params.get(name, default)
        if isinstance(value, str) and value[:1] in ("{", "["):
            with contextlib.suppress(ValueError):
                return json.loads(value)
        return value

    @property
    def ok(self) -> bool:
        """True when the fake answered HTTP 200 with ``"ok": true``."""
        return self.status == 200 and self.response.get("ok") is True


@dataclass(frozen=True)
class SocketMessage:
    """One text frame a Socket Mode client sent to the fake (``data`` is the decoded JSON, or None)."""

    raw: str
    data: dict[str, Any] | None


@dataclass(frozen=True)
class _Scripted:
    body: dict[str, Any] | None
    status: int
    headers: dict[str, str]


@dataclass
class _User:
    user_id: str
    team_id: str
    name: str
    real_name: str
    locale: str
    tz: str
    is_bot: bool = False
    deleted: bool = False
    is_admin: bool = False
    is_owner: bool = False


@dataclass
class _Channel:
    channel_id: str
    name: str
    is_member: bool = True
    is_archived: bool = False
    is_private: bool = False


@dataclass(frozen=True)
class _Reply:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


Answer = dict[str, Any] | Callable[[Call], dict[str, Any]]


def _truthy(value: Any) -> bool:
    # Form bodies carry booleans as "1"/"true" (slack_sdk converts True to "1"); JSON bodies as true.
    return value is True or (isinstance(value, str) and value.lower() in ("1", "true"))


def _decoded(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("{", "["):
        with contextlib.suppress(ValueError):
            return json.loads(value)
    return value


def _tz_offset(tz: str) -> int:
    try:
        offset = datetime.now(ZoneInfo(tz)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds()) if offset else 0


def _stable_id(prefix: str, members: Iterable[str]) -> str:
    digest = hashlib.sha1(",".join(sorted(members)).encode()).hexdigest()[:8].upper()
    return f"{prefix}{digest}"


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeSlack) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    # HTTP/1.0 closes each connection after the answer, so stop() never waits for idle keep-alives.
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request stderr log; tests inspect ``FakeSlack.calls`` instead."""

    def _dispatch(self) -> None:
        path, _, query = self.path.partition("?")
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = self.server.fake._handle_http(path, query, headers, self._read_body(headers))
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def _read_body(self, headers: dict[str, str]) -> bytes:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            return self._read_chunked()
        length = int(headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes:
        chunks = []
        while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
            chunks.append(self.rfile.read(size))
            self.rfile.readline()
        self.rfile.readline()
        return b"".join(chunks)


def _parse_params(query: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if not body:
        return params
    if content_type == "application/json":
        decoded = json.loads(body.decode("utf-8"))
        if isinstance(decoded, dict):
            params.update(decoded)
    elif content_type == "multipart/form-data":
        params.update(_parse_multipart(headers["content-type"], body))
    else:
        # slack_sdk's urllib client form-encodes everything that is not JSON, whatever the header says.
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return params


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True) or b""
        fields[name] = payload if part.get_filename() else payload.decode("utf-8")
    return fields


def _bearer_token(headers: dict[str, str], params: dict[str, Any]) -> str | None:
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    # Slack also accepts the token as an argument; some clients still send it that way.
    token = params.get("token")
    return token if isinstance(token, str) and token else None


def _json_reply(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> _Reply:
    return _Reply(status, json.dumps(body).encode("utf-8"), headers=dict(headers or {}))


class FakeSlack:
    """Slack's Web API and Socket Mode on loopback, recording every call and scriptable per method."""

    def __init__(
        self,
        team_id: str = "T0TEAM001",
        team_name: str = "Test Team",
        bot_user_id: str = "U0BOT0001",
        bot_id: str = "B0BOT0001",
        *,
        app_id: str = APP_ID,
        spec_path: str | os.PathLike[str] | None = None,
    ) -> None:
        self.team_id = team_id
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self._methods = load_web_api_spec(str(spec_path) if spec_path else _spec_path())

        self._lock = threading.Lock()
        self._calls_changed = threading.Condition(self._lock)
        self._calls: list[Call] = []
        self._scripted: dict[str, deque[_Scripted]] = {}
        self._defaults: dict[str, Answer] = {}
        self._users: dict[str, _User] = {}
        self._channels: dict[str, _Channel] = {}
        self._uploads: dict[str, bytes] = {}
        self._file_names: dict[str, str] = {}
        self._ids = itertools.count(1)
        self._ts_counter = itertools.count(1)
        self._rate_limit_every = 0
        self._rate_limit_retry_after = 0
        self._api_call_count = 0
        # OAuth: codes Slack would hand to the redirect, and which workspace each bot token opens.
        self._install_codes: dict[str, dict[str, Any]] = {}
        self._token_teams: dict[str, tuple[str, str]] = {}

        self._ws_changed = threading.Condition(threading.Lock())
        self._ws_connections: list[ServerConnection] = []
        self._ws_connection_count = 0
        self._socket_messages: list[SocketMessage] = []
        self._acks: dict[str, dict[str, Any]] = {}
        self._envelopes: list[dict[str, Any]] = []

        self._http: _HTTPServer | None = None
        self._ws: Server | None = None
        self._threads: list[threading.Thread] = []
        self._answers: dict[str, Callable[[Call], dict[str, Any]]] = self._builtin_answers()

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeSlack:
        """Start both servers on free loopback ports; returns self."""
        if self._http is not None:
            return self
        self._http = _HTTPServer(self)
        # compression=None: Slack's own client never negotiates permessage-deflate; close_timeout keeps
        # stop() quick when a client vanishes without answering the closing handshake.
        self._ws = serve(self._ws_handler, "127.0.0.1", 0, compression=None, close_timeout=2)
        self._threads = [
            threading.Thread(
                target=self._http.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="fake-slack-http",
                daemon=True,
            ),
            threading.Thread(target=self._ws.serve_forever, name="fake-slack-ws", daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        """Close WebSocket connections, shut both servers down and join their threads; idempotent."""
        if self._http is None or self._ws is None:
            return
        self._ws.shutdown()
        self._http.shutdown()
        self._http.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._http = self._ws = None
        self._threads = []

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ addresses

    @property
    def http_port(self) -> int:
        """The Web API server's port."""
        if self._http is None:
            raise RuntimeError("FakeSlack is not started")
        return int(self._http.server_address[1])

    @property
    def ws_port(self) -> int:
        """The Socket Mode server's port."""
        if self._ws is None:
            raise RuntimeError("FakeSlack is not started")
        return int(self._ws.socket.getsockname()[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` without a path."""
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def api_url(self) -> str:
        """The Web API base URL with its trailing slash (slack_sdk appends the method name)."""
        return f"{self.base_url}/api/"

    @property
    def ws_url(self) -> str:
        """A fresh Socket Mode URL shaped like Slack's (the built-in client needs a path: ``GET {path}?``)."""
        return f"ws://127.0.0.1:{self.ws_port}/link/?ticket={uuid.uuid4()}&app_id={self.app_id}"

    def response_url(self, name: str = "default") -> str:
        """A ``response_url`` on this server; POSTs to it are recorded as calls to ``"response_url"``."""
        return f"{self.base_url}/response/{name}"

    # ------------------------------------------------------------------ recorded calls

    @property
    def calls(self) -> list[Call]:
        """Every Web API request so far, in arrival order (a copy)."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        """Recorded calls to one method, whatever the answer was."""
        with self._lock:
            return [call for call in self._calls if call.method == method]

    def successful_calls_to(self, method: str) -> list[Call]:
        """Calls to ``method`` that were answered HTTP 200 with ``"ok": true``."""
        return [call for call in self.calls_to(method) if call.ok]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Block until at least ``count`` calls to ``method`` were recorded; returns all calls to it."""
        with self._calls_changed:
            arrived = self._calls_changed.wait_for(
                lambda: sum(call.method == method for call in self._calls) >= count, timeout
            )
            calls = [call for call in self._calls if call.method == method]
            seen = Counter(call.method for call in self._calls)
        if not arrived:
            raise AssertionError(
                f"expected {count} call(s) to {method} within {timeout}s, got {len(calls)}; "
                f"recorded: {dict(seen) or 'nothing'}"
            )
        return calls

    @property
    def uploads(self) -> dict[str, bytes]:
        """Bytes POSTed to upload URLs from ``files.getUploadURLExternal``, by file id (a copy)."""
        with self._lock:
            return dict(self._uploads)

    def reset(self) -> None:
        """Forget calls, scripted answers, uploads and Socket Mode messages; keep users/channels/defaults."""
        with self._lock:
            self._calls.clear()
            self._scripted.clear()
            self._uploads.clear()
        with self._ws_changed:
            self._socket_messages.clear()
            self._acks.clear()
            self._envelopes.clear()

    # ------------------------------------------------------------------ scripting

    def queue(
        self,
        method: str,
        body: dict[str, Any] | None = None,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next valid call to ``method`` with this (FIFO per method); body None = default answer.

        Scripted answers apply after validation: a call with a missing argument still gets
        ``invalid_arguments`` and leaves the scripted answer for the next call. Scripting a method
        that is not in the spec makes it known to the fake.
        """
        with self._lock:
            self._scripted.setdefault(method, deque()).append(_Scripted(body, status, dict(headers or {})))

    def rate_limit_next(self, method: str, retry_after: int = 1) -> None:
        """The next call to ``method`` gets HTTP 429 with ``Retry-After`` and ``ratelimited``."""
        self.queue(
            method,
            {"ok": False, "error": "ratelimited"},
            status=429,
            headers={"Retry-After": str(retry_after)},
        )

    def rate_limit_every(self, n: int, retry_after: int = 0) -> None:
        """From now on every n-th Web API call, whatever its method, gets HTTP 429 (0: stop)."""
        with self._lock:
            self._rate_limit_every = n
            self._rate_limit_retry_after = retry_after
            self._api_call_count = 0

    def fail_next(self, method: str, status: int = 500) -> None:
        """The next call to ``method`` gets this HTTP status."""
        self.queue(method, {"ok": False, "error": "internal_error"}, status=status)

    def error_next(self, method: str, error: str) -> None:
        """The next call to ``method`` gets HTTP 200 ``{"ok": false, "error": error}``."""
        self.queue(method, {"ok": False, "error": error})

    def set_default(self, method: str, answer: Answer) -> None:
        """Replace the default answer for ``method``: a dict, or a function of the Call returning one."""
        with self._lock:
            self._defaults[method] = answer

    # ------------------------------------------------------------------ workspace data

    def add_user(
        self,
        user_id: str,
        *,
        locale: str = "en-US",
        tz: str = "Europe/Helsinki",
        is_bot: bool = False,
        deleted: bool = False,
        is_admin: bool = False,
        is_owner: bool = False,
        name: str | None = None,
        real_name: str | None = None,
    ) -> dict[str, Any]:
        """Register a user for users.info/users.list (in this order); returns its user object."""
        user = _User(
            user_id=user_id,
            team_id=self.team_id,
            name=name or user_id.lower(),
            real_name=real_name or f"User {user_id}",
            locale=locale,
            tz=tz,
            is_bot=is_bot,
            deleted=deleted,
            is_admin=is_admin,
            is_owner=is_owner,
        )
        with self._lock:
            self._users[user_id] = user
        return self._user_object(user, include_locale=True)

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str | None = None,
        is_member: bool = True,
        is_archived: bool = False,
        is_private: bool = False,
    ) -> None:
        """Register a channel for conversations.info (unknown channels look like public, joined ones)."""
        channel = _Channel(
            channel_id, name or f"channel-{channel_id.lower()}", is_member, is_archived, is_private
        )
        with self._lock:
            self._channels[channel_id] = channel

    def dm_channel_id(self, *user_ids: str) -> str:
        """The stable DM id conversations.open returns for these users."""
        return _stable_id("D", user_ids)

    # ------------------------------------------------------------------ Socket Mode

    @property
    def connected(self) -> bool:
        """True while at least one Socket Mode client is connected."""
        with self._ws_changed:
            return bool(self._ws_connections)

    @property
    def connection_count(self) -> int:
        """How many Socket Mode connections were accepted since start (reconnects count)."""
        with self._ws_changed:
            return self._ws_connection_count

    @property
    def socket_messages(self) -> list[SocketMessage]:
        """Every text frame clients sent over Socket Mode (acks included), in order (a copy)."""
        with self._ws_changed:
            return list(self._socket_messages)

    @property
    def envelopes(self) -> list[dict[str, Any]]:
        """Every envelope sent with send_envelope, in order (a copy)."""
        with self._ws_changed:
            return list(self._envelopes)

    def wait_connected(self, timeout: float = 10.0) -> None:
        """Block until a Socket Mode client is connected and has been sent ``hello``."""
        self.wait_for_connections(1, timeout, currently_open=True)

    def wait_for_connections(
        self, count: int, timeout: float = 10.0, *, currently_open: bool = False
    ) -> None:
        """Block until ``count`` connections were accepted since start (or are open, if currently_open)."""

        def enough() -> bool:
            number = len(self._ws_connections) if currently_open else self._ws_connection_count
            return number >= count and bool(self._ws_connections)

        with self._ws_changed:
            if not self._ws_changed.wait_for(enough, timeout):
                raise AssertionError(
                    f"expected {count} Socket Mode connection(s) within {timeout}s; "
                    f"accepted {self._ws_connection_count}, open {len(self._ws_connections)}"
                )

    def send_envelope(
        self,
        type: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool | None = None,
        retry_attempt: int = 0,
        retry_reason: str = "",
        wait_ack: bool = True,
        timeout: float = 10.0,
        envelope_id: str | None = None,
    ) -> dict[str, Any] | None:
        """Send a Socket Mode envelope to the newest connection; with wait_ack, return the client's ack."""
        if accepts_response_payload is None:
            accepts_response_payload = type in ("slash_commands", "interactive")
        envelope = {
            "envelope_id": envelope_id or str(uuid.uuid4()),
            "payload": payload,
            "type": type,
            "accepts_response_payload": accepts_response_payload,
            "retry_attempt": retry_attempt,
            "retry_reason": retry_reason,
        }
        self.wait_connected(timeout)
        with self._ws_changed:
            connection = self._ws_connections[-1]
            self._envelopes.append(envelope)
        connection.send(json.dumps(envelope))
        return self.wait_for_ack(envelope["envelope_id"], timeout) if wait_ack else None

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """Block until the client acked ``envelope_id``; returns the ack (maybe with a ``payload``)."""
        with self._ws_changed:
            if not self._ws_changed.wait_for(lambda: envelope_id in self._acks, timeout):
                sent = [message.raw[:200] for message in self._socket_messages]
                raise AssertionError(
                    f"no ack for envelope {envelope_id} within {timeout}s; client sent: {sent}"
                )
            return self._acks[envelope_id]

    def disconnect_clients(self, reason: str = "refresh_requested", *, warn: bool = True) -> None:
        """Close every Socket Mode connection (1001), after Slack's ``disconnect`` message if ``warn``.

        With ``warn`` the built-in client reconnects at once; without it, it notices the close and
        reconnects only on its next health check (auto-reconnect) or not at all. To stop a client at
        the end of a test, use close_socket_client.
        """
        with self._ws_changed:
            connections = list(self._ws_connections)
        message = json.dumps({"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}})
        for connection in connections:
            if warn:
                with contextlib.suppress(ConnectionClosed):
                    connection.send(message)
            connection.close(code=1001, reason=reason)

    def close_socket_client(self, client: Any, timeout: float = 5.0) -> None:
        """Close a slack_sdk built-in ``SocketModeClient`` (Bolt: ``handler.client``) in about a second.

        Its own close() first waits for a blocking 3-second socket read; closing the connection from
        this side wakes that read. Waiting until the client has dropped its socket before calling
        close() avoids a race in slack_sdk where two threads close the same socket (AttributeError).
        """
        client.auto_reconnect_enabled = False
        self.disconnect_clients(warn=False)
        deadline = time.monotonic() + timeout
        while client.is_connected() and time.monotonic() < deadline:
            time.sleep(0.01)  # the client offers nothing to wait on
        client.close()

    def _ws_handler(self, connection: ServerConnection) -> None:
        try:
            connection.send(json.dumps(self._hello()))
        except ConnectionClosed:
            return
        with self._ws_changed:
            self._ws_connections.append(connection)
            self._ws_connection_count += 1
            self._ws_changed.notify_all()
        try:
            for raw in connection:
                self._record_socket_message(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))
        except ConnectionClosed:
            pass  # Slack's built-in client drops the TCP connection without a closing handshake
        finally:
            with self._ws_changed:
                self._ws_connections.remove(connection)
                self._ws_changed.notify_all()

    def _hello(self) -> dict[str, Any]:
        with self._ws_changed:
            open_connections = len(self._ws_connections) + 1
        return {
            "type": "hello",
            "num_connections": open_connections,
            "debug_info": {"host": "applink-fake", "build_number": 1, "approximate_connection_time": 18060},
            "connection_info": {"app_id": self.app_id},
        }

    def _record_socket_message(self, raw: str) -> None:
        try:
            decoded = json.loads(raw)
        except ValueError:
            decoded = None
        data = decoded if isinstance(decoded, dict) else None
        with self._ws_changed:
            self._socket_messages.append(SocketMessage(raw, data))
            if data is not None and isinstance(data.get("envelope_id"), str):
                self._acks[data["envelope_id"]] = data
            self._ws_changed.notify_all()

    # ------------------------------------------------------------------ HTTP dispatch

    def _handle_http(self, path: str, query: str, headers: dict[str, str], body: bytes) -> _Reply:
        if path.startswith("/api/"):
            return self._handle_api(path, path.removeprefix("/api/"), query, headers, body)
        if path.startswith("/upload/"):
            return self._handle_upload(path.removeprefix("/upload/"), headers, body)
        if path.startswith("/response/"):
            return self._handle_response_url(path, query, headers, body)
        return _Reply(404, b"not found", "text/plain; charset=utf-8")

    def _handle_api(self, path: str, method: str, query: str, headers: dict[str, str], body: bytes) -> _Reply:
        try:
            params = _parse_params(query, headers, body)
        except (ValueError, UnicodeDecodeError):
            params = {}
            reply: _Reply | None = _json_reply(200, {"ok": False, "error": "invalid_json"})
        else:
            reply = None
        call = Call(method, params, headers, _bearer_token(headers, params), path=path)
        if reply is None:
            reply = self._rate_limited()
        if reply is None:
            try:
                reply = self._validation_error(call) or self._scripted_or_default(call)
            except Exception as error:  # a broken set_default answer should fail the test, not hang it
                reply = _json_reply(500, {"ok": False, "error": f"fake_slack_error: {error!r}"})
        self._record(call, reply)
        return reply

    def _rate_limited(self) -> _Reply | None:
        """Every n-th Web API call of all (see `rate_limit_every`) gets 429 before anything else."""
        with self._lock:
            if not self._rate_limit_every:
                return None
            self._api_call_count += 1
            if self._api_call_count % self._rate_limit_every:
                return None
        return _json_reply(
            429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(self._rate_limit_retry_after)}
        )

    def _validation_error(self, call: Call) -> _Reply | None:
        spec = self._method_spec(call.method)
        if call.method in RETIRED_METHODS:
            return _json_reply(200, {"ok": False, "error": RETIRED_METHODS[call.method]})
        if spec is None:
            return _json_reply(200, {"ok": False, "error": "unknown_method"})
        if spec.needs_token and not call.token:
            return _json_reply(200, {"ok": False, "error": "not_authed"})
        if call.method == "apps.connections.open" and not (call.token or "").startswith("xapp-"):
            return _json_reply(200, {"ok": False, "error": "not_allowed_token_type"})
        missing = [name for name in spec.required if not self._has_arg(call, name)]
        if missing:
            messages = [f"[ERROR] missing required field: {name}" for name in missing]
            body = {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": messages}}
            return _json_reply(200, body)
        if call.method in NEEDS_CONTENT and not any(self._present(call.params, n) for n in CONTENT_ARGS):
            return _json_reply(200, {"ok": False, "error": "no_text"})
        return None

    def _method_spec(self, method: str) -> MethodSpec | None:
        spec = self._methods.get(method) or EXTRA_METHODS.get(method)
        if spec is None:
            with self._lock:
                # Scripting or overriding a method the spec doesn't know declares that it exists.
                if method in self._scripted or method in self._defaults:
                    return MethodSpec((), True)
        return spec

    def _has_arg(self, call: Call, name: str) -> bool:
        alternative = ALTERNATIVE_ARGS.get((call.method, name))
        return self._present(call.params, name) or (
            alternative is not None and self._present(call.params, alternative)
        )

    @staticmethod
    def _present(params: dict[str, Any], name: str) -> bool:
        return params.get(name) not in (None, "", [], {})

    def _scripted_or_default(self, call: Call) -> _Reply:
        with self._lock:
            pending = self._scripted.get(call.method)
            scripted = pending.popleft() if pending else None
        if scripted is not None and scripted.body is not None:
            return _json_reply(scripted.status, scripted.body, scripted.headers)
        body = self._default_answer(call)
        if scripted is not None:
            return _json_reply(scripted.status, body, scripted.headers)
        return _json_reply(200, body)

    def _default_answer(self, call: Call) -> dict[str, Any]:
        with self._lock:
            override = self._defaults.get(call.method)
        if override is not None:
            return override(call) if callable(override) else dict(override)
        answer = self._answers.get(call.method)
        return answer(call) if answer else {"ok": True}

    def _record(self, call: Call, reply: _Reply) -> None:
        try:
            response = json.loads(reply.body)
        except ValueError:
            response = {}
        recorded = Call(
            call.method,
            call.params,
            call.headers,
            call.token,
            reply.status,
            response,
            call.path,
            call.received_at,
        )
        with self._calls_changed:
            self._calls.append(recorded)
            self._calls_changed.notify_all()

    def _handle_upload(self, file_id: str, headers: dict[str, str], body: bytes) -> _Reply:
        data = body
        if headers.get("content-type", "").lower().startswith("multipart/form-data"):
            files = [
                v for v in _parse_multipart(headers["content-type"], body).values() if isinstance(v, bytes)
            ]
            data = files[0] if files else b""
        with self._lock:
            self._uploads[file_id] = data
        return _Reply(200, f"OK - {len(data)}".encode(), "text/plain; charset=utf-8")

    def _handle_response_url(self, path: str, query: str, headers: dict[str, str], body: bytes) -> _Reply:
        try:
            params = _parse_params(query, headers, body)
        except (ValueError, UnicodeDecodeError):
            params = {"_raw": body.decode("utf-8", "replace")}
        call = Call("response_url", params, headers, None, path=path)
        reply = _json_reply(200, {"ok": True})
        self._record(call, reply)
        return reply

    # ------------------------------------------------------------------ default answers

    def _builtin_answers(self) -> dict[str, Callable[[Call], dict[str, Any]]]:
        views = dict.fromkeys(
            ("views.open", "views.push", "views.update", "views.publish"), self._answer_view
        )
        return {
            "auth.test": self._answer_auth_test,
            "oauth.v2.access": self._answer_oauth_access,
            "chat.postMessage": self._answer_post_message,
            "chat.update": self._answer_update,
            "chat.postEphemeral": lambda call: {"ok": True, "message_ts": self._next_ts()},
            "chat.getPermalink": self._answer_permalink,
            "conversations.open": self._answer_conversations_open,
            "conversations.info": self._answer_conversations_info,
            "users.info": self._answer_users_info,
            "users.list": self._answer_users_list,
            "apps.connections.open": lambda call: {"ok": True, "url": self.ws_url},
            "files.getUploadURLExternal": self._answer_upload_url,
            "files.completeUploadExternal": self._answer_complete_upload,
            **views,
        }

    def _next_ts(self) -> str:
        micros = next(self._ts_counter) * 100
        return f"{TS_EPOCH + micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}0FAKE{next(self._ids):04d}"

    def add_install(
        self, code: str, *, team_id: str, team_name: str, bot_token: str, installer: str = "U0INSTALL1"
    ) -> None:
        """What `oauth.v2.access` answers for `code` (once), as if an admin of `team_id` approved."""
        with self._lock:
            self._install_codes[code] = {
                "ok": True,
                "app_id": self.app_id,
                "authed_user": {"id": installer},
                "scope": "commands,chat:write",
                "token_type": "bot",
                "access_token": bot_token,
                "bot_user_id": self.bot_user_id,
                "team": {"id": team_id, "name": team_name},
                "enterprise": None,
                "is_enterprise_install": False,
            }
            self._token_teams[bot_token] = (team_id, team_name)

    def _answer_oauth_access(self, call: Call) -> dict[str, Any]:
        with self._lock:
            answer = self._install_codes.pop(str(call.params.get("code")), None)
        return answer or {"ok": False, "error": "invalid_code"}

    def _answer_auth_test(self, call: Call) -> dict[str, Any]:
        team_id, team_name = self._token_teams.get(call.token or "", (self.team_id, self.team_name))
        return {
            "ok": True,
            "url": WORKSPACE_URL,
            "team": team_name,
            "user": "thinktank",
            "team_id": team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _channel_for(self, channel: Any) -> Any:
        # Posting to a user id lands in the app's DM with that user, and Slack answers with the DM id.
        if isinstance(channel, str) and channel[:1] in ("U", "W"):
            return self.dm_channel_id(channel)
        return channel

    def _bot_message(self, call: Call, ts: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "text": call.params.get("text", ""),
            "user": self.bot_user_id,
            "ts": ts,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
        }
        for name in ("blocks", "attachments", "metadata"):
            if name in call.params:
                message[name] = _decoded(call.params[name])
        if call.params.get("thread_ts"):
            message["thread_ts"] = call.params["thread_ts"]
        return message

    def _answer_post_message(self, call: Call) -> dict[str, Any]:
        ts = self._next_ts()
        channel = self._channel_for(call.params["channel"])
        return {"ok": True, "channel": channel, "ts": ts, "message": self._bot_message(call, ts)}

    def _answer_update(self, call: Call) -> dict[str, Any]:
        ts = call.params["ts"]
        return {
            "ok": True,
            "channel": call.params["channel"],
            "ts": ts,
            "text": call.params.get("text", ""),
            "message": self._bot_message(call, ts),
        }

    def _answer_permalink(self, call: Call) -> dict[str, Any]:
        channel, ts = call.params["channel"], str(call.params["message_ts"])
        return {
            "ok": True,
            "channel": channel,
            "permalink": f"{WORKSPACE_URL}archives/{channel}/p{ts.replace('.', '')}",
        }

    def _answer_view(self, call: Call) -> dict[str, Any]:
        sent = _decoded(call.params.get("view"))
        view: dict[str, Any] = dict(sent) if isinstance(sent, dict) else {}
        view_id = call.params.get("view_id") if call.method == "views.update" else None
        view_id = view_id or self._next_id("V")
        view.setdefault("blocks", [])
        view.update(
            id=view_id,
            team_id=self.team_id,
            state={"values": {}},
            hash=f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            root_view_id=view_id,
            previous_view_id=None,
            app_id=self.app_id,
            app_installed_team_id=self.team_id,
            bot_id=self.bot_id,
        )
        for name, default in (("private_metadata", ""), ("callback_id", ""), ("external_id", "")):
            view.setdefault(name, default)
        return {"ok": True, "view": view}

    def _answer_conversations_open(self, call: Call) -> dict[str, Any]:
        if call.params.get("channel"):
            return {
                "ok": True,
                "no_op": True,
                "already_open": True,
                "channel": {"id": call.params["channel"]},
            }
        users = call.params.get("users", "")
        members = (
            users if isinstance(users, list) else [u.strip() for u in str(users).split(",") if u.strip()]
        )
        channel_id = self.dm_channel_id(*members)
        return {"ok": True, "no_op": False, "already_open": False, "channel": {"id": channel_id}}

    def _answer_conversations_info(self, call: Call) -> dict[str, Any]:
        channel_id = str(call.params.get("channel", ""))
        with self._lock:
            known = self._channels.get(channel_id)
        channel = known or _Channel(channel_id, f"channel-{channel_id.lower()}")
        is_im = channel_id.startswith("D")
        info: dict[str, Any] = {
            "id": channel.channel_id,
            "name": channel.name,
            "is_channel": not is_im and not channel.is_private,
            "is_group": False,
            "is_im": is_im,
            "is_private": channel.is_private or is_im,
            "is_member": channel.is_member,
            "is_archived": channel.is_archived,
            "context_team_id": self.team_id,
        }
        return {"ok": True, "channel": info}

    def _user_object(self, user: _User, *, include_locale: bool) -> dict[str, Any]:
        obj: dict[str, Any] = {
            "id": user.user_id,
            "team_id": user.team_id,
            "name": user.name,
            "real_name": user.real_name,
            "deleted": user.deleted,
            "is_bot": user.is_bot,
            "is_app_user": False,
            "is_admin": user.is_admin,
            "is_owner": user.is_owner,
            "tz": user.tz,
            "tz_offset": _tz_offset(user.tz),
            "profile": {"real_name": user.real_name, "display_name": user.name},
        }
        if include_locale:
            obj["locale"] = user.locale
        return obj

    def _lookup_user(self, user_id: str) -> _User:
        with self._lock:
            known = self._users.get(user_id)
        if known is not None:
            return known
        # Unknown users get a plain human so tests needn't register everyone who clicks a button.
        is_bot = user_id == self.bot_user_id
        return _User(
            user_id=user_id,
            team_id=self.team_id,
            name="thinktank" if is_bot else user_id.lower(),
            real_name="Think Tank" if is_bot else f"User {user_id}",
            locale="en-US",
            tz="Europe/Helsinki",
            is_bot=is_bot,
        )

    def _answer_users_info(self, call: Call) -> dict[str, Any]:
        user = self._lookup_user(str(call.params.get("user", "")))
        return {
            "ok": True,
            "user": self._user_object(user, include_locale=_truthy(call.params.get("include_locale"))),
        }

    def _answer_users_list(self, call: Call) -> dict[str, Any]:
        with self._lock:
            users = list(self._users.values())
        try:
            offset = self._decode_cursor(str(call.params.get("cursor") or ""))
            limit = int(call.params.get("limit") or 0)
        except ValueError:
            return {"ok": False, "error": "invalid_cursor"}
        # limit 0 (or none) means "everything", as on a small workspace.
        end = offset + limit if limit > 0 else len(users)
        include_locale = _truthy(call.params.get("include_locale"))
        members = [self._user_object(user, include_locale=include_locale) for user in users[offset:end]]
        next_cursor = self._encode_cursor(end) if end < len(users) else ""
        return {
            "ok": True,
            "members": members,
            "cache_ts": int(time.time()),
            "response_metadata": {"next_cursor": next_cursor},
        }

    @staticmethod
    def _encode_cursor(offset: int) -> str:
        return base64.b64encode(f"user:{offset}".encode()).decode()

    @staticmethod
    def _decode_cursor(cursor: str) -> int:
        if not cursor:
            return 0
        kind, _, offset = base64.b64decode(cursor.encode(), validate=True).decode().partition(":")
        if kind != "user":
            raise ValueError(cursor)
        return int(offset)

    def _answer_upload_url(self, call: Call) -> dict[str, Any]:
        file_id = self._next_id("F")
        with self._lock:
            self._file_names[file_id] = str(call.params["filename"])
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _answer_complete_upload(self, call: Call) -> dict[str, Any]:
        requested = call.json("files")
        files = []
        for item in requested if isinstance(requested, list) else []:
            file_id = str(item.get("id", ""))
            with self._lock:
                name = self._file_names.get(file_id, file_id)
                size = len(self._uploads.get(file_id, b""))
            files.append(
                {
                    "id": file_id,
                    "title": item.get("title") or name,
                    "name": name,
                    "size": size,
                    "user": self.bot_user_id,
                    "url_private": f"https://files.slack.com/files-pri/{self.team_id}-{file_id}/{name}",
                    "permalink": f"{WORKSPACE_URL}files/{self.bot_user_id}/{file_id}/{name}",
                }
            )
        return {"ok": True, "files": files}

    # ------------------------------------------------------------------ Slack Connect (issue 15)

    def add_outsider(
        self,
        user_id: str,
        team_id: str,
        *,
        is_admin: bool = False,
        is_owner: bool = False,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """A user of another organisation, met in a channel shared with it (Slack Connect):
        users.info answers with *their* organisation's team_id and flags, as Slack does."""
        user = _User(
            user_id=user_id,
            team_id=team_id,
            name=user_id.lower(),
            real_name=f"Guest {user_id}",
            locale=locale,
            tz="Europe/Helsinki",
            is_admin=is_admin,
            is_owner=is_owner,
        )
        with self._lock:
            self._users[user_id] = user
        return self._user_object(user, include_locale=True)
