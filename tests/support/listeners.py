"""Calling one Bolt listener directly, with no Slack in between: a recording `ack` and a context as the
middleware makes it (`bot.slack.context`). The client is the fake Slack's, so what the listener
sends is recorded there as in the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from slack_bolt import BoltContext

from bot.core.db import Database
from bot.core.runtime import Runtime
from bot.slack import context as request_context
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.harness import make_settings


@dataclass
class Ack:
    """Bolt's `ack`, recording what it was given."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        if args:
            kwargs = {"text": args[0], **kwargs}
        self.calls.append(kwargs)

    @property
    def once(self) -> dict[str, Any]:
        """What the one ack said (an assertion error when it was called more or less than once)."""
        assert len(self.calls) == 1, f"acked {len(self.calls)} times"
        return self.calls[0]


def context_for(rt: Runtime, *, team_id: str = p.TEAM_ID, user_id: str | None = p.USER_ID) -> BoltContext:
    """The context the middleware gives a request from `user_id` of `team_id`."""
    context = BoltContext({"team_id": team_id, "user_id": user_id, "client": rt.client})
    request_context.put(context, rt)
    return context


@pytest.fixture
def listener_rt(db: Database, fake_slack: FakeSlack) -> Iterator[Runtime]:
    """A runtime on the test's database and fake Slack, with no Bolt app and no server."""
    rt = Runtime.create(make_settings(fake_slack, db.url, socket_mode=False), db)
    try:
        yield rt
    finally:
        rt.close()
