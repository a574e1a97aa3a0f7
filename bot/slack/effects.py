"""Effects on Slack that must happen once: claim in the database, send, then confirm or release.

Every post, DM or upload that must not arrive twice follows the same three steps:

1. *claim* it in the database, in a short transaction of its own (a unique row, a column set
   where it was empty): a second run, a retry or a restart finds the claim and sends nothing;
2. *send* it to Slack, outside any transaction (a slow Slack never holds a database lock);
3. *settle* the claim by what Slack said: **confirm** it when the message went out, **release** it
   when Slack surely did not take it (so a later run sends it), and **keep** it when nobody can
   tell (a 5xx or a connection that broke after the request left: the message may be out, and a
   kept claim risks one lost message where a released one risks a second copy).

`deliver` makes the call and says which of these it was; this is the one place that reads Slack's
errors for that (`bot.slack.client` is the one place that decides which calls the client itself may
repeat). `claim_send_confirm` runs the three steps for the common case:

    delivery = effects.claim_send_confirm(
        db,
        claim=lambda session: welcome.claim(session, team_id=team_id, user_id=user_id),
        send=lambda: client.chat_postMessage(channel=user_id, **message),
        release=lambda session: welcome.release(session, team_id=team_id, user_id=user_id),
    )
    if delivery is None: ...           # someone else holds the claim: nothing was sent
    elif delivery.sent: ...            # out, and confirmed
    elif delivery.surely_not_sent: ... # released; delivery.error says why (Slack's error code)
    else: ...                          # delivery.maybe_sent: the claim is kept

A caller whose claim or settling does not fit (several rows, an answer to keep) calls `deliver`
and `settle` itself.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from sqlalchemy.orm import Session

from bot.core.db import Database
from bot.slack.client import never_reached_slack

RATE_LIMITED = 429
UNKNOWN_ERROR = "unknown_error"


class Result(enum.Enum):
    SENT = "sent"
    # Slack said no for good (the channel is gone, the bot is not in it …): nothing was posted, and
    # sending the same again would be refused again until someone mends it.
    REFUSED = "refused"
    # Nothing was posted, but a later try may pass: a rate limit the client's own waiting did not
    # outlast, or a connection that never reached Slack.
    TRY_LATER = "try_later"
    # Slack may or may not have acted: a 5xx, a timeout, a connection broken after the request left.
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Delivery:
    """What became of one call to Slack that has an effect."""

    result: Result
    response: SlackResponse | None = None
    # Slack's error code ("channel_not_found", "ratelimited" …), else the exception's type name.
    error: str = ""
    # For a rate limit: the seconds Slack asked to wait.
    retry_after: float | None = None

    @property
    def sent(self) -> bool:
        return self.result is Result.SENT

    @property
    def surely_not_sent(self) -> bool:
        """Slack surely did not act: the claim may be released and the effect tried again."""
        return self.result in (Result.REFUSED, Result.TRY_LATER)

    @property
    def maybe_sent(self) -> bool:
        """Nobody can tell whether Slack acted: the claim stays rather than risk a second copy."""
        return self.result is Result.UNKNOWN

    @property
    def rate_limited(self) -> bool:
        return self.retry_after is not None

    def response_value(self, key: str) -> str | None:
        """A field of Slack's answer ("ts", "channel"), None when there is none."""
        value = self.response.get(key) if self.response is not None else None
        return None if value is None else str(value)


def deliver(call: Callable[[], SlackResponse]) -> Delivery:
    """Make one call to Slack and say what became of it; never raises for Slack's or the network's
    failures (a programming error in `call` is a failure too, and counts as unknown)."""
    try:
        response = call()
    except SlackApiError as exc:
        return of_slack_error(exc)
    except Exception as exc:
        # The client's retries are spent. A name that did not resolve or a refused connection never
        # reached Slack; anything else (a timeout, a reset) may have come after Slack acted.
        if never_reached_slack(exc):
            return Delivery(Result.TRY_LATER, error=UNKNOWN_ERROR)
        return Delivery(Result.UNKNOWN, error=type(exc).__name__)
    return Delivery(Result.SENT, response)


def of_slack_error(exc: SlackApiError) -> Delivery:
    """Slack answered with an error: a 5xx leaves the outcome unknown, a 429 means "later", and any
    other answer is a refusal for good."""
    status = exc.response.status_code
    error = str(exc.response.get("error") or UNKNOWN_ERROR)
    if status >= 500:
        return Delivery(Result.UNKNOWN, error=error)
    if status == RATE_LIMITED:
        return Delivery(Result.TRY_LATER, error=error, retry_after=_retry_after(exc))
    return Delivery(Result.REFUSED, error=error)


def _retry_after(exc: SlackApiError) -> float:
    try:
        return float(exc.response.headers.get("Retry-After", 1) or 1)
    except (TypeError, ValueError):
        return 1.0


def settle(
    db: Database,
    delivery: Delivery,
    *,
    release: Callable[[Session], object],
    confirm: Callable[[Session, SlackResponse], object] | None = None,
) -> None:
    """Confirm the claim when the effect happened, release it when Slack surely did not act, keep it
    when nobody can tell. Each in a transaction of its own."""
    if delivery.sent and confirm is not None and delivery.response is not None:
        with db.session() as session:
            confirm(session, delivery.response)
    elif delivery.surely_not_sent:
        with db.session() as session:
            release(session)


def claim_send_confirm(
    db: Database,
    *,
    claim: Callable[[Session], bool],
    send: Callable[[], SlackResponse],
    release: Callable[[Session], object],
    confirm: Callable[[Session, SlackResponse], object] | None = None,
) -> Delivery | None:
    """Claim, send outside any transaction, then settle (see the module's docstring). None when the
    claim was not got (another run holds it, or it was done before): nothing was sent."""
    with db.session() as session:
        if not claim(session):
            return None
    delivery = deliver(send)
    settle(db, delivery, release=release, confirm=confirm)
    return delivery
