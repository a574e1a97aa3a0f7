"""The one place a Slack Web API client is built, and the one place that decides what may be tried
again: base URL from settings, retries for 429 (every method), and for 5xx and broken connections
only where repeating cannot double an effect."""

from __future__ import annotations

import socket

from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, RetryHandler
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.core.settings import Settings

TIMEOUT_SECONDS = 15


# The retry policy, in one place. A 429 means Slack did nothing, so every method is tried again after
# Retry-After. A 5xx, or a connection that broke after the request was sent, leaves it unknown whether
# Slack acted: a read or an update that sets the same state again is safe to repeat, but a post, an
# upload or a new conversation would arrive twice. So only the methods below are retried then; any
# other method (chat.postMessage, chat.postEphemeral, files.completeUploadExternal,
# conversations.open, views.open …) is tried once, and its caller decides what an unknown outcome
# means (see `posting.dm_at_most_once`).
SAFE_TO_REPEAT: frozenset[str] = frozenset(
    {
        "api.test",
        "auth.test",
        "bots.info",
        "chat.delete",
        "chat.getPermalink",
        "chat.update",
        "conversations.history",
        "conversations.info",
        "conversations.members",
        "conversations.replies",
        "team.info",
        "users.info",
        "users.list",
        "users.lookupByEmail",
        "views.publish",
        "views.update",
    }
)


def method_of(request: HttpRequest) -> str:
    """`chat.postMessage` from `https://slack.com/api/chat.postMessage?…`."""
    return request.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def safe_to_repeat(method: str) -> bool:
    return method in SAFE_TO_REPEAT


def never_reached_slack(error: BaseException | None) -> bool:
    """A failure that certainly happened before the request was sent: the name did not resolve or the
    connection was refused. A reset or a dropped connection may come after Slack has acted."""
    reason = getattr(error, "reason", error)
    return isinstance(reason, (ConnectionRefusedError, socket.gaierror))


class ServerErrorRetryHandlerForSafeMethods(ServerErrorRetryHandler):
    """Any 5xx (slack_sdk's own handler knows only 500 and 503; a 502 or 504 from a proxy is as
    passing), but only for methods that are safe to repeat."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return (
            response is not None and 500 <= response.status_code < 600 and safe_to_repeat(method_of(request))
        )


class ConnectionErrorRetryHandlerForSafeMethods(ConnectionErrorRetryHandler):
    """Broken connections: every method when the request never left, safe methods whatever broke."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        return safe_to_repeat(method_of(request)) or never_reached_slack(error)


def retry_handlers() -> list[RetryHandler]:
    # RateLimitErrorRetryHandler sleeps for the Retry-After Slack sends before trying again.
    return [
        RateLimitErrorRetryHandler(max_retry_count=5),
        ServerErrorRetryHandlerForSafeMethods(max_retry_count=2),
        ConnectionErrorRetryHandlerForSafeMethods(max_retry_count=2),
    ]


def build_client(settings: Settings, token: str | None = None) -> WebClient:
    return WebClient(
        # With OAuth each workspace's token comes from its installation; the shared client has none.
        token=token if token is not None else (None if settings.oauth else settings.bot_token),
        base_url=settings.api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=retry_handlers(),
    )


# A call made before an ack has to fit in Slack's three seconds with the work around it.
BEFORE_ACK_TIMEOUT_SECONDS = 1.5


def before_ack(client: WebClient) -> WebClient:
    """The same workspace's client for a call made before an ack: one try, a short timeout, and no
    waiting out a Retry-After. The caller does without the answer when it fails."""
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        # slack_sdk annotates timeout as int, but hands it to urllib, which takes seconds as a float.
        timeout=BEFORE_ACK_TIMEOUT_SECONDS,  # type: ignore[arg-type]
        retry_handlers=[],
    )
