"""The Slack side of an experiment's learning: the daily ask to authors whose learning is due, and
after a learning is shared, its post in the learnings channel and the experiment's card redrawn.

Both the ask and the post happen once (`bot.slack.effects`): claimed in the database first, released
only when Slack surely did not take them, kept when nobody can tell.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import select

from bot.core.runtime import Runtime
from bot.core.working_hours import in_working_hours, zone_named
from bot.ideas import learning, pitches
from bot.ideas.data import IdeaData
from bot.ideas.learning import Shared
from bot.ideas.posting import announce_move, message_permalink, permalink, refresh_card, tell
from bot.ideas.views import learning as views
from bot.pairing.learnings import record_learning_post
from bot.pairing.views.replies import learning_not_posted
from bot.slack import effects
from models import Member, utcnow

log = logging.getLogger(__name__)


@dataclass
class AskReport:
    asked: list[int] = field(default_factory=list)
    # Slack surely did not take these: asked again at the next run.
    not_sent: list[int] = field(default_factory=list)


def ask_due(rt: Runtime, client: WebClient, team_id: str, now: datetime | None = None) -> AskReport:
    """DM each author whose experiment's learning is due today or before and who has not been asked
    yet, with a button to share it: in the author's own working hours and their own today (their
    Slack zone, else the workspace's), so nobody is asked at night or on a weekend."""
    now = now or utcnow()
    workspace_zone = rt.prefs.workspace(team_id).zone
    # A day ahead of the workspace: an author further east may already be in the day it is due.
    with rt.db.read() as session:
        due = learning.due_for_asking(session, team_id, (now + timedelta(days=1)).date())
        authors = {idea.author_id for idea in due if idea.author_id}
        rows = session.execute(
            select(Member.user_id, Member.timezone).where(
                Member.team_id == team_id, Member.user_id.in_(authors)
            )
        )
        zones = {user_id: timezone for user_id, timezone in rows}
    report = AskReport()
    for idea in due:
        if idea.author_id is None:  # the query leaves erased authors out; this says so to mypy
            continue
        zone = zone_named(zones.get(idea.author_id), workspace_zone)
        if idea.learning_due is None or idea.learning_due > now.astimezone(zone).date():
            continue
        if not in_working_hours(now, zone):
            continue  # an hourly run asks them within their working hours
        delivery = _ask(rt, client, idea, idea.author_id, now)
        if delivery is None:
            continue
        (report.asked if not delivery.surely_not_sent else report.not_sent).append(idea.id)
    return report


def _ask(
    rt: Runtime, client: WebClient, idea: IdeaData, author_id: str, now: datetime
) -> effects.Delivery | None:
    team_id = idea.team_id
    message = views.ask_dm(rt.prefs.translator(team_id, author_id), idea, permalink(client, idea))
    delivery = effects.claim_send_confirm(
        rt.db,
        claim=lambda session: learning.claim_ask(session, team_id=team_id, idea_id=idea.id, now=now),
        send=lambda: client.chat_postMessage(channel=author_id, unfurl_links=False, **message),
        release=lambda session: learning.release_ask(
            session, team_id=team_id, idea_id=idea.id, claimed_at=now
        ),
    )
    if delivery is not None and not delivery.sent:
        log.warning("learning ask for #%s of %s: %s", idea.number, team_id, delivery.error)
    return delivery


def after_sharing(rt: Runtime, client: WebClient, shared: Shared, *, by_user_id: str) -> None:
    """The learning posted once in the learnings channel (when one is set), then the card redrawn
    with it, and the author and followers told of the step."""
    idea, learning_id = shared.idea, shared.learning_id
    if idea is None or learning_id is None:
        return
    channel_id = rt.prefs.workspace(idea.team_id).learnings_channel
    if channel_id:
        post(rt, client, idea, learning_id, by_user_id=by_user_id, channel_id=channel_id)
    with rt.db.read() as session:
        current = pitches.get(session, idea.team_id, idea.id) or idea
    if shared.moved is not None:
        announce_move(rt, client, replace(shared.moved, idea=current))
    else:
        refresh_card(rt, client, current)


def post(
    rt: Runtime, client: WebClient, idea: IdeaData, learning_id: int, *, by_user_id: str, channel_id: str
) -> effects.Delivery | None:
    """Post the learning in `channel_id` once; the sharer hears when Slack refuses."""
    team_id = idea.team_id
    with rt.db.read() as session:
        current = pitches.get(session, team_id, idea.id)
    shared = current.learning if current is not None else None
    if current is None or shared is None:
        return None
    message = views.learning_post(
        rt.prefs.workspace_translator(team_id),
        current,
        shared,
        by_user_id=by_user_id,
        link=message_permalink(client, current.channel_id, current.message_ts),
    )
    delivery = effects.claim_send_confirm(
        rt.db,
        claim=lambda session: learning.claim_post(
            session, team_id=team_id, learning_id=learning_id, now=utcnow()
        ),
        send=lambda: client.chat_postMessage(
            channel=channel_id, unfurl_links=False, unfurl_media=False, **message
        ),
        release=lambda session: learning.release_post(session, team_id=team_id, learning_id=learning_id),
        confirm=lambda session, response: record_learning_post(
            session, team_id, learning_id, str(response["channel"]), str(response["ts"])
        ),
    )
    if delivery is not None and delivery.surely_not_sent:
        log.warning("learning %s not posted to %s: %s", learning_id, channel_id, delivery.error)
        t = rt.prefs.translator(team_id, by_user_id)
        tell(client, by_user_id, {"text": learning_not_posted(t, channel_id, delivery.error)})
    return delivery
