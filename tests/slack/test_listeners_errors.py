"""The error guard around every listener: a request naming nobody is acked and changes nothing."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.context.ack import Ack as BoltAck

from bot.core import ids
from bot.core.runtime import Runtime
from bot.slack import context as request_context
from bot.slack.context import requester
from handlers import errors
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack


def guarded_request(rt: Runtime, body: dict[str, Any]) -> BoltRequest:
    request = BoltRequest(body=body, mode="socket_mode")
    request.context["ack"] = BoltAck()
    request_context.put(request.context, rt)
    return request


def a_listener_needing_its_requester(*, request: BoltRequest, response: BoltResponse) -> BoltResponse | None:
    requester(request.context)
    raise AssertionError("a request naming nobody has no requester")


def test_a_request_naming_no_person_is_acked_logged_and_answered_to_nobody(
    listener_rt: Runtime, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    body = p.block_actions(ids.FOLLOW, "1")
    del body["user"], body["message"]
    request = guarded_request(listener_rt, body)
    run = errors._guarded(listener_rt, a_listener_needing_its_requester)

    with caplog.at_level(logging.WARNING, logger="handlers.errors"):
        run(request=request, response=BoltResponse(status=200))

    assert request.context.ack.response is not None
    assert "names no workspace or person" in caplog.text
    assert fake_slack.calls == []
