"""/thinktank: help, the member's own language (also from the App Home's menu), settings and figures."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.core import ids
from bot.core.i18n import Translator, available_languages, translator
from bot.core.runtime import Runtime
from bot.core.weeks import Week
from bot.home.views import help as help_views
from bot.ideas.views import notices
from bot.members import roster
from bot.pulse import stats
from bot.pulse.views.stats import week_message
from handlers.gatherings import meet_command
from handlers.home import publish_home
from handlers.pairing import pair_command
from handlers.privacy import privacy_command
from handlers.report import report_command
from handlers.settings import open_settings

COMMAND = "/thinktank"


def register(app: App, rt: Runtime) -> None:
    def choose_language(team_id: str, user_id: str, language: str) -> None:
        with rt.db.session() as session:
            roster.choose_language(session, team_id, user_id, language)
        rt.prefs.forget(team_id, user_id)

    @app.command(COMMAND)
    def thinktank_command(
        ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        words = (command.get("text") or "").split()
        sub = words[0].lower() if words else "help"
        if sub == "help":
            ack(text=help_views.thinktank_help(t))
        elif sub == "settings":
            ack()
            open_settings(rt, client, context, command["trigger_id"], respond)
        elif sub == "stats" and len(words) > 1:
            ack(text=help_views.takes_nothing_more(t, COMMAND, sub))
        elif sub == "stats":
            # Reading the week's activity may take a moment: answer Slack first, then the member.
            ack()
            respond(response_type="ephemeral", replace_original=False, **this_week(team_id, t))
        elif sub == "report":
            report_command(rt, ack, context, respond, words[1:])
        elif sub == "meet" and len(words) > 1:
            ack(text=help_views.takes_nothing_more(t, COMMAND, sub))
        elif sub == "meet":
            meet_command(rt, ack, client, context, command["trigger_id"])
        elif sub == "privacy" and len(words) > 1:
            ack(text=help_views.takes_nothing_more(t, COMMAND, sub))
        elif sub == "privacy":
            privacy_command(rt, ack, context, respond)
        elif sub == "pair":
            pair_command(rt, ack, client, context, words[1:], command["trigger_id"])
        elif sub == "language":
            language = words[1].lower() if len(words) == 2 else None
            if language not in available_languages():
                ack(text=help_views.language_usage(t))
                return
            choose_language(team_id, user_id, language)
            ack(text=notices.language_changed(translator(language)))
        else:
            ack(text=help_views.unknown_subcommand(t, COMMAND, words[0]))

    def this_week(team_id: str, t: Translator) -> dict[str, Any]:
        zone = rt.prefs.workspace(team_id).zone
        with rt.db.read() as session:
            return week_message(t, stats.weekly(session, team_id, Week.current(zone)))

    @app.action(ids.HOME_LANGUAGE)
    def language_from_home(ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        language = (action.get("selected_option") or {}).get("value")
        if language in available_languages():
            choose_language(context.team_id, context.user_id, language)
        publish_home(rt, client, context.team_id, context.user_id)
