"""The pitch card's buttons: "Add a perspective" (and its form), "Follow" and "I can help"."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import ids
from bot.core.i18n import Translator, language_of_locale, translator
from bot.core.runtime import Runtime
from bot.ideas import lifecycle, pitches
from bot.ideas.pitches import IdeaData
from bot.ideas.posting import announce_move, permalink, tell, tell_privately
from bot.ideas.views import notices
from bot.ideas.views.perspective import (
    PERSPECTIVE_MAX,
    perspective_idea_id,
    perspective_modal,
    perspective_reply,
)
from bot.members.membership import sender_from_elsewhere
from handlers import payloads

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Press:
    """A button press on a card: who, where, in which language, and the idea it is about."""

    team_id: str
    user_id: str
    channel_id: str | None
    t: Translator
    idea: IdeaData

    def answer(self, client: WebClient, text: str) -> None:
        tell_privately(client, user_id=self.user_id, channel_id=self.channel_id, text=text)


def outsider_translator(client: WebClient, user_id: str | None) -> Translator:
    """Someone of another organisation has no language stored here: their profile's locale, else
    English. Read once per refusal, which is rare."""
    try:
        user = client.users_info(user=user_id, include_locale=True)["user"]
        return translator(language_of_locale(user.get("locale")))
    except Exception as exc:
        log.info("no locale for %s (%s); answering in English", user_id, exc)
        return translator(None)


def register(app: App, rt: Runtime) -> None:
    def load(team_id: str, idea_id: int | None) -> IdeaData | None:
        if idea_id is None:
            return None
        with rt.db.read() as session:
            return pitches.get(session, team_id, idea_id)

    def pressed(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> Press | None:
        """The press, or None after telling the presser that the idea is gone (or never was), or that
        the card's buttons are for members only (someone of another organisation, in a shared channel)."""
        channel_id = payloads.channel_of(body)
        if sender_from_elsewhere(body):
            text = notices.members_only(outsider_translator(client, context.user_id))
            tell_privately(client, user_id=context.user_id, channel_id=channel_id, text=text)
            return None
        t = rt.prefs.translator(context.team_id, context.user_id)
        idea = load(context.team_id, payloads.idea_id(action))
        if idea is None:
            tell_privately(
                client, user_id=context.user_id, channel_id=channel_id, text=notices.unknown_idea(t)
            )
            return None
        return Press(context.team_id, context.user_id, channel_id, t, idea)

    @app.action(ids.ADD_PERSPECTIVE)
    def add_perspective(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        if press := pressed(body, action, client, context):
            client.views_open(trigger_id=body["trigger_id"], view=perspective_modal(press.t, press.idea))

    @app.view(ids.PERSPECTIVE_MODAL)
    def submit_perspective(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        team_id, user_id = context.team_id, context.user_id
        if sender_from_elsewhere(body):
            # The button refuses them already; a form sent anyway is refused as well, nothing stored.
            refusal = notices.members_only(outsider_translator(client, user_id))
            ack(response_action="errors", errors={ids.PERSPECTIVE_BLOCK: refusal})
            return
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
        moved = None
        with rt.db.session() as session:
            if pitches.add_perspective(
                session,
                team_id=team_id,
                idea_id=idea.id,
                user_id=user_id,
                message_ts=posted["ts"],
                source="form",
            ):
                moved = lifecycle.first_perspective(session, team_id=team_id, idea=idea)
        if moved is not None:
            announce_move(rt, client, moved)
        tell_privately(
            client, user_id=user_id, channel_id=idea.channel_id, text=notices.perspective_shared(t, idea)
        )

    @app.action(ids.FOLLOW)
    def follow(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        press = pressed(body, action, client, context)
        if press is None:
            return
        with rt.db.session() as session:
            new = pitches.follow(session, team_id=press.team_id, idea_id=press.idea.id, user_id=press.user_id)
        press.answer(client, notices.following(press.t, press.idea, new))

    @app.action(ids.OFFER_HELP)
    def offer_help(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        press = pressed(body, action, client, context)
        if press is None:
            return
        idea = press.idea
        if idea.author_id == press.user_id:
            press.answer(client, notices.own_idea_help(press.t, idea))
            return
        with rt.db.session() as session:
            new = pitches.offer_help(session, team_id=press.team_id, idea_id=idea.id, user_id=press.user_id)
        told = True
        if new and idea.author_id:
            author_t = rt.prefs.translator(press.team_id, idea.author_id)
            told = tell(
                client,
                idea.author_id,
                notices.help_offer_dm(author_t, idea, press.user_id, permalink(client, idea)),
            )
        press.answer(client, notices.help_offered(press.t, idea, new, author_told=told))
