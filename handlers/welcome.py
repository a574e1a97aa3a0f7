"""The welcome DM's language buttons: the choice holds at once, and the welcome is redrawn in it."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core import ids
from bot.core.i18n import available_languages
from bot.ideas.posting import replace_message
from bot.members import roster
from bot.members.welcome_run import message_for
from bot.slack.context import requester


def register(app: App) -> None:
    app.action(re.compile(rf"^{ids.WELCOME_LANGUAGE}:"))(choose_language)


def choose_language(
    ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """A language button under the welcome DM."""
    ack()
    language = action.get("value")
    if not isinstance(language, str) or language not in available_languages():
        return  # a forged or outdated button changes nothing
    who = requester(context)
    with who.db.session() as session:
        roster.choose_language(session, who.team_id, who.user_id, language)
    who.rt.prefs.forget(who.team_id, who.user_id)
    replace_message(client, body, message_for(who.rt, who.team_id, who.user_id))
