"""`/thinktank privacy`: what the bot keeps about the asker, downloaded by DM or erased."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import ids
from bot.core.runtime import Runtime
from bot.ideas.posting import redraw_cards
from bot.privacy import personal_data
from bot.privacy.views import blocks as views

log = logging.getLogger(__name__)


def privacy_command(rt: Runtime, ack: Ack, context: BoltContext, respond: Respond) -> None:
    """Shown only to the asker, in their language; reading it changes nothing."""
    ack()
    team_id, user_id = context.team_id, context.user_id
    with rt.db.read() as session:
        document = personal_data.kept_about(session, team_id, user_id)
    t = rt.prefs.translator(team_id, user_id)
    respond(response_type="ephemeral", replace_original=False, **views.privacy_message(t, document))


def register(app: App, rt: Runtime) -> None:
    @app.action(ids.PRIVACY_EXPORT)
    def download(ack: Ack, client: WebClient, context: BoltContext, respond: Respond) -> None:
        ack()
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        with rt.db.read() as session:
            document = personal_data.kept_about(session, team_id, user_id)
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

    @app.action(ids.PRIVACY_ERASE)
    def erase(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        # Slack asked "Erase your data?" before sending this; the press itself is not counted.
        ack()
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        with rt.db.session() as session:
            cards = personal_data.ideas_naming(session, team_id, user_id)
            touched = personal_data.erase(session, team_id, user_id)
        rt.prefs.forget(team_id, user_id)
        log.info("erased member %s of %s on their request: %s", user_id, team_id, touched)
        respond(response_type="ephemeral", replace_original=True, text=views.erased(t, sum(touched.values())))
        # The cards in the channels name them no more. (Home tabs name no authors, and are drawn
        # afresh each time they are opened.)
        redraw_cards(rt.db, client, rt.prefs.workspace_translator(team_id), team_id, cards)
