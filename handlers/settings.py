"""`/thinktank settings`: the settings form for workspace admins and facilitators."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.core import ids, metadata, workspace_settings
from bot.core.runtime import Runtime
from bot.core.workspace_settings import InvalidSetting, describe_allowed
from bot.facilitation import assignment
from bot.home.views import settings_form
from bot.ideas.posting import tell
from bot.members import roster

log = logging.getLogger(__name__)

# Where a refused value is shown in the form.
ERROR_BLOCKS = {"stats_schedule": "stats_time", "checkin_schedule": "checkin_time"}


def allowed(rt: Runtime, client: WebClient, team_id: str, user_id: str) -> tuple[bool, bool]:
    """(may change settings, may change who facilitates), reading the profile once if unknown."""

    def decide(session: Session) -> tuple[bool, bool]:
        return (
            roster.may_manage_settings(session, team_id, user_id),
            roster.is_workspace_admin(session, team_id, user_id),
        )

    return rt.member_sync.decide_with_profile(client, team_id, user_id, decide, enough=lambda r: r[0])


def open_settings(
    rt: Runtime, client: WebClient, context: BoltContext, trigger_id: str, respond: Respond
) -> None:
    team_id, user_id = context.team_id, context.user_id
    t = rt.prefs.translator(team_id, user_id)
    may_edit, admin = allowed(rt, client, team_id, user_id)
    if not may_edit:
        respond(
            text=t.gettext("Only workspace admins and facilitators can change the settings."),
            response_type="ephemeral",
        )
        return
    with rt.db.read() as session:
        current = workspace_settings.load(session, team_id)
        facilitators = roster.facilitators(session, team_id) if admin else None
    client.views_open(
        trigger_id=trigger_id, view=settings_form.settings_modal(t, current, facilitators=facilitators)
    )


def register(app: App, rt: Runtime) -> None:
    @app.options(ids.INPUT)
    def timezone_choices(ack: Ack, payload: dict[str, Any]) -> None:
        # The only external select of the app is the settings form's time zone.
        ack(options=settings_form.timezone_options(str(payload.get("value", ""))))

    @app.view(ids.SETTINGS_MODAL)
    def save_settings(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        with rt.db.read() as session:
            # Checked again on submit: a form can be forged.
            may_edit = roster.may_manage_settings(session, team_id, user_id)
            admin = roster.is_workspace_admin(session, team_id, user_id)
        if not may_edit:
            ack(
                response_action="errors",
                errors={
                    "language": t.gettext("Only workspace admins and facilitators can change the settings.")
                },
            )
            return
        values = view.get("state", {}).get("values", {})
        raw = settings_form.raw_settings(values)
        errors = {}
        for key, value in raw.items():
            try:
                workspace_settings.parse_value(key, value)
            except InvalidSetting:
                errors[ERROR_BLOCKS.get(key, key)] = describe_allowed(key, t.gettext)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        wants_facilitators = metadata.read(view.get("private_metadata")).get("facilitators") is True
        chosen = settings_form.chosen_facilitators(values) if admin and wants_facilitators else None
        if chosen and rt.member_sync.from_elsewhere(client, team_id, chosen):
            # Someone of another organisation (a shared channel) is never given a role here.
            refusal = settings_form.facilitators_from_elsewhere(t)
            ack(response_action="errors", errors={"facilitators": refusal})
            return
        # Saved before the ack: should the database fail, the form stays open with the choices in it.
        with rt.db.session() as session:
            for key, value in raw.items():
                workspace_settings.set_value(session, team_id, key, value)
            if chosen is not None:
                assignment.set_facilitators(session, team_id, chosen)
        ack()
        rt.prefs.forget(team_id)
        tell(client, user_id, {"text": t.gettext("The settings are saved.")})
