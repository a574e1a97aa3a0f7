"""The pitch card's buttons: "Add a perspective" (and its form), "Follow" and "I can help"."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import ideas, ids
from bot.ideas import IdeaData
from bot.posting import permalink, tell, tell_privately
from bot.runtime import Runtime
from bot.views import notices
from bot.views.perspective import PERSPECTIVE_MAX, perspective_idea_id, perspective_modal, perspective_reply
from handlers import payloads

log = logging.getLogger(__name__)


def register(app: App, rt: Runtime) -> None:
    def load(team_id: str, idea_id: int | None) -> IdeaData | None:
        if idea_id is None:
            return None
        with rt.db.read() as session:
            return ideas.get(session, team_id, idea_id)

    @app.action(ids.ADD_PERSPECTIVE)
    def add_perspective(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        t = rt.prefs.translator(context.team_id, context.user_id)
        idea = load(context.team_id, payloads.idea_id(action))
        channel_id = payloads.channel_of(body)
        if idea is None:
            tell_privately(
                client, user_id=context.user_id, channel_id=channel_id, text=notices.unknown_idea(t)
            )
            return
        client.views_open(trigger_id=body["trigger_id"], view=perspective_modal(t, idea))

    @app.view(ids.PERSPECTIVE_MODAL)
    def submit_perspective(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        text = payloads.input_text(view, ids.PERSPECTIVE_BLOCK)
        if not text or len(text) > PERSPECTIVE_MAX:
            message = (
                t.gettext("Write your perspective first.")
                if not text
                else t.gettext("Keep it to %(max)s characters.") % {"max": t.number(PERSPECTIVE_MAX)}
            )
            ack(response_action="errors", errors={ids.PERSPECTIVE_BLOCK: message})
            return
        idea = load(team_id, perspective_idea_id(view.get("private_metadata")))
        if idea is None or not idea.posted:
            problem = notices.unknown_idea(t) if idea is None else notices.not_posted_yet(t, idea)
            ack(response_action="errors", errors={ids.PERSPECTIVE_BLOCK: problem})
            return
        ack()
        reply = perspective_reply(rt.prefs.workspace_translator(team_id), user_id, text)
        try:
            posted = client.chat_postMessage(
                channel=idea.channel_id, thread_ts=idea.message_ts, unfurl_links=False, **reply
            )
        except SlackApiError as exc:
            log.warning("could not post a perspective on #%s: %s", idea.number, exc.response.get("error"))
            # The words exist nowhere else, so they go back to their writer rather than being lost.
            tell(client, user_id, notices.perspective_returned(t, idea, text))
            return
        with rt.db.session() as session:
            ideas.add_perspective(
                session,
                team_id=team_id,
                idea_id=idea.id,
                user_id=user_id,
                message_ts=posted["ts"],
                source="form",
            )
        tell_privately(
            client, user_id=user_id, channel_id=idea.channel_id, text=notices.perspective_shared(t, idea)
        )

    @app.action(ids.FOLLOW)
    def follow(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        t = rt.prefs.translator(context.team_id, context.user_id)
        channel_id = payloads.channel_of(body)
        idea = load(context.team_id, payloads.idea_id(action))
        if idea is None:
            tell_privately(
                client, user_id=context.user_id, channel_id=channel_id, text=notices.unknown_idea(t)
            )
            return
        with rt.db.session() as session:
            new = ideas.follow(session, team_id=context.team_id, idea_id=idea.id, user_id=context.user_id)
        tell_privately(
            client, user_id=context.user_id, channel_id=channel_id, text=notices.following(t, idea, new)
        )

    @app.action(ids.OFFER_HELP)
    def offer_help(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        channel_id = payloads.channel_of(body)
        idea = load(team_id, payloads.idea_id(action))
        if idea is None:
            tell_privately(client, user_id=user_id, channel_id=channel_id, text=notices.unknown_idea(t))
            return
        if idea.author_id == user_id:
            tell_privately(
                client, user_id=user_id, channel_id=channel_id, text=notices.own_idea_help(t, idea)
            )
            return
        with rt.db.session() as session:
            new = ideas.offer_help(session, team_id=team_id, idea_id=idea.id, user_id=user_id)
        told = True
        if new and idea.author_id:
            author_t = rt.prefs.translator(team_id, idea.author_id)
            message = notices.help_offer_dm(author_t, idea, user_id, permalink(client, idea))
            told = tell(client, idea.author_id, message)
        answer = notices.help_offered(t, idea, new, author_told=told)
        tell_privately(client, user_id=user_id, channel_id=channel_id, text=answer)
