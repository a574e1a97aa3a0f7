"""Claim, send, confirm: what each answer from Slack does to the claim (bot.slack.effects)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.error import URLError

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.slack import effects
from bot.slack.effects import Result


def answer(status: int, data: dict[str, Any], headers: dict[str, str] | None = None) -> SlackResponse:
    return SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.test/api/chat.postMessage",
        req_args={},
        data=data,
        headers=headers or {},
        status_code=status,
    )


def refusal(status: int, error: str, headers: dict[str, str] | None = None) -> SlackApiError:
    return SlackApiError(error, answer(status, {"ok": False, "error": error}, headers))


class Ledger:
    """A stand-in for the database: each transaction is a list the steps write into."""

    def __init__(self) -> None:
        self.transactions: list[list[str]] = []

    @contextmanager
    def session(self) -> Iterator[list[str]]:
        steps: list[str] = []
        yield steps
        self.transactions.append(steps)


def run(send: Any, *, claimed: bool = True) -> tuple[effects.Delivery | None, list[list[str]]]:
    ledger = Ledger()

    def claim(steps: Any) -> bool:
        steps.append("claim")
        return claimed

    delivery = effects.claim_send_confirm(
        ledger,  # a stand-in with the one method used: session()
        claim=claim,
        send=send,
        release=lambda steps: steps.append("release"),
        confirm=lambda steps, response: steps.append(f"confirm {response['ts']}"),
    )
    return delivery, ledger.transactions


def raises(exc: BaseException) -> Any:
    def send() -> SlackResponse:
        raise exc

    return send


def test_a_sent_message_is_confirmed_with_slacks_answer() -> None:
    delivery, transactions = run(lambda: answer(200, {"ok": True, "ts": "1.2", "channel": "C1"}))
    assert delivery is not None and delivery.sent
    assert delivery.response_value("channel") == "C1"
    assert transactions == [["claim"], ["confirm 1.2"]]


def test_nothing_is_sent_when_the_claim_is_not_got() -> None:
    sent = []
    delivery, transactions = run(lambda: sent.append(1), claimed=False)
    assert delivery is None and sent == []
    assert transactions == [["claim"]]


def test_a_refusal_for_good_releases_the_claim_and_says_why() -> None:
    delivery, transactions = run(raises(refusal(200, "channel_not_found")))
    assert delivery is not None and delivery.result is Result.REFUSED and delivery.surely_not_sent
    assert delivery.error == "channel_not_found" and not delivery.rate_limited
    assert transactions == [["claim"], ["release"]]


def test_a_rate_limit_releases_the_claim_with_the_wait_slack_asked_for() -> None:
    delivery, transactions = run(raises(refusal(429, "ratelimited", {"Retry-After": "7"})))
    assert delivery is not None and delivery.result is Result.TRY_LATER
    assert delivery.rate_limited and delivery.retry_after == 7.0 and delivery.error == "ratelimited"
    assert transactions == [["claim"], ["release"]]


@pytest.mark.parametrize(
    "failure",
    [refusal(500, "internal_error"), refusal(503, "service_unavailable"), TimeoutError("timed out")],
    ids=["500", "503", "timeout"],
)
def test_when_nobody_can_tell_whether_slack_acted_the_claim_stays(failure: BaseException) -> None:
    delivery, transactions = run(raises(failure))
    assert delivery is not None and delivery.maybe_sent and not delivery.surely_not_sent
    assert delivery.error
    assert transactions == [["claim"]]


@pytest.mark.parametrize(
    "failure",
    [URLError(ConnectionRefusedError("refused")), URLError(socket.gaierror("no such name"))],
    ids=["refused", "no-name"],
)
def test_a_connection_that_never_reached_slack_releases_the_claim(failure: BaseException) -> None:
    delivery, transactions = run(raises(failure))
    assert delivery is not None and delivery.result is Result.TRY_LATER and not delivery.rate_limited
    assert delivery.error == "unknown_error"
    assert transactions == [["claim"], ["release"]]


def test_a_reset_connection_may_have_reached_slack() -> None:
    delivery, _ = run(raises(URLError(ConnectionResetError("reset by peer"))))
    assert delivery is not None and delivery.maybe_sent and delivery.error == "URLError"
