"""The welcome DM's language buttons: the choice holds at once, and the welcome is redrawn in it."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core import ids
from bot.core.i18n import available_languages
from bot.core.runtime import Runtime
from bot.ideas.posting import replace_message
from bot.members import roster
from bot.members.welcome_run import message_for


def register(app: App, rt: Runtime) -> None:
    @app.action(re.compile(rf"^{ids.WELCOME_LANGUAGE}:"))
    def choose_language(
        ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        language = action.get("value")
        if language not in available_languages():
            return  # a forged or outdated button changes nothing
        team_id, user_id = context.team_id, context.user_id
        with rt.db.session() as session:
            roster.choose_language(session, team_id, user_id, language)
        rt.prefs.forget(team_id, user_id)
        replace_message(client, body, message_for(rt, team_id, user_id))
