"""/pitch, "Save as idea", the pitch form's submission and "Post it again"."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core import ids
from bot.core.text import clean_line, mentioned_users, plain_from_slack, truncate
from bot.facilitation import assignment
from bot.ideas import answering, lifecycle, pitches, similar
from bot.ideas.data import IdeaData, IdeaRef
from bot.ideas.pitch_problems import PitchProblem
from bot.ideas.pitches import PitchDraft
from bot.ideas.posting import (
    display_names,
    post_pitch,
    refresh_card,
    refresh_challenges,
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
from bot.ideas.views.similar import draft_from_metadata, draft_metadata, similar_modal, similar_seen
from bot.slack.context import Requester, requester
from handlers import payloads
from models.idea import TITLE_MAX

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.command("/pitch")(open_pitch_form)
    app.shortcut(ids.SAVE_AS_IDEA)(save_as_idea)
    app.action(ids.HOME_PITCH)(pitch_from_home)
    app.action(ids.CARD_MENU)(card_menu)
    app.view(ids.PITCH_MODAL)(submit_pitch)
    app.view(ids.PITCH_SIMILAR_MODAL)(post_anyway)
    app.action(ids.RETRY_POST)(post_again)
    app.action(ids.CHALLENGE_ANSWER)(answer_challenge)


def open_pitch_form(ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """/pitch [title]: the pitch form, with the title filled in."""
    ack()
    draft = PitchDraft(title=truncate(clean_line(plain_from_slack(command.get("text") or "")), TITLE_MAX))
    # A form that cannot open (expired_trigger_id) is explained by the one error handler.
    _open_form(requester(context), client, command["trigger_id"], draft, command.get("channel_id"))


def save_as_idea(ack: Ack, shortcut: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The message shortcut: the pitch form with the message's words in it."""
    ack()
    message = shortcut.get("message") or {}
    text = message.get("text") or ""
    # Mentions read as names in the form, not as raw ids (looked up within a second).
    draft = draft_from_message(text, display_names(client, mentioned_users(text)))
    channel_id = (shortcut.get("channel") or {}).get("id")
    _open_form(requester(context), client, shortcut["trigger_id"], draft, channel_id)


def pitch_from_home(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    _open_form(requester(context), client, body["trigger_id"], PitchDraft(), None)


def answer_challenge(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """A challenge card's "Answer this challenge": the pitch form, answering it."""
    ack()
    who = requester(context)
    challenge_id = payloads.idea_id(action)
    with who.db.read() as session:
        challenge = (
            answering.open_challenge(session, who.team_id, challenge_id) if challenge_id is not None else None
        )
    channel_id = payloads.channel_of(body)
    if challenge is None:
        text = notices.challenge_not_open(who.t)
        tell_privately(client, user_id=who.user_id, channel_id=channel_id, text=text)
        return
    _open_form(who, client, body["trigger_id"], PitchDraft(challenge_id=challenge.id), channel_id)


def _challenges(who: Requester, answering_now: IdeaRef | None = None) -> list[IdeaRef]:
    """The challenges the form offers: the open ones, and the one an edited idea answers already."""
    with who.db.read() as session:
        offered = answering.open_challenges(session, who.team_id)
    if answering_now is not None and answering_now.id not in {c.id for c in offered}:
        offered = [answering_now, *offered[: answering.CHALLENGES_OFFERED - 1]]
    return offered


def _open_form(
    who: Requester, client: WebClient, trigger_id: str, draft: PitchDraft, channel_id: str | None
) -> None:
    workspace = who.settings
    # Opened in a DM (the app's own, say) with no ideas channel set: ask where the card goes.
    ask_channel = not workspace.ideas_channel and bool(channel_id) and str(channel_id).startswith("D")
    view = pitch_modal(
        who.t,
        themes=workspace.themes,
        draft=draft,
        private_metadata=pitch_metadata(channel_id),
        ask_channel=ask_channel,
        challenges=_challenges(who),
    )
    client.views_open(trigger_id=trigger_id, view=view)


def card_menu(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """The card's menu: Edit opens the pitch form on the idea, for those who may edit it."""
    ack()
    who = requester(context)
    choice, _sep, value = str((action.get("selected_option") or {}).get("value", "")).partition(":")
    idea_id = payloads.idea_id({"value": value})
    with who.db.read() as session:
        idea = (
            pitches.get(session, who.team_id, idea_id) if choice == ids.EDIT and idea_id is not None else None
        )
        allowed = idea is not None and lifecycle.may_edit(session, who.team_id, who.user_id, idea)
    channel_id = payloads.channel_of(body)
    if idea is None:
        tell_privately(client, user_id=who.user_id, channel_id=channel_id, text=notices.unknown_idea(who.t))
    elif not allowed:
        text = notices.not_yours_to_edit(who.t, idea)
        tell_privately(client, user_id=who.user_id, channel_id=channel_id, text=text)
    else:
        view = pitch_modal(
            who.t,
            themes=who.settings.themes,
            draft=pitches.draft_of(idea),
            private_metadata=pitch_metadata(None, editing=idea.id),
            editing=True,
            challenges=_challenges(who, idea.challenge),
        )
        client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_pitch(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The pitch form sent: similar ideas shown first (once, when there are any), else a new idea
    stored and its card posted; or an edit saved."""
    who = requester(context)
    values = view.get("state", {}).get("values", {})
    draft = draft_from_state(values)
    editing = edited_idea(view.get("private_metadata"))
    if editing is not None:
        _save_edit(who, ack, client, editing, draft)
        return
    picked = chosen_channel(values)
    errors = _pitch_errors(who, draft, asked_channel=CHANNEL_BLOCK in values, picked=picked)
    if errors:
        # The form stays open with the person's words in it; only the faulty fields are marked.
        ack(response_action="errors", errors=errors)
        return
    channel_id = picked or origin_channel(view.get("private_metadata"))
    seen = similar_seen(view.get("private_metadata"))
    offer = None if seen else _similar_view(who, view, draft, channel_id)
    if offer is not None:
        # Pushed over the form, so that Back returns to it with every word still in it.
        ack(response_action="push", view=offer)
        return
    # A form sent after the similar ideas may sit above the first one: close them all.
    _keep_and_post(who, ack, client, view, draft, channel_id, close_all=seen)


def post_anyway(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """ "Post anyway" on the similar ideas: the draft they carried, checked again, kept and posted."""
    who = requester(context)
    raw = view.get("private_metadata")
    draft = draft_from_metadata(raw) or PitchDraft()
    if _pitch_errors(who, draft, asked_channel=False, picked=None):
        # Forged, or a challenge closed meanwhile: back to the form, with the words, to say what.
        # Its metadata says the similar ideas were seen, so the step does not come twice.
        form = pitch_modal(
            who.t,
            themes=who.settings.themes,
            draft=draft,
            private_metadata=raw or "",
            challenges=_challenges(who),
        )
        ack(response_action="update", view=form)
        return
    _keep_and_post(who, ack, client, view, draft, origin_channel(raw), close_all=True)


def _similar_view(
    who: Requester, view: dict[str, Any], draft: PitchDraft, channel_id: str | None
) -> dict[str, Any] | None:
    """The "Similar ideas" step for a new pitch, or None: nothing similar, a lookup that failed or
    took too long, a draft too big to carry, or this form already kept (Slack sent it again)."""
    carried = draft_metadata(draft, channel_id)
    if carried is None:
        return None
    view_id = view.get("id") or None

    def lookup() -> list[IdeaData]:
        with who.db.read() as session:
            if view_id and pitches.pitch_of_form(session, who.team_id, view_id) is not None:
                return []
            return similar.similar_ideas(session, who.team_id, draft, view_id=view_id)

    found = similar.within_budget(lookup)
    return similar_modal(who.t, draft, found, carried) if found else None


def _keep_and_post(
    who: Requester,
    ack: Ack,
    client: WebClient,
    view: dict[str, Any],
    draft: PitchDraft,
    channel_id: str | None,
    *,
    close_all: bool = False,
) -> None:
    # Stored before the ack: should the database fail, the error handler keeps the form open with
    # everything in it, instead of closing it on a pitch that exists nowhere.
    idea, facilitator, new = _store_pitch(who, view, draft, channel_id)
    if close_all:
        ack(response_action="clear")
    else:
        ack()
    if not new:
        return  # the first submission posts its card
    post_pitch(who.rt, client, idea)
    if facilitator is not None:
        tell_facilitator(who.rt, client, idea.team_id, idea.id, facilitator)


def _pitch_errors(
    who: Requester, draft: PitchDraft, *, asked_channel: bool, picked: str | None
) -> dict[str, str]:
    """The form's faulty fields and what to say about each; empty when the pitch may be stored."""
    problems = _problems(who, draft, who.settings.themes)
    if not problems and not (asked_channel and picked is None):
        return {}
    errors = field_errors(who.t, problems, draft)
    if asked_channel and picked is None:
        errors[CHANNEL_BLOCK] = notices.choose_channel(who.t)
    return errors


def _problems(
    who: Requester, draft: PitchDraft, themes: tuple[str, ...], before: IdeaData | None = None
) -> dict[str, PitchProblem]:
    """`check_pitch` with what it needs to know: whether the challenge named is open, today's date."""
    open_ids: set[int] = set()
    if draft.challenge_id is not None:
        with who.db.read() as session:
            if answering.open_challenge(session, who.team_id, draft.challenge_id) is not None:
                open_ids.add(draft.challenge_id)
    today: date = datetime.now(who.settings.zone).date()
    return pitches.check_pitch(draft, themes, open_challenges=open_ids, today=today, before=before)


def _store_pitch(
    who: Requester, view: dict[str, Any], draft: PitchDraft, channel_id: str | None
) -> tuple[IdeaData, str | None, bool]:
    """(the idea, its facilitator if one was assigned now, whether it is new). Once per form: when
    the ack came too late, Slack sends the same form (the same view id) again."""
    pitch_terms = pitches.terms_of_pitch(draft)
    facilitator = None
    with who.db.session() as session:
        idea, new = pitches.create_pitch_once(
            session,
            team_id=who.team_id,
            author_id=who.user_id,
            draft=draft,
            origin_channel_id=channel_id,
            view_id=view.get("id") or None,
            pitch_terms=pitch_terms,
        )
        if new:
            facilitator = assignment.assign_new_idea(session, who.team_id, idea.id, who.user_id)
    return idea, facilitator, new


def _save_edit(who: Requester, ack: Ack, client: WebClient, idea_id: int, draft: PitchDraft) -> None:
    t = who.t
    with who.db.read() as session:
        idea = pitches.get(session, who.team_id, idea_id)
        # Checked again on submit: the form's metadata could be forged.
        allowed = idea is not None and lifecycle.may_edit(session, who.team_id, who.user_id, idea)
    if idea is None or not allowed:
        problem = notices.unknown_idea(t) if idea is None else notices.not_yours_to_edit(t, idea)
        ack(response_action="errors", errors={"title": problem})
        return
    problems = _problems(who, draft, (*who.settings.themes, *idea.themes), before=idea)
    if problems:
        ack(response_action="errors", errors=field_errors(t, problems, draft))
        return
    # Saved before the ack, as a new pitch is (see submit_pitch).
    with who.db.session() as session:
        edited = pitches.edit_pitch(session, team_id=who.team_id, idea_id=idea_id, draft=draft)
    ack()
    if edited is not None:
        refresh_card(who.rt, client, edited)
        # An answer moved to another challenge (or to none): both challenges list their answers anew.
        if edited.challenge_id != idea.challenge_id:
            refresh_challenges(who.rt, client, who.team_id, idea.challenge_id, edited.challenge_id)


def post_again(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """ "Post it again", on the private note about a card Slack refused."""
    ack()
    who = requester(context)
    idea_id = payloads.idea_id(action)
    with who.db.read() as session:
        idea = pitches.get(session, who.team_id, idea_id) if idea_id is not None else None
    if idea is None or idea.author_id != who.user_id:
        tell_privately(client, user_id=who.user_id, channel_id=None, text=notices.unknown_idea(who.t))
        return
    if not idea.posted and post_pitch(who.rt, client, idea) is not None:
        # Refused again (the author has a fresh DM), or another click is posting it right now.
        return
    with who.db.read() as session:
        idea = pitches.get(session, who.team_id, idea.id) or idea
    if idea.posted:
        replace_message(client, body, notices.posted(who.t, idea, idea.channel_id or ""))
