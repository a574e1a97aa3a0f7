"""Bolt listeners, one module per feature; each has `register(app, rt)`."""

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
    errors.register(app, rt)
    # Events first: they are most of what Slack sends, and Bolt tries listeners in this order.
    for module in (
        events,
        pitch,
        responses,
        idea,
        settings,
        thinktank,
        facilitation,
        pairing,
        privacy,
        report,
        gatherings,
        welcome,
        home,
    ):
        module.register(app, rt)
    # Last, once every listener is there: each one's failures are answered by the one handler.
    errors.guard_listeners(app, rt)
