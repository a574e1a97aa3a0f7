"""Bolt listeners, one module per feature; each has `register(app, rt)`."""

from __future__ import annotations

from slack_bolt import App

from bot.runtime import Runtime
from handlers import events, home, idea, pitch, responses, settings, thinktank


def register_all(app: App, rt: Runtime) -> None:
    for module in (pitch, responses, idea, settings, thinktank, home, events):
        module.register(app, rt)
