"""Pairing: `/thinktank pair …`, the Home buttons, "Skip this round", "Did you meet?" and the learning
form."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.core.runtime import Runtime
from bot.ideas.posting import replace_message, tell, tell_privately
from bot.pairing import followup, learnings, participation, schedule
from bot.pairing import status as pairing_status
from bot.pairing.followup import AnswerOutcome
from bot.pairing.learnings import LearningOutcome
from bot.pairing.participation import FormProblem
from bot.pairing.schedule import SkipOutcome
from bot.pairing.views import messages, modals, replies
from bot.slack.context import Requester, requester
from handlers import payloads
from handlers.home import publish_home
from models import utcnow
from models.pairing import LEARNING_MAX, TOPIC_MAX

log = logging.getLogger(__name__)

SUBCOMMANDS = ("join", "leave", "pause", "status")


def register(app: App) -> None:
    """The route table; the listeners read the runtime from Bolt's context (`bot.slack.context`)."""
    app.action(ids.PAIR_JOIN)(on_join_from_home)
    app.view(ids.PAIR_JOIN_MODAL)(on_join_submitted)
    app.action(ids.PAIR_LEAVE)(on_leave_from_home)
    app.action(ids.PAIR_PAUSE)(on_pause_from_home)
    app.action(ids.PAIR_RESUME)(on_resume)
    app.action(ids.PAIR_SKIP)(on_skip_round)
    app.action(ids.PAIR_MET)(on_met)
    app.action(ids.PAIR_NOT_YET)(on_not_yet)
    app.action(ids.PAIR_WONT)(on_wont)
    app.view(ids.PAIR_LEARNING_MODAL)(on_learning_submitted)


# ---------------------------------------------------------------------- /thinktank pair


def pair_command(
    rt: Runtime, ack: Ack, client: WebClient, context: BoltContext, words: list[str], trigger_id: str
) -> None:
    """`/thinktank pair join|leave|pause WEEKS|status` (`words` are what follows `pair`), dispatched by
    `handlers.thinktank` (`rt` is its runtime, the requester's too)."""
    who = requester(context)
    t = who.t
    sub = words[0].lower() if words else "status"
    rest = words[1:]
    if sub not in SUBCOMMANDS or (sub != "pause" and rest) or (sub == "pause" and len(rest) != 1):
        ack(text=replies.usage(t))
    elif sub == "join":
        ack()
        open_join_form(who, client, trigger_id, from_home=False)
    elif sub == "status":
        ack(text=status_of(who) + "\n\n" + replies.usage(t))
    elif sub == "leave":
        ack(text=_leave(who))
    else:
        ack(text=_pause(who, rest[0]))


def status_of(who: Requester) -> str:
    settings = who.settings
    now = utcnow()
    with who.db.read() as session:
        status = pairing_status.status(session, who.team_id, who.user_id, settings, now)
    return replies.status_text(who.t, status, settings.zone, now)


def _leave(who: Requester) -> str:
    """Leave the rounds; what the command answers."""
    with who.db.session() as session:
        was = participation.leave(session, who.team_id, who.user_id, utcnow())
    return replies.left(who.t) if was else replies.not_taking_part(who.t)


def _pause(who: Requester, raw_weeks: str) -> str:
    """Pause for `raw_weeks` weeks as typed; what the command answers."""
    t = who.t
    now = utcnow()
    weeks = participation.parse_weeks(raw_weeks)
    if weeks is None:
        return replies.usage(t)
    with who.db.session() as session:
        until = participation.pause(session, who.team_id, who.user_id, weeks, now)
    return replies.paused(t, until, who.settings.zone) if until else replies.not_taking_part(t)


# ---------------------------------------------------------------------- joining, and the Home buttons


def open_join_form(who: Requester, client: WebClient, trigger_id: str, *, from_home: bool) -> None:
    t = who.t
    with who.db.read() as session:
        current = participation.participant(session, who.team_id, who.user_id)
    view = modals.join_modal(t, who.settings.themes, current)
    view["private_metadata"] = metadata.write({"home": from_home})
    client.views_open(trigger_id=trigger_id, view=view)


def on_join_from_home(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    open_join_form(requester(context), client, body["trigger_id"], from_home=True)


def on_join_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    who = requester(context)
    t, settings = who.t, who.settings
    raw_topic = payloads.input_text(view, "topic")
    answer, problems = participation.parse_join(
        raw_topic, payloads.selected_values(view, "interests"), settings.themes
    )
    if answer is None:
        ack(
            response_action="errors",
            errors={field: modals.form_problem(t, p, TOPIC_MAX) for field, p in problems.items()},
        )
        return
    now = utcnow()
    with who.db.session() as session:
        newly = participation.join(session, who.team_id, who.user_id, answer, now)
        upcoming = schedule.next_moment(session, who.team_id, settings, now)
    ack(response_action="update", view=modals.joined_modal(t, upcoming, settings.zone, newly))
    if metadata.read(view.get("private_metadata")).get("home") is True:
        publish_home(who.rt, client, who.team_id, who.user_id)


def on_leave_from_home(ack: Ack, client: WebClient, context: BoltContext) -> None:
    ack()
    who = requester(context)
    with who.db.session() as session:
        participation.leave(session, who.team_id, who.user_id, utcnow())
    publish_home(who.rt, client, who.team_id, who.user_id)


def on_pause_from_home(ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    who = requester(context)
    weeks = participation.parse_weeks(payloads.selected_option(action) or "")
    if weeks is not None:
        with who.db.session() as session:
            participation.pause(session, who.team_id, who.user_id, weeks, utcnow())
    publish_home(who.rt, client, who.team_id, who.user_id)


def on_resume(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Back in the rounds, from the Home tab or from the DM that said they were paused."""
    ack()
    who = requester(context)
    t, settings = who.t, who.settings
    now = utcnow()
    with who.db.session() as session:
        back = participation.resume(session, who.team_id, who.user_id, now)
        upcoming = schedule.next_moment(session, who.team_id, settings, now)
    if (body.get("container") or {}).get("type") == "view":
        publish_home(who.rt, client, who.team_id, who.user_id)
    elif back:
        text = replies.resumed(t, upcoming, settings.zone)
        replace_message(client, body, {"text": text, "blocks": []})
    else:
        channel_id = payloads.channel_of(body)
        tell_privately(client, user_id=who.user_id, channel_id=channel_id, text=replies.not_taking_part(t))


# ---------------------------------------------------------------------- a round: skip, and "Did you meet?"


def on_skip_round(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    who = requester(context)
    t = who.t
    round_id = payloads.idea_id(action)
    with who.db.session() as session:
        me = participation.participant(session, who.team_id, who.user_id)
        if me is None or not me.active:
            outcome = None
        elif round_id is None:
            outcome = SkipOutcome.UNKNOWN
        else:
            outcome = schedule.skip(session, who.team_id, round_id, who.user_id, utcnow())
    if outcome == SkipOutcome.SKIPPED:
        replace_message(client, body, messages.skipped(t))
        return
    text = _skip_refusal(t, outcome)
    tell_privately(client, user_id=who.user_id, channel_id=payloads.channel_of(body), text=text)


def _skip_refusal(t: Translator, outcome: SkipOutcome | None) -> str:
    """Why a skip did not happen: not taking part (None), too late, or a round that is not one."""
    if outcome is None:
        return replies.not_taking_part(t)
    if outcome == SkipOutcome.TOO_LATE:
        return replies.skip_too_late(t)
    return replies.unknown_round(t)


def on_met(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    _did_you_meet(followup.MET, ack, body, action, client, context)


def on_not_yet(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    _did_you_meet(followup.NOT_YET, ack, body, action, client, context)


def on_wont(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    _did_you_meet(followup.WONT, ack, body, action, client, context)


def _did_you_meet(
    said: str,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
) -> None:
    ack()
    who = requester(context)
    t = who.t
    channel_id = payloads.channel_of(body)
    group_id = payloads.idea_id(action)
    outcome = AnswerOutcome.UNKNOWN
    if group_id is not None:
        with who.db.session() as session:
            outcome = followup.answer(session, who.team_id, group_id, who.user_id, said, utcnow())
    if group_id is None or outcome != AnswerOutcome.SAVED:
        text = replies.unknown_round(t) if outcome == AnswerOutcome.UNKNOWN else replies.not_your_group(t)
        tell_privately(client, user_id=who.user_id, channel_id=channel_id, text=text)
    elif said == followup.MET:
        learnings_channel = who.settings.learnings_channel
        view = modals.learning_modal(t, group_id, learnings_channel)
        client.views_open(trigger_id=body["trigger_id"], view=view)
    else:
        tell_privately(client, user_id=who.user_id, channel_id=channel_id, text=replies.answer_noted(t, said))


# ---------------------------------------------------------------------- the learning form


def on_learning_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    who = requester(context)
    t = who.t
    group_id = metadata.whole_number(metadata.read(view.get("private_metadata")), "group")
    channel_id = who.settings.learnings_channel
    if "share" not in payloads.selected_values(view, "consent"):
        ack(response_action="update", view=modals.learning_thanks_modal(t, False, channel_id))
        return
    text, problem = learnings.parse_learning(payloads.input_text(view, "learning"))
    if text is None:
        # No text comes with a problem; should none be named, it is the text that is missing.
        said = modals.form_problem(t, problem or FormProblem.MISSING, LEARNING_MAX)
        ack(response_action="errors", errors={"learning": said})
        return
    kept = _keep_learning(who, group_id, text)
    if not isinstance(kept, int):
        ack(response_action="errors", errors={"learning": kept})
        return
    ack(response_action="update", view=modals.learning_thanks_modal(t, True, channel_id))
    if channel_id:
        _post_learning(who, client, kept, text, channel_id)


def _keep_learning(who: Requester, group_id: int | None, text: str) -> int | str:
    """The learning kept, by id; else why not, in words for the form."""
    outcome, learning_id = LearningOutcome.NOT_IN_GROUP, None
    if group_id is not None:
        with who.db.session() as session:
            outcome, learning_id = learnings.keep_learning(
                session, who.team_id, group_id, who.user_id, text, utcnow()
            )
    if outcome == LearningOutcome.KEPT and learning_id is not None:
        return learning_id
    if outcome == LearningOutcome.ALREADY:
        return replies.learning_already(who.t)
    return replies.not_your_group(who.t)


def _post_learning(who: Requester, client: WebClient, learning_id: int, text: str, channel_id: str) -> None:
    """Share the learning in the workspace's learnings channel; its author hears when Slack refuses."""
    message = messages.learning_post(who.rt.prefs.workspace_translator(who.team_id), text, who.user_id)
    try:
        response = client.chat_postMessage(channel=channel_id, unfurl_links=False, **message)
    except SlackApiError as exc:
        error = str(exc.response.get("error") or "unknown_error")
        log.warning("learning %s not posted to %s: %s", learning_id, channel_id, error)
        tell(client, who.user_id, {"text": replies.learning_not_posted(who.t, channel_id, error)})
        return
    with who.db.session() as session:
        learnings.record_learning_post(session, who.team_id, learning_id, response["channel"], response["ts"])
