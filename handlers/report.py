"""`/thinktank report [FROM] [TO]` and its **Post to channel** button (facilitators)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.core import ids, weeks
from bot.core.runtime import Runtime
from bot.core.weeks import PeriodError
from bot.facilitation.views.blocks import facilitators_only
from bot.home.views import help as help_views
from bot.members import roster
from bot.pulse import report_posting, stats
from bot.pulse.report_claims import PeriodKey
from bot.pulse.views.stats import report_button_unreadable, report_message, report_not_posted, report_posted
from models import utcnow


def report_command(rt: Runtime, ack: Ack, context: BoltContext, respond: Respond, words: list[str]) -> None:
    team_id, user_id = context.team_id, context.user_id
    t = rt.prefs.translator(team_id, user_id)
    zone = rt.prefs.workspace(team_id).zone
    if len(words) > 2:
        ack(text=help_views.report_usage(t, PeriodError(words[2])))
        return
    try:
        today = utcnow().astimezone(zone).date()
        first, last = weeks.parse_period(
            words[0] if words else None, words[1] if len(words) > 1 else None, zone, today
        )
    except PeriodError as problem:
        ack(text=help_views.report_usage(t, problem))
        return
    # Reading a year of activity may take a moment: answer Slack first, then the member.
    ack()
    with rt.db.read() as session:
        figures = stats.report(session, team_id, zone, first=first, last=last)
        may_post = roster.is_facilitator(session, team_id, user_id)
    post_value = str(PeriodKey(first, last)) if may_post and figures["since"] is not None else None
    respond(response_type="ephemeral", replace_original=False, **report_message(t, figures, post_value))


def register(app: App, rt: Runtime) -> None:
    @app.action(ids.REPORT_POST)
    def post_report(
        ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        try:
            period = PeriodKey.parse(action.get("value") or "")
        except ValueError:
            # Not a value our button carries: say so and post nothing.
            respond(response_type="ephemeral", replace_original=False, text=report_button_unreadable(t))
            return
        with rt.db.read() as session:
            allowed = roster.is_facilitator(session, team_id, user_id)
        if not allowed:
            respond(response_type="ephemeral", replace_original=False, text=facilitators_only(t))
            return
        outcome = report_posting.post_report(rt.db, client, team_id, period)
        if outcome.posted:
            text = report_posted(t, outcome.channel_id or "")
        else:
            text = report_not_posted(t, outcome.channel_id, outcome.result)
        respond(response_type="ephemeral", replace_original=False, text=text)
