"""/thinktank: help, the member's own language (also from the App Home's menu), settings and figures."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.core import ids
from bot.core.i18n import available_languages, translator
from bot.core.weeks import Week
from bot.home.views import help as help_views
from bot.ideas.views import notices
from bot.members import roster
from bot.pulse import stats
from bot.pulse.views.stats import week_message
from bot.slack.context import Requester, requester
from handlers.gatherings import meet_command
from handlers.home import publish_home
from handlers.pairing import pair_command
from handlers.privacy import privacy_command
from handlers.report import report_command
from handlers.settings import open_settings

COMMAND = "/thinktank"
# Subcommands that take no words after them.
TAKES_NOTHING_MORE = ("stats", "meet", "privacy")


def register(app: App) -> None:
    app.command(COMMAND)(thinktank_command)
    app.action(ids.HOME_LANGUAGE)(language_from_home)


def thinktank_command(
    ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
) -> None:
    """/thinktank [help|settings|stats|report|meet|privacy|pair|language]: each answered where it lives."""
    who = requester(context)
    t = who.t
    words = (command.get("text") or "").split()
    sub = words[0].lower() if words else "help"
    if sub in TAKES_NOTHING_MORE and len(words) > 1:
        ack(text=help_views.takes_nothing_more(t, COMMAND, sub))
    elif sub == "help":
        ack(text=help_views.thinktank_help(t))
    elif sub == "settings":
        ack()
        open_settings(client, context, command["trigger_id"], respond)
    elif sub == "stats":
        # Reading the week's activity may take a moment: answer Slack first, then the member.
        ack()
        respond(response_type="ephemeral", replace_original=False, **_this_week(who))
    elif sub == "report":
        report_command(ack, context, respond, words[1:])
    elif sub == "meet":
        meet_command(who.rt, ack, client, context, command["trigger_id"])
    elif sub == "privacy":
        privacy_command(ack, context, respond)
    elif sub == "pair":
        pair_command(who.rt, ack, client, context, words[1:], command["trigger_id"])
    elif sub == "language":
        _language_command(ack, who, words)
    else:
        ack(text=help_views.unknown_subcommand(t, COMMAND, words[0]))


def _language_command(ack: Ack, who: Requester, words: list[str]) -> None:
    """`/thinktank language LANG`: the member's own language, confirmed in it."""
    language = words[1].lower() if len(words) == 2 else None
    if language is None or language not in available_languages():
        ack(text=help_views.language_usage(who.t))
        return
    _choose_language(who, language)
    ack(text=notices.language_changed(translator(language)))


def _choose_language(who: Requester, language: str) -> None:
    with who.db.session() as session:
        roster.choose_language(session, who.team_id, who.user_id, language)
    who.rt.prefs.forget(who.team_id, who.user_id)


def _this_week(who: Requester) -> dict[str, Any]:
    with who.db.read() as session:
        return week_message(who.t, stats.weekly(session, who.team_id, Week.current(who.settings.zone)))


def language_from_home(ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The App Home's language menu: the choice kept, and the Home tab drawn again in it."""
    ack()
    who = requester(context)
    language = (action.get("selected_option") or {}).get("value")
    if isinstance(language, str) and language in available_languages():
        _choose_language(who, language)
    publish_home(who.rt, client, who.team_id, who.user_id)
