"""The pitch card's buttons: "Add a perspective" (and its form), "Follow", "I can help" and "Support"."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import ids
from bot.core.i18n import Translator, language_of_locale, translator
from bot.ideas import lifecycle, pitches, supports
from bot.ideas.data import IdeaData
from bot.ideas.posting import announce_move, permalink, refresh_card, tell, tell_privately
from bot.ideas.views import knowledge, notices
from bot.ideas.views.perspective import (
    PERSPECTIVE_MAX,
    perspective_idea_id,
    perspective_modal,
    perspective_reply,
)
from bot.members.membership import sender_from_elsewhere
from bot.slack.context import Requester, requester
from handlers import payloads

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Press:
    """A button press on a card: who, where, and the idea it is about."""

    who: Requester
    channel_id: str | None
    idea: IdeaData

    @property
    def t(self) -> Translator:
        return self.who.t

    def answer(self, client: WebClient, text: str) -> None:
        tell_privately(client, user_id=self.who.user_id, channel_id=self.channel_id, text=text)


def outsider_translator(client: WebClient, user_id: str) -> Translator:
    """Someone of another organisation has no language stored here: their profile's locale, else
    English. Read once per refusal, which is rare."""
    try:
        user = client.users_info(user=user_id, include_locale=True)["user"]
        return translator(language_of_locale(user.get("locale")))
    except Exception as exc:
        log.info("no locale for %s (%s); answering in English", user_id, exc)
        return translator(None)


def register(app: App) -> None:
    app.action(ids.ADD_PERSPECTIVE)(add_perspective)
    app.view(ids.PERSPECTIVE_MODAL)(submit_perspective)
    app.action(ids.FOLLOW)(follow)
    app.action(ids.OFFER_HELP)(offer_help)
    app.action(ids.IDEA_SUPPORT)(support)


def _load(who: Requester, idea_id: int | None) -> IdeaData | None:
    if idea_id is None:
        return None
    with who.db.read() as session:
        return pitches.get(session, who.team_id, idea_id)


def _pressed(
    body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> Press | None:
    """The press, or None after telling the presser that the idea is gone (or never was), or that
    the card's buttons are for members only (someone of another organisation, in a shared channel)."""
    who = requester(context)
    channel_id = payloads.channel_of(body)
    if sender_from_elsewhere(body):
        text = notices.members_only(outsider_translator(client, who.user_id))
        tell_privately(client, user_id=who.user_id, channel_id=channel_id, text=text)
        return None
    t = who.t
    idea = _load(who, payloads.idea_id(action))
    if idea is None:
        tell_privately(client, user_id=who.user_id, channel_id=channel_id, text=notices.unknown_idea(t))
        return None
    return Press(who, channel_id, idea)


def add_perspective(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """ "Add a perspective": the perspective form."""
    ack()
    if press := _pressed(body, action, client, context):
        client.views_open(trigger_id=body["trigger_id"], view=perspective_modal(press.t, press.idea))


def submit_perspective(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """The perspective form sent: posted in the card's thread, counted, and its writer told."""
    who = requester(context)
    if sender_from_elsewhere(body):
        # The button refuses them already; a form sent anyway is refused as well, nothing stored.
        refusal = notices.members_only(outsider_translator(client, who.user_id))
        ack(response_action="errors", errors={ids.PERSPECTIVE_BLOCK: refusal})
        return
    text = payloads.input_text(view, ids.PERSPECTIVE_BLOCK)
    idea = _idea_to_answer(who, text, view)
    if isinstance(idea, str):
        ack(response_action="errors", errors={ids.PERSPECTIVE_BLOCK: idea})
        return
    ack()
    _share_perspective(who, client, idea, text)


def _idea_to_answer(who: Requester, text: str, view: dict[str, Any]) -> IdeaData | str:
    """The posted idea the perspective is about, or what is wrong with the form, in its words."""
    t = who.t
    if not text:
        return t.gettext("Write your perspective first.")
    if len(text) > PERSPECTIVE_MAX:
        return t.gettext("Keep it to %(max)s characters.") % {"max": t.number(PERSPECTIVE_MAX)}
    idea = _load(who, perspective_idea_id(view.get("private_metadata")))
    if idea is None:
        return notices.unknown_idea(t)
    if not idea.posted:
        return notices.not_posted_yet(t, idea)
    return idea


def _share_perspective(who: Requester, client: WebClient, idea: IdeaData, text: str) -> None:
    reply = perspective_reply(who.rt.prefs.workspace_translator(who.team_id), who.user_id, text)
    try:
        posted = client.chat_postMessage(
            channel=idea.channel_id or "", thread_ts=idea.message_ts, unfurl_links=False, **reply
        )
    except SlackApiError as exc:
        log.warning("could not post a perspective on #%s: %s", idea.number, exc.response.get("error"))
        # The words exist nowhere else, so they go back to their writer rather than being lost.
        tell(client, who.user_id, notices.perspective_returned(who.t, idea, text))
        return
    moved = None
    with who.db.session() as session:
        if pitches.add_perspective(
            session,
            team_id=who.team_id,
            idea_id=idea.id,
            user_id=who.user_id,
            message_ts=posted["ts"],
            source="form",
        ):
            moved = lifecycle.first_perspective(session, team_id=who.team_id, idea=idea)
    if moved is not None:
        announce_move(who.rt, client, moved)
    text = notices.perspective_shared(who.t, idea)
    tell_privately(client, user_id=who.user_id, channel_id=idea.channel_id, text=text)


def follow(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """ "Follow" on a card."""
    ack()
    press = _pressed(body, action, client, context)
    if press is None:
        return
    who = press.who
    with who.db.session() as session:
        new = pitches.follow(session, team_id=who.team_id, idea_id=press.idea.id, user_id=who.user_id)
    press.answer(client, notices.following(press.t, press.idea, new))


def offer_help(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """ "I can help" on a card: the author is told by DM, once."""
    ack()
    press = _pressed(body, action, client, context)
    if press is None:
        return
    who, idea = press.who, press.idea
    if idea.author_id == who.user_id:
        press.answer(client, notices.own_idea_help(press.t, idea))
        return
    with who.db.session() as session:
        new = pitches.offer_help(session, team_id=who.team_id, idea_id=idea.id, user_id=who.user_id)
    told = True
    if new and idea.author_id:
        author_t = who.rt.prefs.translator(who.team_id, idea.author_id)
        dm = notices.help_offer_dm(author_t, idea, who.user_id, permalink(client, idea))
        told = tell(client, idea.author_id, dm)
    press.answer(client, notices.help_offered(press.t, idea, new, author_told=told))


def support(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """ "Support" on a card: given, or withdrawn when pressed again; the card shows the new count."""
    ack()
    press = _pressed(body, action, client, context)
    if press is None:
        return
    who = press.who
    with who.db.session() as session:
        now = supports.toggle(session, team_id=who.team_id, idea_id=press.idea.id, user_id=who.user_id)
    press.answer(client, knowledge.supported(press.t, press.idea, now))
    with who.db.read() as session:
        idea = pitches.get(session, who.team_id, press.idea.id)
    if idea is not None:
        refresh_card(who.rt, client, idea)
