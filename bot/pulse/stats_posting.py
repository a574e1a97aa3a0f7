"""The weekly stats post: claim the week, post the figures, attach the chart.

The figures come from `bot.pulse.stats`, the words from `bot.pulse.views.stats`, the claim from
`bot.pulse.stats_claims`; this module is the Slack side of it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import weeks, workspace_settings
from bot.core.db import Database
from bot.core.i18n import Translator, operator_translator, translator
from bot.core.weeks import Week
from bot.ideas.posting import dm_at_most_once, message_permalink
from bot.ideas.views.notices import unconfirmed_stats_dm
from bot.members import roster
from bot.pulse import chart, checkins, period_report, stats, stats_claims
from bot.pulse.views.stats import IdeaLink, chart_description, stats_not_posted, week_message
from bot.slack.effects import deliver, settle
from models import utcnow

log = logging.getLogger(__name__)

NO_CHANNEL = "no_channel"
UNCONFIRMED = "unconfirmed"
# A claim older than this with no confirmation was left by a post that was cut short, not by one
# under way (a post with its chart takes seconds).
POSTING_TAKES_AT_MOST = timedelta(minutes=10)


@dataclass(frozen=True)
class Outcome:
    week: str
    channel_id: str | None
    # "posted", "already_posted", "claimed_unconfirmed", "unconfirmed", "no_channel", or Slack's
    # refusal (the claim then released).
    result: str
    message_ts: str | None = None
    # For "claimed_unconfirmed": when the claim in the way was taken.
    claimed_at: datetime | None = None

    @property
    def posted(self) -> bool:
        return self.result == "posted"

    @property
    def refused(self) -> bool:
        """Not posted for a reason the operator can mend (no channel, bot not in it, …)."""
        return self.result not in ("posted", "already_posted", "claimed_unconfirmed", UNCONFIRMED)


def post_week(
    db: Database, client: WebClient, team_id: str, week: Week | None = None, *, force: bool = False
) -> Outcome:
    """Post a week's figures (default: the week the schedule last made due) to `stats_channel`, once."""
    with db.read() as session:
        settings = workspace_settings.load(session, team_id)
    week = week or weeks.week_due(settings.stats_schedule, settings.zone)
    channel = settings.stats_channel
    t = translator(settings.language)
    if channel is None:
        return Outcome(week.label, None, NO_CHANNEL)
    # Everything that can fail before Slack is asked comes before the claim: a claim is only ever
    # left behind by a post that may really have gone out.
    with db.read() as session:
        figures = stats.weekly(session, team_id, week)
        previous = stats.weekly(session, team_id, week.previous())
        new_ideas = stats.new_ideas_of(session, team_id, week)
        points = stats.chart_series(session, team_id, week)
        news = checkins.news_of(session, team_id=team_id, week=week.label)
        community = period_report.community_name(session, team_id, settings)
    links = [IdeaLink(idea.number, idea.title, _permalink(client, idea)) for idea in new_ideas]
    message = week_message(t, figures, previous, links, news, community)
    with db.session() as session:
        existing = stats_claims.claim(
            session, team_id=team_id, week=week.label, channel_id=channel, force=force
        )
    if existing is not None:
        result = "already_posted" if existing.posted_at else "claimed_unconfirmed"
        return Outcome(week.label, channel, result, claimed_at=existing.claimed_at)
    delivery = deliver(
        lambda: client.chat_postMessage(channel=channel, unfurl_links=False, unfurl_media=False, **message)
    )
    # Slack said no, so nothing was posted: a later run (or the operator) may try again. Slack failed
    # on its side, or the connection broke: the message may be in the channel, so the claim stays.
    settle(
        db,
        delivery,
        release=lambda session: stats_claims.release(
            session, team_id=team_id, week=week.label, channel_id=channel
        ),
        confirm=lambda session, response: stats_claims.confirm(
            session, team_id=team_id, week=week.label, channel_id=channel, message_ts=response.get("ts")
        ),
    )
    if delivery.surely_not_sent:
        return Outcome(week.label, channel, delivery.error)
    if delivery.maybe_sent:
        return _unconfirmed(week, channel, delivery.error)
    ts = delivery.response_value("ts")
    _attach_chart(client, channel, t, week, points)
    log.info("posted the weekly stats %s of %s to %s", week.label, team_id, channel)
    return Outcome(week.label, channel, "posted", ts)


def left_unconfirmed(outcome: Outcome, now: datetime | None = None) -> bool:
    """Whether the week's post may or may not be in the channel and nobody is at it any more: Slack
    failed on this run, or an earlier claim was never confirmed (the process was killed mid-post)."""
    if outcome.result == UNCONFIRMED:
        return True
    return (
        outcome.result == "claimed_unconfirmed"
        and outcome.claimed_at is not None
        and (now or utcnow()) - outcome.claimed_at > POSTING_TAKES_AT_MOST
    )


def report_unconfirmed(db: Database, client: WebClient, team_id: str, outcome: Outcome) -> list[str]:
    """Say loudly that a week's post was left unconfirmed, and tell the workspace's admins once, in
    their language, with the fix; returns who was told (none when they were told before)."""
    if outcome.channel_id is None:
        raise ValueError("only a post to a channel is left unconfirmed")
    log.error(
        "weekly stats %s of %s: %s",
        outcome.week,
        team_id,
        stats_not_posted(operator_translator(), outcome.channel_id, UNCONFIRMED, outcome.week),
    )
    with db.session() as session:
        admins = roster.admins(session, team_id)
        if not admins:
            # The one notice is kept for when there is an admin to tell (a later run will find one).
            log.error("workspace %s has no admin known to tell about the unconfirmed weekly post", team_id)
            return []
        if not stats_claims.claim_notice(
            session, team_id=team_id, week=outcome.week, channel_id=outcome.channel_id
        ):
            return []
        language = workspace_settings.load(session, team_id).language
    with db.read() as session:
        languages = roster.languages_of(session, team_id, admins, language)
    told = []
    for user_id in admins:
        t = translator(languages[user_id])
        if dm_at_most_once(
            client, user_id, {"text": unconfirmed_stats_dm(t, outcome.channel_id, outcome.week)}
        ):
            told.append(user_id)
    return told


def claims_left_behind(db: Database, now: datetime | None = None) -> list[tuple[str, Outcome]]:
    """(team, outcome) of every claim left unconfirmed, whatever the week (see `unconfirmed_claims`)."""
    with db.read() as session:
        claims = stats_claims.left_behind(session, (now or utcnow()) - POSTING_TAKES_AT_MOST)
    return [(team_id, Outcome(week, channel_id, UNCONFIRMED)) for team_id, week, channel_id in claims]


def _unconfirmed(week: Week, channel: str, error: str) -> Outcome:
    log.error("%s (%s)", stats_not_posted(operator_translator(), channel, UNCONFIRMED, week.label), error)
    return Outcome(week.label, channel, UNCONFIRMED)


def _attach_chart(
    client: WebClient, channel: str, t: Translator, week: Week, points: list[stats.WeekPoint]
) -> None:
    try:
        png = chart.render(points, t)
        client.files_upload_v2(
            channel=channel,
            file=png,
            filename=f"thinktank-{week.label}.png",
            title=t.gettext("Think Tank, the last 12 weeks to %(week)s") % {"week": week.label},
            alt_txt=chart_description(t, points),
            # files.info would need the files:read scope, and the answer is not needed.
            request_file_info=False,
        )
    except SlackApiError as exc:
        log.warning("the chart for %s was not attached: %s", week.label, exc.response.get("error"))
    except Exception:
        log.exception("the chart for %s was not attached", week.label)


def _permalink(client: WebClient, idea: stats.NewIdea) -> str | None:
    try:
        return message_permalink(client, idea.channel_id, idea.message_ts)
    except Exception:
        # The idea is listed without its link rather than the week not posted.
        log.warning("no link for idea #%s", idea.number, exc_info=True)
        return None
