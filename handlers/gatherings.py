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
from bot.gatherings import plans, run
from bot.gatherings.plans import GatheringData, Plan, Problem
from bot.gatherings.views import blocks as views
from bot.ideas.posting import tell
from models import utcnow
from models.gathering import NOTE_MAX

log = logging.getLogger(__name__)


def may_plan(rt: Runtime, team_id: str, user_id: str) -> bool:
    gatherings_by = rt.prefs.workspace(team_id).gatherings_by
    if gatherings_by == "everyone":
        return True  # the common case reads nothing before the form opens
    with rt.db.read() as session:
        return plans.may_plan(session, team_id, user_id, gatherings_by)


def open_plan(rt: Runtime, client: WebClient, context: BoltContext, trigger_id: str) -> None:
    t = rt.prefs.translator(context.team_id, context.user_id)
    chosen = rt.prefs.workspace(context.team_id)
    today = utcnow().astimezone(chosen.zone).date()
    # Suggested: the ideas channel, else where the command was typed unless that is a DM.
    here = context.channel_id if CHANNEL_ID.match(context.channel_id or "") else None
    channel = chosen.ideas_channel or here
    client.views_open(trigger_id=trigger_id, view=views.plan_modal(t, chosen.timezone, channel, today))


def meet_command(rt: Runtime, ack: Ack, client: WebClient, context: BoltContext, trigger_id: str) -> None:
    if not may_plan(rt, context.team_id, context.user_id):
        ack(text=views.only_facilitators_plan(rt.prefs.translator(context.team_id, context.user_id)))
        return
    ack()
    open_plan(rt, client, context, trigger_id)


def _state(values: dict[str, Any], block_id: str, action_id: str = ids.INPUT) -> dict[str, Any]:
    block = values.get(block_id)
    state = block.get(action_id) if isinstance(block, dict) else None
    return state if isinstance(state, dict) else {}


def _string(state: dict[str, Any], key: str) -> str:
    value = state.get(key)
    return value if isinstance(value, str) else ""


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


def _gathering_id(value: Any) -> int | None:
    return whole_number(value) if isinstance(value, str) else None


def register(app: App, rt: Runtime) -> None:
    @app.options(ids.GATHERING_IDEAS)
    def idea_choices(ack: Ack, payload: dict[str, Any], context: BoltContext) -> None:
        with rt.db.read() as session:
            found = plans.ideas_matching(session, context.team_id, str(payload.get("value", "")))
        ack(options=views.idea_options(found))

    @app.action(ids.HOME_MEET)
    def meet_from_home(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        if not may_plan(rt, context.team_id, context.user_id):
            # The Home tab has no place for an answer: a DM says why no form opened.
            t = rt.prefs.translator(context.team_id, context.user_id)
            tell(client, context.user_id, {"text": views.only_facilitators_plan(t)})
            return
        open_plan(rt, client, context, body["trigger_id"])

    @app.view(ids.GATHERING_PLAN_MODAL)
    def plan_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        chosen = rt.prefs.workspace(team_id)
        plan = plan_from(view.get("state", {}).get("values", {}))
        with rt.db.session() as session:
            # Checked again on submit: a form can be forged, and the setting may have changed.
            if not plans.may_plan(session, team_id, user_id, chosen.gatherings_by):
                ack(response_action="errors", errors={"title": views.only_facilitators_plan(t)})
                return
            problems, starts_at = plans.check_plan(session, team_id, plan, chosen.zone)
            if problems or starts_at is None:
                ack(
                    response_action="errors",
                    errors={field: views.problem_text(t, problem) for field, problem in problems.items()},
                )
                return
            # Stored before the ack: should the database fail, the form stays open with the plan in it.
            gathering_id = plans.plan_gathering(session, team_id, user_id, plan, starts_at)
        ack()
        run.announce(rt, client, team_id, gathering_id)

    def redraw(client: WebClient, gathering: GatheringData) -> None:
        if gathering.message_ts is None:
            return
        t = rt.prefs.workspace_translator(gathering.team_id)
        zone = rt.prefs.workspace(gathering.team_id).zone
        try:
            client.chat_update(
                channel=gathering.channel_id,
                ts=gathering.message_ts,
                **views.announcement(t, gathering, zone),
            )
        except SlackApiError as exc:
            # The answer is kept; the counts show at the next redraw.
            log.warning("gathering %s not redrawn: %s", gathering.id, exc.response.get("error"))

    def rsvp(
        coming: bool,
        ack: Ack,
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        ack()
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        gathering_id = _gathering_id(action.get("value"))
        if gathering_id is None:
            respond(
                response_type="ephemeral", replace_original=False, text=views.problem_text(t, Problem.UNKNOWN)
            )
            return
        with rt.db.session() as session:
            problem = plans.answer(session, team_id, gathering_id, user_id, coming)
        if problem is not None:
            respond(response_type="ephemeral", replace_original=False, text=views.problem_text(t, problem))
            return
        with rt.db.read() as session:
            gathering = plans.get(session, team_id, gathering_id)
        if gathering is not None:
            redraw(client, gathering)

    @app.action(ids.GATHERING_COMING)
    def coming(
        ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        rsvp(True, ack, action, client, context, respond)

    @app.action(ids.GATHERING_NOT_COMING)
    def not_coming(
        ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        rsvp(False, ack, action, client, context, respond)

    @app.action(ids.GATHERING_RECORD)
    def open_record(
        ack: Ack,
        action: dict[str, Any],
        body: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        # The form needs the gathering's ideas: one read by primary key, well inside the trigger's life.
        with rt.db.read() as session:
            found = plans.to_record(session, team_id, user_id, _gathering_id(action.get("value")))
        ack()
        if isinstance(found, Problem):
            respond(response_type="ephemeral", replace_original=False, text=views.problem_text(t, found))
            return
        client.views_open(trigger_id=body["trigger_id"], view=views.record_modal(t, found))

    @app.action(ids.GATHERING_CHANGE)
    def open_change(
        ack: Ack,
        action: dict[str, Any],
        body: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        with rt.db.read() as session:
            found = plans.to_change(session, team_id, user_id, _gathering_id(action.get("value")))
        ack()
        if isinstance(found, Problem):
            respond(response_type="ephemeral", replace_original=False, text=views.problem_text(t, found))
            return
        zone = rt.prefs.workspace(team_id).zone
        client.views_open(trigger_id=body["trigger_id"], view=views.change_modal(t, found, zone))

    @app.view(ids.GATHERING_CHANGE_MODAL)
    def change_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        shown = metadata.read(view.get("private_metadata"))
        gathering_id = metadata.whole_number(shown, "gathering")
        values = view.get("state", {}).get("values", {})
        chosen = {
            option.get("value")
            for option in _state(values, "cancel").get("selected_options") or []
            if isinstance(option, dict)
        }
        wanted = plans.Change(
            title=_string(_state(values, "title"), "value"),
            day=_string(_state(values, "day"), "selected_date"),
            time=_string(_state(values, "time"), "selected_time"),
            place=_string(_state(values, "place"), "value"),
            cancel="cancel" in chosen,
            stop_series="stop_series" in chosen,
        )
        zone = rt.prefs.workspace(team_id).zone
        with rt.db.session() as session:
            if gathering_id is None:
                problems, tell = {"title": Problem.UNKNOWN}, False
            else:
                version = metadata.whole_number(shown, "version")
                problems, tell = plans.change(session, team_id, gathering_id, user_id, version, wanted, zone)
        if problems:
            ack(response_action="errors", errors={f: views.problem_text(t, p) for f, p in problems.items()})
            return
        ack()
        if gathering_id is None:
            return  # never here: a form without its gathering was refused above
        with rt.db.read() as session:
            gathering = plans.get(session, team_id, gathering_id)
        if gathering is not None:
            redraw(client, gathering)
        if tell:
            run.tell_changed(rt, client, team_id, gathering_id)

    @app.view(ids.GATHERING_RECORD_MODAL)
    def record_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        gathering_id = metadata.whole_number(metadata.read(view.get("private_metadata")), "gathering")
        values = view.get("state", {}).get("values", {})
        attendance = whole_number(_string(_state(values, "attendance"), "value"), max_digits=5)
        notes = {}
        for block_id in values:
            if isinstance(block_id, str) and block_id.startswith("note_"):
                idea_id = whole_number(block_id.removeprefix("note_"))
                if idea_id is not None:
                    notes[idea_id] = _string(_state(values, block_id), "value")
        if gathering_id is None:
            ack(response_action="errors", errors={"attendance": views.problem_text(t, Problem.UNKNOWN)})
            return
        with rt.db.session() as session:
            problem = plans.record(session, team_id, gathering_id, user_id, attendance, notes)
        if problem is not None:
            # Each problem is shown on the field it is about: a note too long (forged past the
            # form's own limit) on that note, everything else on the number.
            field = "attendance"
            if problem is Problem.NOTE_TOO_LONG:
                field = next(f"note_{i}" for i, text in notes.items() if len(clean_block(text)) > NOTE_MAX)
            ack(response_action="errors", errors={field: views.problem_text(t, problem)})
            return
        ack()
        with rt.db.session() as session:
            post_notes = plans.claim_notes(session, team_id, gathering_id)
            gathering = plans.get(session, team_id, gathering_id)
        if gathering is None:
            return  # gone since it was recorded a moment ago (its workspace purged)
        redraw(client, gathering)
        if post_notes and gathering.message_ts is not None:
            workspace_t = rt.prefs.workspace_translator(team_id)
            client.chat_postMessage(
                channel=gathering.channel_id,
                thread_ts=gathering.message_ts,
                unfurl_links=False,
                **views.notes_message(workspace_t, gathering),
            )
