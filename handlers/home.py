"""The App Home tab, published in the member's language when they open it, and its buttons for what the
member follows (the themes menu, Unfollow)."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.core import ids
from bot.core.i18n import Translator
from bot.core.runtime import Runtime
from bot.core.weeks import Week
from bot.facilitation import attention, reminders
from bot.facilitation.views.blocks import home_section
from bot.home.views.home import home_view
from bot.ideas import feed, pitches, queries, topics
from bot.ideas.views import feed as feed_views
from bot.members import roster
from bot.pairing import status as pairing_status
from bot.pairing.views.home import home_section as pairing_section
from bot.pulse import checkins, stats
from bot.slack.context import Requester, requester
from models import utcnow

log = logging.getLogger(__name__)

LATEST = 5
# A Home tab holds at most 100 blocks: ten items (two blocks each) and ten ideas leave room.
FACILITATOR_ITEMS = 10
# The feed on Home: what is new in the last week.
FEED_REACH = timedelta(days=7)


def build_home(rt: Runtime, team_id: str, user_id: str) -> dict[str, Any]:
    """A few short, indexed queries whatever the number of ideas and rounds (and a few more for
    facilitators): the view stays quick to build."""
    t = rt.prefs.translator(team_id, user_id)
    settings = rt.prefs.workspace(team_id)
    now = utcnow()
    with rt.db.read() as session:
        latest = pitches.latest(session, team_id, limit=LATEST)
        pairing_blocks = pairing_section(
            t, pairing_status.status(session, team_id, user_id, settings, now), settings.zone, now
        )
        followed_topics = topics.followed(session, team_id=team_id, user_id=user_id)
        news = feed.feed_of(
            session,
            team_id=team_id,
            user_id=user_id,
            since=now - FEED_REACH,
            until=now,
            limit=feed.HOME_ITEMS,
            followed=followed_topics,
        )
        mine = queries.authored_by(session, team_id, user_id, limit=LATEST).ideas
        followed = queries.followed_by(session, team_id, user_id, limit=LATEST).ideas
        facilitating = (
            _facilitator_blocks(rt, session, t, team_id, user_id)
            if roster.is_facilitator(session, team_id, user_id)
            else None
        )
    following = feed_views.home_section(t, news, followed_topics, settings.themes)
    return home_view(t, latest, mine, followed, facilitating, pairing_blocks, following)


def _facilitator_blocks(
    rt: Runtime, session: Session, t: Translator, team_id: str, user_id: str
) -> list[dict[str, Any]]:
    now = utcnow()
    settings = rt.prefs.workspace(team_id)
    week = Week.current(settings.zone, now)
    # The check-in button shows from the week's check-in moment on, as the DM does.
    asked = checkins.week_to_ask(settings, now) is not None
    return home_section(
        t,
        items=attention.open_items_of(session, team_id, user_id, limit=FACILITATOR_ITEMS),
        assigned=attention.assigned_to(session, team_id, user_id, limit=FACILITATOR_ITEMS),
        figures=stats.weekly(session, team_id, week),
        checkin_week=week.label if asked else None,
        answered=checkins.answer_of(session, team_id, week.label, user_id) is not None,
        now=now,
        zone=reminders.member_zone(session, team_id, user_id),
        viewer=user_id,
    )


def publish_home(rt: Runtime, client: WebClient, team_id: str, user_id: str) -> None:
    try:
        client.views_publish(user_id=user_id, view=build_home(rt, team_id, user_id))
    except SlackApiError as exc:
        log.warning("could not publish the Home tab for %s: %s", user_id, exc.response.get("error"))


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
    app.action(ids.HOME_FOLLOW_THEMES)(follow_themes)
    # One id per button of an actions block (`feed_views.unfollow_action_id`).
    app.action(re.compile(rf"^{ids.HOME_UNFOLLOW_TOPIC}(:\d+)?$"))(unfollow_topic)


def home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The member opened the App Home: its Home tab drawn afresh (its Messages tab needs nothing)."""
    if event.get("tab", "home") == "home":
        # Bolt reads the requester of this event from `event.user`, the member who opened it.
        who = requester(context)
        publish_home(who.rt, client, who.team_id, who.user_id)


def follow_themes(ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The Home tab's themes menu changed: follow what is chosen, unfollow what is not (only the
    workspace's themes; anything else in the payload changes nothing)."""
    ack()
    who = requester(context)
    options = action.get("selected_options")
    chosen = [o.get("value") for o in options if isinstance(o, dict)] if isinstance(options, list) else []
    with who.db.session() as session:
        feed.follow_themes(
            session,
            team_id=who.team_id,
            user_id=who.user_id,
            wanted=[value for value in chosen if isinstance(value, str)],
            themes=who.settings.themes,
        )
    _republish(who, client)


def unfollow_topic(ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """An Unfollow button on the Home tab; a key the member does not follow changes nothing."""
    ack()
    who = requester(context)
    key = action.get("value")
    if isinstance(key, str):
        with who.db.session() as session:
            feed.unfollow_key(session, team_id=who.team_id, user_id=who.user_id, key=key)
    _republish(who, client)


def _republish(who: Requester, client: WebClient) -> None:
    publish_home(who.rt, client, who.team_id, who.user_id)
