"""Gatherings: `/thinktank meet` and its form, I'll come / Can't make it, and Record how it went."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import ids, metadata
from bot.core.runtime import Runtime
from bot.core.text import clean_block, whole_number
from bot.core.workspace_settings import CHANNEL_ID
from bot.gatherings import attendance, changes, details, planning, records, run
from bot.gatherings.details import GatheringData, Problem
from bot.gatherings.planning import Plan
from bot.gatherings.views import messages, modals, replies
from bot.ideas.posting import tell
from bot.slack.context import Requester, requester
from models import utcnow
from models.gathering import NOTE_MAX

log = logging.getLogger(__name__)

# The change form's checkboxes.
CANCEL, STOP_SERIES = "cancel", "stop_series"
# The record form has one note input per idea, its block id this prefix and the idea's id.
NOTE_PREFIX = "note_"


def register(app: App) -> None:
    """The route table; the listeners read the runtime from Bolt's context (`bot.slack.context`)."""
    app.options(ids.GATHERING_IDEAS)(on_idea_choices)
    app.action(ids.HOME_MEET)(on_meet_from_home)
    app.view(ids.GATHERING_PLAN_MODAL)(on_plan_submitted)
    app.action(ids.GATHERING_COMING)(on_coming)
    app.action(ids.GATHERING_NOT_COMING)(on_not_coming)
    app.action(ids.GATHERING_RECORD)(on_record_open)
    app.action(ids.GATHERING_CHANGE)(on_change_open)
    app.view(ids.GATHERING_CHANGE_MODAL)(on_change_submitted)
    app.view(ids.GATHERING_RECORD_MODAL)(on_record_submitted)


# ---------------------------------------------------------------------- planning


def meet_command(rt: Runtime, ack: Ack, client: WebClient, context: BoltContext, trigger_id: str) -> None:
    """`/thinktank meet`, dispatched by `handlers.thinktank` (`rt` is its runtime, the requester's too)."""
    who = requester(context)
    if not may_plan(who):
        ack(text=replies.only_facilitators_plan(who.t))
        return
    ack()
    open_plan(who, client, context, trigger_id)


def on_idea_choices(ack: Ack, payload: dict[str, Any], context: BoltContext) -> None:
    who = requester(context)
    with who.db.read() as session:
        found = planning.ideas_matching(session, who.team_id, str(payload.get("value", "")))
    ack(options=modals.idea_options(found))


def on_meet_from_home(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    who = requester(context)
    if not may_plan(who):
        # The Home tab has no place for an answer: a DM says why no form opened.
        tell(client, who.user_id, {"text": replies.only_facilitators_plan(who.t)})
        return
    open_plan(who, client, context, body["trigger_id"])


def on_plan_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    who = requester(context)
    t, chosen = who.t, who.settings
    plan = plan_from(view.get("state", {}).get("values", {}))
    with who.db.session() as session:
        # Checked again on submit: a form can be forged, and the setting may have changed.
        if not planning.may_plan(session, who.team_id, who.user_id, chosen.gatherings_by):
            ack(response_action="errors", errors={"title": replies.only_facilitators_plan(t)})
            return
        problems, starts_at = planning.check_plan(session, who.team_id, plan, chosen.zone)
        if problems or starts_at is None:
            ack(
                response_action="errors",
                errors={field: replies.problem_text(t, problem) for field, problem in problems.items()},
            )
            return
        # Stored before the ack: should the database fail, the form stays open with the plan in it.
        gathering_id = planning.plan_gathering(session, who.team_id, who.user_id, plan, starts_at)
    ack()
    run.announce(who.rt, client, who.team_id, gathering_id)


def may_plan(who: Requester) -> bool:
    gatherings_by = who.settings.gatherings_by
    if gatherings_by == "everyone":
        return True  # the common case reads nothing before the form opens
    with who.db.read() as session:
        return planning.may_plan(session, who.team_id, who.user_id, gatherings_by)


def open_plan(who: Requester, client: WebClient, context: BoltContext, trigger_id: str) -> None:
    t = who.t
    chosen = who.settings
    today = utcnow().astimezone(chosen.zone).date()
    # Suggested: the ideas channel, else where the command was typed unless that is a DM.
    here = context.channel_id if CHANNEL_ID.match(context.channel_id or "") else None
    channel = chosen.ideas_channel or here
    client.views_open(trigger_id=trigger_id, view=modals.plan_modal(t, chosen.timezone, channel, today))


def plan_from(values: dict[str, Any]) -> Plan:
    """The form as typed; anything malformed reads as empty, and the service says what is missing."""
    chosen = _state(values, "ideas", ids.GATHERING_IDEAS).get("selected_options")
    idea_ids = []
    for option in chosen if isinstance(chosen, list) else []:
        number = whole_number(str(option.get("value", ""))) if isinstance(option, dict) else None
        if number is not None:
            idea_ids.append(number)
    return Plan(
        title=_string(_state(values, "title"), "value"),
        day=_string(_state(values, "day"), "selected_date"),
        time=_string(_state(values, "time"), "selected_time"),
        place=_string(_state(values, "place"), "value"),
        channel_id=_string(_state(values, "channel"), "selected_conversation"),
        idea_ids=tuple(idea_ids),
        weekly=any(
            isinstance(option, dict) and option.get("value") == "weekly"
            for option in _state(values, "weekly").get("selected_options") or []
        ),
    )


# ---------------------------------------------------------------------- I'll come / Can't make it


def on_coming(
    ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
) -> None:
    _rsvp(True, ack, action, client, context, respond)


def on_not_coming(
    ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
) -> None:
    _rsvp(False, ack, action, client, context, respond)


def _rsvp(
    coming: bool,
    ack: Ack,
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond,
) -> None:
    ack()
    who = requester(context)
    t = who.t
    gathering_id = _gathering_id(action.get("value"))
    if gathering_id is None:
        _answer_privately(respond, replies.problem_text(t, Problem.UNKNOWN))
        return
    with who.db.session() as session:
        problem = attendance.answer(session, who.team_id, gathering_id, who.user_id, coming)
    if problem is not None:
        _answer_privately(respond, replies.problem_text(t, problem))
        return
    _redraw_by_id(who, client, gathering_id)


# ---------------------------------------------------------------------- Change and Record how it went


def on_record_open(
    ack: Ack,
    action: dict[str, Any],
    body: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond,
) -> None:
    who = requester(context)
    t = who.t
    # The form needs the gathering's ideas: one read by primary key, well inside the trigger's life.
    with who.db.read() as session:
        found = records.to_record(session, who.team_id, who.user_id, _gathering_id(action.get("value")))
    ack()
    if isinstance(found, Problem):
        _answer_privately(respond, replies.problem_text(t, found))
        return
    client.views_open(trigger_id=body["trigger_id"], view=modals.record_modal(t, found))


def on_change_open(
    ack: Ack,
    action: dict[str, Any],
    body: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond,
) -> None:
    who = requester(context)
    t = who.t
    with who.db.read() as session:
        found = changes.to_change(session, who.team_id, who.user_id, _gathering_id(action.get("value")))
    ack()
    if isinstance(found, Problem):
        _answer_privately(respond, replies.problem_text(t, found))
        return
    client.views_open(trigger_id=body["trigger_id"], view=modals.change_modal(t, found, who.settings.zone))


def on_change_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    who = requester(context)
    t = who.t
    shown = metadata.read(view.get("private_metadata"))
    gathering_id = metadata.whole_number(shown, "gathering")
    wanted = _change_from(view.get("state", {}).get("values", {}))
    zone = who.settings.zone
    if gathering_id is None:
        problems, tell_those_coming = {"title": Problem.UNKNOWN}, False
    else:
        version = metadata.whole_number(shown, "version")
        with who.db.session() as session:
            problems, tell_those_coming = changes.change(
                session, who.team_id, gathering_id, who.user_id, version, wanted, zone
            )
    if problems or gathering_id is None:
        ack(response_action="errors", errors={f: replies.problem_text(t, p) for f, p in problems.items()})
        return
    ack()
    _redraw_by_id(who, client, gathering_id)
    if tell_those_coming:
        run.tell_changed(who.rt, client, who.team_id, gathering_id)


def on_record_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    who = requester(context)
    t = who.t
    gathering_id = metadata.whole_number(metadata.read(view.get("private_metadata")), "gathering")
    values = view.get("state", {}).get("values", {})
    attendance = whole_number(_string(_state(values, "attendance"), "value"), max_digits=5)
    notes = _notes_from(values)
    if gathering_id is None:
        ack(response_action="errors", errors={"attendance": replies.problem_text(t, Problem.UNKNOWN)})
        return
    with who.db.session() as session:
        problem = records.record(session, who.team_id, gathering_id, who.user_id, attendance, notes)
    if problem is not None:
        ack(response_action="errors", errors={_field_of(problem, notes): replies.problem_text(t, problem)})
        return
    ack()
    _post_recorded(who, client, gathering_id)


def _post_recorded(who: Requester, client: WebClient, gathering_id: int) -> None:
    """Redraw the announcement, and post the notes in its thread the first time they are recorded."""
    with who.db.session() as session:
        post_notes = records.claim_notes(session, who.team_id, gathering_id)
        gathering = details.get(session, who.team_id, gathering_id)
    if gathering is None:
        return  # gone since it was recorded a moment ago (its workspace purged)
    _redraw(who.rt, client, gathering)
    if post_notes and gathering.message_ts is not None:
        workspace_t = who.rt.prefs.workspace_translator(who.team_id)
        client.chat_postMessage(
            channel=gathering.channel_id,
            thread_ts=gathering.message_ts,
            unfurl_links=False,
            **messages.notes_message(workspace_t, gathering),
        )


def _change_from(values: dict[str, Any]) -> changes.Change:
    chosen = {
        option.get("value")
        for option in _state(values, "cancel").get("selected_options") or []
        if isinstance(option, dict)
    }
    return changes.Change(
        title=_string(_state(values, "title"), "value"),
        day=_string(_state(values, "day"), "selected_date"),
        time=_string(_state(values, "time"), "selected_time"),
        place=_string(_state(values, "place"), "value"),
        cancel=CANCEL in chosen,
        stop_series=STOP_SERIES in chosen,
    )


def _notes_from(values: dict[str, Any]) -> dict[int, str]:
    """The record form's note per idea, by idea id; blocks whose id names no idea are left out."""
    notes: dict[int, str] = {}
    for block_id in values:
        if isinstance(block_id, str) and block_id.startswith(NOTE_PREFIX):
            idea_id = whole_number(block_id.removeprefix(NOTE_PREFIX))
            if idea_id is not None:
                notes[idea_id] = _string(_state(values, block_id), "value")
    return notes


def _field_of(problem: Problem, notes: dict[int, str]) -> str:
    # Each problem is shown on the field it is about: a note too long (forged past the form's own
    # limit) on that note, everything else on the number.
    if problem is Problem.NOTE_TOO_LONG:
        return next(f"{NOTE_PREFIX}{i}" for i, text in notes.items() if len(clean_block(text)) > NOTE_MAX)
    return "attendance"


# ---------------------------------------------------------------------- helpers


def _redraw_by_id(who: Requester, client: WebClient, gathering_id: int) -> None:
    with who.db.read() as session:
        gathering = details.get(session, who.team_id, gathering_id)
    if gathering is not None:
        _redraw(who.rt, client, gathering)


def _redraw(rt: Runtime, client: WebClient, gathering: GatheringData) -> None:
    """The announcement again, with the counts as they stand, in the workspace's language."""
    if gathering.message_ts is None:
        return
    t = rt.prefs.workspace_translator(gathering.team_id)
    zone = rt.prefs.workspace(gathering.team_id).zone
    try:
        client.chat_update(
            channel=gathering.channel_id,
            ts=gathering.message_ts,
            **messages.announcement(t, gathering, zone),
        )
    except SlackApiError as exc:
        # The answer is kept; the counts show at the next redraw.
        log.warning("gathering %s not redrawn: %s", gathering.id, exc.response.get("error"))


def _answer_privately(respond: Respond, text: str) -> None:
    respond(response_type="ephemeral", replace_original=False, text=text)


def _state(values: dict[str, Any], block_id: str, action_id: str = ids.INPUT) -> dict[str, Any]:
    block = values.get(block_id)
    state = block.get(action_id) if isinstance(block, dict) else None
    return state if isinstance(state, dict) else {}


def _string(state: dict[str, Any], key: str) -> str:
    value = state.get(key)
    return value if isinstance(value, str) else ""


def _gathering_id(value: Any) -> int | None:
    return whole_number(value) if isinstance(value, str) else None
