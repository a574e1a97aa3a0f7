"""/idea: the community's latest ideas."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import ideas
from bot.runtime import Runtime
from bot.views import help as help_views

LATEST = 5


def register(app: App, rt: Runtime) -> None:
    @app.command("/idea")
    def idea_command(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        t = rt.prefs.translator(context.team_id, context.user_id)
        words = (command.get("text") or "").split()
        if words:
            ack(text=help_views.idea_unknown(t, words[0]))
            return
        with rt.db.read() as session:
            latest = ideas.latest(session, context.team_id, limit=LATEST)
        ack(text=help_views.idea_help(t, latest))
