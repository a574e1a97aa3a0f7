"""Calling one Bolt listener directly, with no Slack in between: a recording `ack` and a context as the
middleware makes it (`bot.slack.context`). The client is the fake Slack's, so what the listener
sends is recorded there as in the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from slack_bolt import BoltContext
from sqlalchemy import select

from bot.core import ids
from bot.core.db import Database
from bot.core.runtime import Runtime
from bot.ideas import pitches
from bot.ideas.data import IdeaData
from bot.slack import context as request_context
from handlers import pitch
from models.idea import Idea
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.harness import make_settings
from tests.support.pitching import pitch_values


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


@dataclass
class Respond:
    """Bolt's `respond` (an answer through the request's response_url), recording what it was given."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        if args:
            kwargs = {"text": args[0], **kwargs}
        self.calls.append(kwargs)

    @property
    def once(self) -> dict[str, Any]:
        """What the one answer said (an assertion error when there were more or fewer)."""
        assert len(self.calls) == 1, f"answered {len(self.calls)} times"
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


def pitched_idea(rt: Runtime, title: str = "Seed library", *, user_id: str = p.USER_ID) -> IdeaData:
    """An idea pitched through the pitch form's listener, its card posted in `p.CHANNEL_ID`."""
    form = p.view_submission(
        ids.PITCH_MODAL,
        pitch_values(title=title),
        private_metadata=f'{{"channel": "{p.CHANNEL_ID}"}}',
        user_id=user_id,
    )
    pitch.submit_pitch(Ack(), form["view"], rt.client, context_for(rt, user_id=user_id))
    with rt.db.read() as session:
        idea = pitches.get(
            session, p.TEAM_ID, session.scalars(select(Idea.id).where(Idea.title == title)).one()
        )
    if idea is None:
        raise AssertionError(f"no idea {title!r} was stored")
    return idea
