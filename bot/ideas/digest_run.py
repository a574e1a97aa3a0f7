"""The daily digest run (Slack side): one DM a day per follower with what is new in what they follow.

Called hourly by the scheduler. A follower hears only on a weekday between 09:00 and 17:00 in their
own zone (else the workspace's), at most once a day, and only when something is new. Each digest
is claimed in `feed_digests` before it is sent (`bot.slack.effects`): two runs at once, a retry or
a restart never send a second one, a refusal frees the day for the next run, and an outcome nobody
can tell keeps the claim rather than risk a second copy.

Slack's rate limits: DMs go to different channels, so chat.postMessage's one per second per
channel is no limit here; the client waits out every 429's Retry-After itself
(`bot.slack.client`). Should Slack still refuse for rate limits, the run stops and leaves the rest
to the next hour, which is still within the day.
"""

from __future__ import annotations

import enum
import logging
from datetime import datetime

from slack_sdk import WebClient

from bot.core.runtime import Runtime
from bot.core.working_hours import in_working_hours
from bot.ideas import digests, feed
from bot.ideas.digests import Follower
from bot.ideas.views import feed as feed_views
from bot.slack.effects import claim_send_confirm
from models import utcnow

log = logging.getLogger(__name__)


class Outcome(enum.Enum):
    SENT = "sent"
    NOTHING_NEW = "nothing_new"
    ALREADY = "already"
    NOT_SENT = "not_sent"
    MAYBE_SENT = "maybe_sent"
    RATE_LIMITED = "rate_limited"


def send_digests(rt: Runtime, team_id: str, now: datetime | None = None) -> int:
    """Send the digests due now in the workspace; how many went out."""
    now = now or utcnow()
    client = rt.client_for(team_id)
    if client is None:
        return 0
    with rt.db.session() as session:
        digests.forget_old(session, team_id=team_id, now=now)
    with rt.db.read() as session:
        people = digests.followers(session, team_id=team_id, now=now, zone=rt.prefs.workspace(team_id).zone)
        newest = digests.latest_news(session, team_id)
    if newest is None:
        return 0
    due = [
        person
        for person in people
        if newest > person.since and in_working_hours(now, person.zone) and not person.had_one_today(now)
    ]
    sent = 0
    for person in due:
        outcome = send_one(rt, client, team_id, person, now)
        if outcome is Outcome.SENT:
            sent += 1
        elif outcome is Outcome.RATE_LIMITED:
            log.warning("feed digests of %s rate limited: the rest wait for the next run", team_id)
            break
    return sent


def send_one(rt: Runtime, client: WebClient, team_id: str, person: Follower, now: datetime) -> Outcome:
    """One follower's digest: read, claim, send, confirm (or release)."""
    with rt.db.read() as session:
        found = feed.feed_of(
            session,
            team_id=team_id,
            user_id=person.user_id,
            since=person.since,
            until=now,
            limit=feed.DIGEST_ITEMS,
        )
    if not found.items:
        return Outcome.NOTHING_NEW
    message = feed_views.digest_message(rt.prefs.translator(team_id, person.user_id), found)
    key = digests.Day(team_id, person.user_id, person.day(now))
    delivery = claim_send_confirm(
        rt.db,
        # The claim's moment is where the next digest begins: `now` is also where this one ended.
        claim=lambda session: digests.claim(session, key, now=now, items=found.total),
        send=lambda: client.chat_postMessage(channel=person.user_id, unfurl_links=False, **message),
        release=lambda session: digests.release(session, key),
        confirm=lambda session, _response: digests.confirm(session, key),
    )
    if delivery is None:
        return Outcome.ALREADY
    if delivery.sent:
        return Outcome.SENT
    if delivery.rate_limited:
        return Outcome.RATE_LIMITED
    if delivery.surely_not_sent:
        log.warning("feed digest for %s of %s not sent: %s", person.user_id, team_id, delivery.error)
        return Outcome.NOT_SENT
    log.warning(
        "feed digest for %s of %s may not have arrived (%s); not sent again today",
        person.user_id,
        team_id,
        delivery.error,
    )
    return Outcome.MAYBE_SENT
