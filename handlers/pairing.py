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
from bot.pairing import rounds
from bot.pairing.rounds import AnswerOutcome, LearningOutcome, SkipOutcome
from bot.pairing.views import blocks as views
from handlers import payloads
from handlers.home import publish_home
from models import utcnow

log = logging.getLogger(__name__)

SUBCOMMANDS = ("join", "leave", "pause", "status")


def pair_command(
    rt: Runtime, ack: Ack, client: WebClient, context: BoltContext, words: list[str], trigger_id: str
) -> None:
    """`/thinktank pair join|leave|pause WEEKS|status` (`words` are what follows `pair`)."""
    team_id, user_id = context.team_id, context.user_id
    t = rt.prefs.translator(team_id, user_id)
    sub = words[0].lower() if words else "status"
    rest = words[1:]
    if sub not in SUBCOMMANDS or (sub != "pause" and rest) or (sub == "pause" and len(rest) != 1):
        ack(text=views.usage(t))
        return
    if sub == "join":
        ack()
        open_join_form(rt, client, team_id, user_id, trigger_id, from_home=False)
        return
    if sub == "status":
        ack(text=status_of(rt, t, team_id, user_id) + "\n\n" + views.usage(t))
        return
    now = utcnow()
    if sub == "leave":
        with rt.db.session() as session:
            was = rounds.leave(session, team_id, user_id, now)
        ack(text=views.left(t) if was else views.not_taking_part(t))
        return
    weeks = rounds.parse_weeks(rest[0])
    if weeks is None:
        ack(text=views.usage(t))
        return
    with rt.db.session() as session:
        until = rounds.pause(session, team_id, user_id, weeks, now)
    zone = rt.prefs.workspace(team_id).zone
    ack(text=views.paused(t, until, zone) if until else views.not_taking_part(t))


def status_of(rt: Runtime, t: Translator, team_id: str, user_id: str) -> str:
    settings = rt.prefs.workspace(team_id)
    now = utcnow()
    with rt.db.read() as session:
        status = rounds.status(session, team_id, user_id, settings, now)
    return views.status_text(t, status, settings.zone, now)


def open_join_form(
    rt: Runtime, client: WebClient, team_id: str, user_id: str, trigger_id: str, *, from_home: bool
) -> None:
    t = rt.prefs.translator(team_id, user_id)
    with rt.db.read() as session:
        current = rounds.participant(session, team_id, user_id)
    view = views.join_modal(t, rt.prefs.workspace(team_id).themes, current)
    view["private_metadata"] = metadata.write({"home": from_home})
    client.views_open(trigger_id=trigger_id, view=view)


def register(app: App, rt: Runtime) -> None:
    @app.action(ids.PAIR_JOIN)
    def join_from_home(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        open_join_form(rt, client, context.team_id, context.user_id, body["trigger_id"], from_home=True)

    @app.view(ids.PAIR_JOIN_MODAL)
    def submit_join(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        settings = rt.prefs.workspace(team_id)
        raw_topic = payloads.input_text(view, "topic")
        answer, problems = rounds.parse_join(
            raw_topic, payloads.selected_values(view, "interests"), settings.themes
        )
        if answer is None:
            ack(
                response_action="errors",
                errors={field: views.form_problem(t, p, rounds.TOPIC_MAX) for field, p in problems.items()},
            )
            return
        now = utcnow()
        with rt.db.session() as session:
            newly = rounds.join(session, team_id, user_id, answer, now)
            upcoming = rounds.next_moment(session, team_id, settings, now)
        ack(response_action="update", view=views.joined_modal(t, upcoming, settings.zone, newly))
        if metadata.read(view.get("private_metadata")).get("home") is True:
            publish_home(rt, client, team_id, user_id)

    @app.action(ids.PAIR_LEAVE)
    def leave_from_home(ack: Ack, client: WebClient, context: BoltContext) -> None:
        ack()
        with rt.db.session() as session:
            rounds.leave(session, context.team_id, context.user_id, utcnow())
        publish_home(rt, client, context.team_id, context.user_id)

    @app.action(ids.PAIR_PAUSE)
    def pause_from_home(ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        weeks = rounds.parse_weeks(payloads.selected_option(action) or "")
        if weeks is not None:
            with rt.db.session() as session:
                rounds.pause(session, context.team_id, context.user_id, weeks, utcnow())
        publish_home(rt, client, context.team_id, context.user_id)

    @app.action(ids.PAIR_RESUME)
    def resume(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        settings = rt.prefs.workspace(team_id)
        now = utcnow()
        with rt.db.session() as session:
            back = rounds.resume(session, team_id, user_id, now)
            upcoming = rounds.next_moment(session, team_id, settings, now)
        if (body.get("container") or {}).get("type") == "view":
            publish_home(rt, client, team_id, user_id)
        elif back:
            text = views.resumed(t, upcoming, settings.zone)
            replace_message(client, body, {"text": text, "blocks": []})
        else:
            tell_privately(
                client, user_id=user_id, channel_id=payloads.channel_of(body), text=views.not_taking_part(t)
            )

    @app.action(ids.PAIR_SKIP)
    def skip_round(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        round_id = payloads.idea_id(action)
        with rt.db.session() as session:
            me = rounds.participant(session, team_id, user_id)
            if me is None or not me.active:
                outcome = None
            elif round_id is None:
                outcome = SkipOutcome.UNKNOWN
            else:
                outcome = rounds.skip(session, team_id, round_id, user_id, utcnow())
        if outcome == SkipOutcome.SKIPPED:
            replace_message(client, body, views.skipped(t))
            return
        text = {
            None: views.not_taking_part(t),
            SkipOutcome.TOO_LATE: views.skip_too_late(t),
            SkipOutcome.UNKNOWN: views.unknown_round(t),
        }[outcome]
        tell_privately(client, user_id=user_id, channel_id=payloads.channel_of(body), text=text)

    def did_you_meet(
        said: str,
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        channel_id = payloads.channel_of(body)
        group_id = payloads.idea_id(action)
        with rt.db.session() as session:
            outcome = (
                AnswerOutcome.UNKNOWN
                if group_id is None
                else rounds.answer(session, team_id, group_id, user_id, said, utcnow())
            )
        if outcome != AnswerOutcome.SAVED:
            text = views.unknown_round(t) if outcome == AnswerOutcome.UNKNOWN else views.not_your_group(t)
            tell_privately(client, user_id=user_id, channel_id=channel_id, text=text)
        elif said == rounds.MET:
            assert group_id is not None
            channel = rt.prefs.workspace(team_id).learnings_channel
            client.views_open(trigger_id=body["trigger_id"], view=views.learning_modal(t, group_id, channel))
        else:
            tell_privately(client, user_id=user_id, channel_id=channel_id, text=views.answer_noted(t, said))

    @app.action(ids.PAIR_MET)
    def met(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        did_you_meet(rounds.MET, ack, body, action, client, context)

    @app.action(ids.PAIR_NOT_YET)
    def not_yet(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        did_you_meet(rounds.NOT_YET, ack, body, action, client, context)

    @app.action(ids.PAIR_WONT)
    def wont(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        did_you_meet(rounds.WONT, ack, body, action, client, context)

    @app.view(ids.PAIR_LEARNING_MODAL)
    def submit_learning(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        group_id = metadata.whole_number(metadata.read(view.get("private_metadata")), "group")
        channel_id = rt.prefs.workspace(team_id).learnings_channel
        if "share" not in payloads.selected_values(view, "consent"):
            ack(response_action="update", view=views.learning_thanks_modal(t, False, channel_id))
            return
        text, problem = rounds.parse_learning(payloads.input_text(view, "learning"))
        if text is None:
            assert problem is not None
            ack(
                response_action="errors",
                errors={"learning": views.form_problem(t, problem, rounds.LEARNING_MAX)},
            )
            return
        with rt.db.session() as session:
            if group_id is None:
                outcome, learning_id = LearningOutcome.NOT_IN_GROUP, None
            else:
                outcome, learning_id = rounds.keep_learning(
                    session, team_id, group_id, user_id, text, utcnow()
                )
        if outcome != LearningOutcome.KEPT:
            refusal = (
                views.learning_already(t) if outcome == LearningOutcome.ALREADY else views.not_your_group(t)
            )
            ack(response_action="errors", errors={"learning": refusal})
            return
        ack(response_action="update", view=views.learning_thanks_modal(t, True, channel_id))
        assert learning_id is not None
        if channel_id:
            post_learning(client, team_id, user_id, learning_id, text, channel_id)

    def post_learning(
        client: WebClient, team_id: str, user_id: str, learning_id: int, text: str, channel_id: str
    ) -> None:
        message = views.learning_post(rt.prefs.workspace_translator(team_id), text, user_id)
        try:
            response = client.chat_postMessage(channel=channel_id, unfurl_links=False, **message)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "unknown_error")
            log.warning("learning %s not posted to %s: %s", learning_id, channel_id, error)
            t = rt.prefs.translator(team_id, user_id)
            tell(client, user_id, {"text": views.learning_not_posted(t, channel_id, error)})
            return
        with rt.db.session() as session:
            rounds.record_learning_post(session, team_id, learning_id, response["channel"], response["ts"])
