"""`/thinktank settings`: the settings form for workspace admins and facilitators."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.core import ids, metadata, workspace_settings
from bot.core.i18n import Translator
from bot.core.workspace_settings import InvalidSetting, describe_allowed
from bot.facilitation import assignment
from bot.home.views import settings_form
from bot.ideas.posting import tell
from bot.members import roster
from bot.slack.context import Requester, requester

log = logging.getLogger(__name__)

# Where a refused value is shown in the form.
ERROR_BLOCKS = {"stats_schedule": "stats_time", "checkin_schedule": "checkin_time"}


def register(app: App) -> None:
    app.options(ids.INPUT)(timezone_choices)
    app.view(ids.SETTINGS_MODAL)(save_settings)


def _allowed(who: Requester, client: WebClient) -> tuple[bool, bool]:
    """(may change settings, may change who facilitates), reading the profile once if unknown."""
    team_id, user_id = who.team_id, who.user_id

    def decide(session: Session) -> tuple[bool, bool]:
        return (
            roster.may_manage_settings(session, team_id, user_id),
            roster.is_workspace_admin(session, team_id, user_id),
        )

    return who.rt.member_sync.decide_with_profile(client, team_id, user_id, decide, enough=lambda r: r[0])


def _only_managers(t: Translator) -> str:
    return t.gettext("Only workspace admins and facilitators can change the settings.")


def open_settings(client: WebClient, context: BoltContext, trigger_id: str, respond: Respond) -> None:
    """`/thinktank settings`, dispatched by `handlers.thinktank` after its ack: the settings form."""
    who = requester(context)
    t = who.t
    may_edit, admin = _allowed(who, client)
    if not may_edit:
        respond(text=_only_managers(t), response_type="ephemeral")
        return
    with who.db.read() as session:
        current = workspace_settings.load(session, who.team_id)
        facilitators = roster.facilitators(session, who.team_id) if admin else None
    client.views_open(
        trigger_id=trigger_id, view=settings_form.settings_modal(t, current, facilitators=facilitators)
    )


def timezone_choices(ack: Ack, payload: dict[str, Any]) -> None:
    # The only external select of the app is the settings form's time zone.
    ack(options=settings_form.timezone_options(str(payload.get("value", ""))))


def save_settings(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The settings form sent: checked again, saved before the ack, and the sender told."""
    who = requester(context)
    t = who.t
    with who.db.read() as session:
        # Checked again on submit: a form can be forged.
        may_edit = roster.may_manage_settings(session, who.team_id, who.user_id)
        admin = roster.is_workspace_admin(session, who.team_id, who.user_id)
    if not may_edit:
        ack(response_action="errors", errors={"language": _only_managers(t)})
        return
    values = view.get("state", {}).get("values", {})
    raw = settings_form.raw_settings(values)
    errors = _refused_values(t, raw)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    wants_facilitators = metadata.read(view.get("private_metadata")).get("facilitators") is True
    chosen = settings_form.chosen_facilitators(values) if admin and wants_facilitators else None
    if chosen and who.rt.member_sync.from_elsewhere(client, who.team_id, chosen):
        # Someone of another organisation (a shared channel) is never given a role here.
        refusal = settings_form.facilitators_from_elsewhere(t)
        ack(response_action="errors", errors={"facilitators": refusal})
        return
    # Saved before the ack: should the database fail, the form stays open with the choices in it.
    with who.db.session() as session:
        for key, value in raw.items():
            workspace_settings.set_value(session, who.team_id, key, value)
        if chosen is not None:
            assignment.set_facilitators(session, who.team_id, chosen)
    ack()
    who.rt.prefs.forget(who.team_id)
    tell(client, who.user_id, {"text": t.gettext("The settings are saved.")})


def _refused_values(t: Translator, raw: dict[str, str]) -> dict[str, str]:
    """The form's blocks whose values are refused, each with what it allows."""
    errors = {}
    for key, value in raw.items():
        try:
            workspace_settings.parse_value(key, value)
        except InvalidSetting:
            errors[ERROR_BLOCKS.get(key, key)] = describe_allowed(key, t.gettext)
    return errors
