"""`/thinktank report [FROM] [TO]` and its **Post to channel** button (facilitators)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.core import ids, weeks
from bot.core.weeks import PeriodError
from bot.facilitation.views.blocks import facilitators_only
from bot.home.views import help as help_views
from bot.members import roster
from bot.pulse import period_report, report_posting
from bot.pulse.report_claims import PeriodKey
from bot.pulse.views.report import (
    report_button_unreadable,
    report_message,
    report_not_posted,
    report_posted,
    report_posted_without_picture,
)
from bot.slack.context import requester
from models import utcnow


def register(app: App) -> None:
    app.action(ids.REPORT_POST)(post_report)


def report_command(ack: Ack, context: BoltContext, respond: Respond, words: list[str]) -> None:
    """`/thinktank report [FROM] [TO]` (`words` are what follows `report`), dispatched by
    `handlers.thinktank`: the period's figures, shown to the asker only."""
    who = requester(context)
    t, zone = who.t, who.settings.zone
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
    with who.db.read() as session:
        figures = period_report.report(session, who.team_id, zone, first=first, last=last)
        may_post = roster.is_facilitator(session, who.team_id, who.user_id)
    post_value = str(PeriodKey(first, last)) if may_post and figures["since"] is not None else None
    respond(response_type="ephemeral", replace_original=False, **report_message(t, figures, post_value))


def post_report(
    ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
) -> None:
    """**Post to channel** under a report: the period's card in the stats channel (facilitators)."""
    ack()
    who = requester(context)
    t = who.t
    try:
        period = PeriodKey.parse(action.get("value") or "")
    except ValueError:
        # Not a value our button carries: say so and post nothing.
        respond(response_type="ephemeral", replace_original=False, text=report_button_unreadable(t))
        return
    with who.db.read() as session:
        allowed = roster.is_facilitator(session, who.team_id, who.user_id)
    if not allowed:
        respond(response_type="ephemeral", replace_original=False, text=facilitators_only(t))
        return
    outcome = report_posting.post_report(who.db, client, who.team_id, period)
    if outcome.posted and outcome.picture_missing:
        text = report_posted_without_picture(t, outcome.channel_id or "")
    elif outcome.posted:
        text = report_posted(t, outcome.channel_id or "")
    else:
        text = report_not_posted(t, outcome.channel_id, outcome.result)
    respond(response_type="ephemeral", replace_original=False, text=text)
