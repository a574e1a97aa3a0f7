"""The App Home tab, published in the member's language when they open it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import idea_queries, ideas
from bot.runtime import Runtime
from bot.views.home import home_view

log = logging.getLogger(__name__)

LATEST = 5


def build_home(rt: Runtime, team_id: str, user_id: str) -> dict[str, Any]:
    """Three short, indexed queries whatever the number of ideas: the view stays quick to build."""
    with rt.db.read() as session:
        latest = ideas.latest(session, team_id, limit=LATEST)
        mine = idea_queries.authored_by(session, team_id, user_id, limit=LATEST).ideas
        followed = idea_queries.followed_by(session, team_id, user_id, limit=LATEST).ideas
    return home_view(rt.prefs.translator(team_id, user_id), latest, mine, followed)


def publish_home(rt: Runtime, client: WebClient, team_id: str, user_id: str) -> None:
    try:
        client.views_publish(user_id=user_id, view=build_home(rt, team_id, user_id))
    except SlackApiError as exc:
        log.warning("could not publish the Home tab for %s: %s", user_id, exc.response.get("error"))


def register(app: App, rt: Runtime) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("tab", "home") == "home":
            publish_home(rt, client, context.team_id, event["user"])
