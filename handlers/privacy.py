"""`/thinktank privacy`: what the bot keeps about the asker, downloaded by DM or erased."""

from __future__ import annotations

import json
import logging

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import ids
from bot.ideas.posting import redraw_cards
from bot.privacy import erasure, export
from bot.privacy.views import blocks as views
from bot.slack.context import requester

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(ids.PRIVACY_EXPORT)(download)
    app.action(ids.PRIVACY_ERASE)(erase)


def privacy_command(ack: Ack, context: BoltContext, respond: Respond) -> None:
    """`/thinktank privacy`, dispatched by `handlers.thinktank`. Shown only to the asker, in their
    language; reading it changes nothing."""
    ack()
    who = requester(context)
    with who.db.read() as session:
        document = export.kept_about(session, who.team_id, who.user_id)
    respond(response_type="ephemeral", replace_original=False, **views.privacy_message(who.t, document))


def download(ack: Ack, client: WebClient, context: BoltContext, respond: Respond) -> None:
    """**Download**: what is kept about the member, as JSON in a DM."""
    ack()
    who = requester(context)
    t, user_id = who.t, who.user_id
    with who.db.read() as session:
        document = export.kept_about(session, who.team_id, user_id)
    try:
        channel = client.conversations_open(users=user_id)["channel"]["id"]
        client.files_upload_v2(
            channel=channel,
            content=json.dumps(document, ensure_ascii=False, indent=2),
            filename=f"thinktank-{user_id}.json",
            title=f"Think Tank: {user_id}",
            initial_comment=views.export_comment(t),
        )
    except SlackApiError as exc:
        error = str(exc.response.get("error") or "unknown_error")
        log.warning("could not send %s their data: %s", user_id, error)
        respond(response_type="ephemeral", replace_original=False, text=views.export_failed(t, error))
        return
    respond(response_type="ephemeral", replace_original=False, text=views.export_sent(t))


def erase(ack: Ack, client: WebClient, context: BoltContext, respond: Respond) -> None:
    """**Erase**: the member's data erased, and the cards that named them redrawn."""
    # Slack asked "Erase your data?" before sending this; the press itself is not counted.
    ack()
    who = requester(context)
    team_id, user_id = who.team_id, who.user_id
    t = who.t
    with who.db.session() as session:
        cards = erasure.ideas_naming(session, team_id, user_id)
        touched = erasure.erase(session, team_id, user_id)
    who.rt.prefs.forget(team_id, user_id)
    log.info("erased member %s of %s on their request: %s", user_id, team_id, touched)
    respond(response_type="ephemeral", replace_original=True, text=views.erased(t, sum(touched.values())))
    # The cards in the channels name them no more. (Home tabs name no authors, and are drawn
    # afresh each time they are opened.)
    redraw_cards(who.db, client, who.rt.prefs.workspace_translator(team_id), team_id, cards)
