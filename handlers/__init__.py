"""Bolt listeners, one module per feature: module-level listeners and a `register(app)` route table.

A listener reads the runtime and who is asking from Bolt's context (`bot.slack.context`), so a test
can call it with a recording `ack` and a context it made (`tests/support/listeners.py`).
"""

from __future__ import annotations

from slack_bolt import App

from bot.core.runtime import Runtime
from handlers import (
    errors,
    events,
    facilitation,
    gatherings,
    home,
    idea,
    learning,
    pairing,
    pitch,
    privacy,
    report,
    responses,
    settings,
    thinktank,
    welcome,
)


def register_all(app: App, rt: Runtime) -> None:
    # One error handler for every listener: nobody is left without an answer.
    errors.register(app)
    # Events first: they are most of what Slack sends, and Bolt tries listeners in this order.
    events.register(app)
    pitch.register(app)
    responses.register(app)
    idea.register(app)
    learning.register(app)
    settings.register(app)
    thinktank.register(app)
    facilitation.register(app)
    pairing.register(app)
    privacy.register(app)
    report.register(app)
    gatherings.register(app)
    welcome.register(app)
    home.register(app)
    # Last, once every listener is there: each one's failures are answered by the one handler.
    errors.guard_listeners(app, rt)
