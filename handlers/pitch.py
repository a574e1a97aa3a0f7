"""/pitch, "Save as idea", the pitch form's submission and "Post it again"."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core import ids
from bot.core.runtime import Runtime
from bot.core.text import clean_line, mentioned_users, plain_from_slack, truncate
from bot.facilitation import assignment
from bot.ideas import lifecycle, pitches
from bot.ideas.pitches import PitchDraft
from bot.ideas.posting import (
    display_names,
    post_pitch,
    refresh_card,
    replace_message,
    tell_facilitator,
    tell_privately,
)
from bot.ideas.views import notices
from bot.ideas.views.pitch import (
    CHANNEL_BLOCK,
    chosen_channel,
    draft_from_message,
    draft_from_state,
    edited_idea,
    field_errors,
    origin_channel,
    pitch_metadata,
    pitch_modal,
)
from handlers import payloads
from models.idea import TITLE_MAX

log = logging.getLogger(__name__)


def register(app: App, rt: Runtime) -> None:
    def open_form(
        client: WebClient, context: BoltContext, trigger_id: str, draft: PitchDraft, channel_id: str | None
    ) -> None:
        t = rt.prefs.translator(context.team_id, context.user_id)
        workspace = rt.prefs.workspace(context.team_id)
        # Opened in a DM (the app's own, say) with no ideas channel set: ask where the card goes.
        ask_channel = not workspace.ideas_channel and bool(channel_id) and str(channel_id).startswith("D")
        view = pitch_modal(
            t,
            themes=workspace.themes,
            draft=draft,
            private_metadata=pitch_metadata(channel_id),
            ask_channel=ask_channel,
        )
        client.views_open(trigger_id=trigger_id, view=view)

    @app.command("/pitch")
    def pitch_command(ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        draft = PitchDraft(title=truncate(clean_line(plain_from_slack(command.get("text") or "")), TITLE_MAX))
        # A form that cannot open (expired_trigger_id) is explained by the one error handler.
        open_form(client, context, command["trigger_id"], draft, command.get("channel_id"))

    @app.shortcut(ids.SAVE_AS_IDEA)
    def save_as_idea(ack: Ack, shortcut: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        message = shortcut.get("message") or {}
        text = message.get("text") or ""
        # Mentions read as names in the form, not as raw ids (looked up within a second).
        draft = draft_from_message(text, display_names(client, mentioned_users(text)))
        channel_id = (shortcut.get("channel") or {}).get("id")
        open_form(client, context, shortcut["trigger_id"], draft, channel_id)

    @app.action(ids.HOME_PITCH)
    def pitch_from_home(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        open_form(client, context, body["trigger_id"], PitchDraft(), None)

    @app.action(ids.CARD_MENU)
    def card_menu(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        choice, _sep, value = str((action.get("selected_option") or {}).get("value", "")).partition(":")
        idea_id = payloads.idea_id({"value": value})
        with rt.db.read() as session:
            idea = (
                pitches.get(session, team_id, idea_id) if choice == ids.EDIT and idea_id is not None else None
            )
            allowed = idea is not None and lifecycle.may_edit(session, team_id, user_id, idea)
        channel_id = payloads.channel_of(body)
        if idea is None:
            tell_privately(client, user_id=user_id, channel_id=channel_id, text=notices.unknown_idea(t))
        elif not allowed:
            tell_privately(
                client, user_id=user_id, channel_id=channel_id, text=notices.not_yours_to_edit(t, idea)
            )
        else:
            view = pitch_modal(
                t,
                themes=rt.prefs.workspace(team_id).themes,
                draft=pitches.draft_of(idea),
                private_metadata=pitch_metadata(None, editing=idea.id),
                editing=True,
            )
            client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(ids.PITCH_MODAL)
    def submit_pitch(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        team_id, user_id = context.team_id, context.user_id
        values = view.get("state", {}).get("values", {})
        draft = draft_from_state(values)
        editing = edited_idea(view.get("private_metadata"))
        if editing is not None:
            save_edit(ack, client, context, editing, draft)
            return
        problems = pitches.check_pitch(draft, rt.prefs.workspace(team_id).themes)
        picked = chosen_channel(values)
        asked = CHANNEL_BLOCK in values
        if problems or (asked and picked is None):
            # The form stays open with the person's words in it; only the faulty fields are marked.
            t = rt.prefs.translator(team_id, user_id)
            errors = field_errors(t, problems)
            if asked and picked is None:
                errors[CHANNEL_BLOCK] = notices.choose_channel(t)
            ack(response_action="errors", errors=errors)
            return
        # Stored before the ack: should the database fail, the error handler keeps the form open with
        # everything in it, instead of closing it on a pitch that exists nowhere. Once per form: when
        # the ack came too late, Slack sends the same form (the same view id) again.
        pitch_terms = pitches.terms_of_pitch(draft)
        facilitator = None
        with rt.db.session() as session:
            idea, new = pitches.create_pitch_once(
                session,
                team_id=team_id,
                author_id=user_id,
                draft=draft,
                origin_channel_id=picked or origin_channel(view.get("private_metadata")),
                view_id=view.get("id") or None,
                pitch_terms=pitch_terms,
            )
            if new:
                facilitator = assignment.assign_new_idea(session, team_id, idea.id, user_id)
        ack()
        if not new:
            return  # the first submission posts its card
        post_pitch(rt, client, idea)
        if facilitator is not None:
            tell_facilitator(rt, client, idea.team_id, idea.id, facilitator)

    def save_edit(ack: Ack, client: WebClient, context: BoltContext, idea_id: int, draft: PitchDraft) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        with rt.db.read() as session:
            idea = pitches.get(session, team_id, idea_id)
            # Checked again on submit: the form's metadata could be forged.
            allowed = idea is not None and lifecycle.may_edit(session, team_id, user_id, idea)
        if idea is None or not allowed:
            problem = notices.unknown_idea(t) if idea is None else notices.not_yours_to_edit(t, idea)
            ack(response_action="errors", errors={"title": problem})
            return
        problems = pitches.check_pitch(draft, (*rt.prefs.workspace(team_id).themes, *idea.themes))
        if problems:
            ack(response_action="errors", errors=field_errors(t, problems))
            return
        # Saved before the ack, as a new pitch is (see submit_pitch).
        with rt.db.session() as session:
            edited = pitches.edit_pitch(session, team_id=team_id, idea_id=idea_id, draft=draft)
        ack()
        if edited is not None:
            refresh_card(rt, client, edited)

    @app.action(ids.RETRY_POST)
    def post_again(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        idea_id = payloads.idea_id(action)
        with rt.db.read() as session:
            idea = pitches.get(session, team_id, idea_id) if idea_id is not None else None
        if idea is None or idea.author_id != user_id:
            tell_privately(client, user_id=user_id, channel_id=None, text=notices.unknown_idea(t))
            return
        if not idea.posted and post_pitch(rt, client, idea) is not None:
            # Refused again (the author has a fresh DM), or another click is posting it right now.
            return
        with rt.db.read() as session:
            idea = pitches.get(session, team_id, idea.id) or idea
        if idea.posted:
            replace_message(client, body, notices.posted(t, idea, idea.channel_id or ""))
