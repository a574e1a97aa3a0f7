"""The App Home tab, published in the member's language when they open it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.core.i18n import Translator
from bot.core.runtime import Runtime
from bot.core.weeks import Week
from bot.facilitation import attention, reminders
from bot.facilitation.views.blocks import home_section
from bot.home.views.home import home_view
from bot.ideas import pitches, queries
from bot.members import roster
from bot.pairing import status as pairing_status
from bot.pairing.views.home import home_section as pairing_section
from bot.pulse import checkins, stats
from bot.slack.context import requester
from models import utcnow

log = logging.getLogger(__name__)

LATEST = 5
# A Home tab holds at most 100 blocks: ten items (two blocks each) and ten ideas leave room.
FACILITATOR_ITEMS = 10


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
        mine = queries.authored_by(session, team_id, user_id, limit=LATEST).ideas
        followed = queries.followed_by(session, team_id, user_id, limit=LATEST).ideas
        facilitating = (
            _facilitator_blocks(rt, session, t, team_id, user_id)
            if roster.is_facilitator(session, team_id, user_id)
            else None
        )
    return home_view(t, latest, mine, followed, facilitating, pairing_blocks)


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


def home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The member opened the App Home: its Home tab drawn afresh (its Messages tab needs nothing)."""
    if event.get("tab", "home") == "home":
        # Bolt reads the requester of this event from `event.user`, the member who opened it.
        who = requester(context)
        publish_home(who.rt, client, who.team_id, who.user_id)
