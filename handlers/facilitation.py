"""Facilitators' buttons: Done, Snooze a day, Hand over (items and ideas), and the weekly check-in."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import ids, metadata
from bot.core.runtime import Runtime
from bot.core.weeks import Week
from bot.facilitation import assignment, attention, reminders
from bot.facilitation.attention import IdeaBrief, ItemData
from bot.facilitation.views.blocks import (
    digest_message,
    facilitators_only,
    handed_over,
    handed_over_dm,
    handover_modal,
    item_ids_in,
    not_a_facilitator,
    unknown_item,
)
from bot.ideas.posting import message_permalink, tell, tell_privately
from bot.members import roster
from bot.pulse import checkins
from bot.pulse.views import checkins as checkin_views
from handlers import payloads
from handlers.home import publish_home
from models import utcnow

log = logging.getLogger(__name__)

# A check-in can be corrected for this many weeks back; older weeks are posted and done with.
CHECKIN_WEEKS_OPEN = 4


def register(app: App, rt: Runtime) -> None:
    def gate(client: WebClient, team_id: str, user_id: str, channel_id: str | None) -> bool:
        """Facilitators and admins go on; anyone else hears privately that this is for facilitators."""
        if rt.member_sync.decide_with_profile(
            client, team_id, user_id, lambda session: assignment.may_facilitate(session, team_id, user_id)
        ):
            return True
        t = rt.prefs.translator(team_id, user_id)
        tell_privately(client, user_id=user_id, channel_id=channel_id, text=facilitators_only(t))
        return False

    def redraw(client: WebClient, body: dict[str, Any], team_id: str, user_id: str) -> None:
        """Show the press where it was made: the Home tab, or the digest message."""
        container = body.get("container") or {}
        if container.get("type") == "view":
            publish_home(rt, client, team_id, user_id)
            return
        message = body.get("message") or {}
        channel_id, ts = container.get("channel_id"), container.get("message_ts")
        item_ids = item_ids_in(message)
        if not (channel_id and ts and item_ids):
            return
        now = utcnow()
        with rt.db.read() as session:
            items = attention.get_items(session, team_id, item_ids)
            zone = reminders.member_zone(session, team_id, user_id)
        if not items:
            return
        urls = reminders.idea_links(client, items)
        t = rt.prefs.translator(team_id, user_id)
        redrawn = digest_message(t, items, now, urls, zone, viewer=user_id)
        try:
            client.chat_update(channel=channel_id, ts=ts, **redrawn)
        except SlackApiError as exc:
            log.info("could not redraw the digest %s: %s", ts, exc.response.get("error"))

    def item_action(
        change: str,
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()
        team_id, user_id = context.team_id, context.user_id
        t, channel_id = rt.prefs.translator(team_id, user_id), payloads.channel_of(body)
        if not gate(client, team_id, user_id, channel_id):
            return
        item_id = payloads.idea_id(action)
        now = utcnow()
        with rt.db.session() as session:
            if item_id is None:
                changed = False
            elif change == "done":
                changed = attention.mark_done(session, team_id, item_id, user_id, now)
            else:
                changed = attention.snooze(session, team_id, item_id, now)
        if not changed:
            tell_privately(client, user_id=user_id, channel_id=channel_id, text=unknown_item(t))
        redraw(client, body, team_id, user_id)

    @app.action(ids.ITEM_DONE)
    def item_done(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        item_action("done", ack, body, action, client, context)

    @app.action(ids.ITEM_SNOOZE)
    def item_snooze(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        item_action("snooze", ack, body, action, client, context)

    def open_hand_over(
        kind: str,
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()
        team_id, user_id = context.team_id, context.user_id
        t, channel_id = rt.prefs.translator(team_id, user_id), payloads.channel_of(body)
        if not gate(client, team_id, user_id, channel_id):
            return
        number = payloads.idea_id(action)
        with rt.db.read() as session:
            if kind == "item":
                known = number is not None and attention.get_item(session, team_id, number) is not None
            else:
                known = number is not None and assignment.facilitator_of(session, team_id, number) is not None
            suggested = assignment.least_loaded(session, team_id, besides=user_id)
        if not known:
            tell_privately(client, user_id=user_id, channel_id=channel_id, text=unknown_item(t))
            return
        view = handover_modal(
            t,
            item_id=number if kind == "item" else None,
            idea_id=number if kind == "idea" else None,
            suggested=suggested,
            origin=_origin(body),
        )
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(ids.ITEM_HAND_OVER)
    def item_hand_over(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        open_hand_over("item", ack, body, action, client, context)

    @app.action(ids.IDEA_HAND_OVER)
    def idea_hand_over(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        open_hand_over("idea", ack, body, action, client, context)

    @app.view(ids.HAND_OVER_MODAL)
    def submit_hand_over(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        data = metadata.read(view.get("private_metadata"))
        item_id, idea_id = metadata.whole_number(data, "item"), metadata.whole_number(data, "idea")
        chosen = payloads.selected_user(view, ids.HAND_OVER_BLOCK)
        now = utcnow()
        item: ItemData | None = None
        idea: IdeaBrief | None = None
        with rt.db.session() as session:
            if not assignment.may_facilitate(session, team_id, user_id):
                error = facilitators_only(t)
            elif chosen is None or not roster.is_facilitator(session, team_id, chosen):
                error = not_a_facilitator(t, chosen or "?")
            elif item_id is not None:
                item = attention.get_item(session, team_id, item_id)
                moved = item is not None and attention.hand_over(session, team_id, item_id, chosen)
                error = None if moved else unknown_item(t)
                idea = item.idea if item else None
            elif idea_id is not None:
                moved = assignment.hand_over_idea(session, team_id, idea_id, chosen)
                error = None if moved else unknown_item(t)
                idea = attention.idea_brief(session, team_id, idea_id)
            else:
                error = unknown_item(t)
        if error is not None:
            ack(response_action="errors", errors={ids.HAND_OVER_BLOCK: error})
            return
        ack()
        assert chosen is not None
        url = message_permalink(client, idea.channel_id, idea.message_ts) if idea else None
        their_t = rt.prefs.translator(team_id, chosen)
        if chosen != user_id:
            tell(client, chosen, handed_over_dm(their_t, user_id, item, idea, url, now))
        tell(client, user_id, {"text": handed_over(t, chosen)})
        origin = data.get("origin")
        if isinstance(origin, dict):
            redraw_origin(client, origin, team_id, user_id)

    def redraw_origin(client: WebClient, origin: dict[str, Any], team_id: str, user_id: str) -> None:
        if origin.get("type") == "view":
            publish_home(rt, client, team_id, user_id)
        elif isinstance(origin.get("channel"), str) and isinstance(origin.get("ts"), str):
            ids_shown = [i for i in origin.get("items") or [] if isinstance(i, int)]
            body = {
                "container": {"type": "message", "channel_id": origin["channel"], "message_ts": origin["ts"]},
                "message": {"blocks": [{"block_id": f"item:{i}"} for i in ids_shown]},
            }
            redraw(client, body, team_id, user_id)

    @app.action(ids.CHECKIN_OPEN)
    def open_checkin(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        channel_id = payloads.channel_of(body)
        week = _open_week(rt, team_id, action.get("value"))
        with rt.db.read() as session:
            allowed = roster.is_facilitator(session, team_id, user_id)
            current = checkins.answer_of(session, team_id, week.label, user_id) if week else None
        if not allowed:
            tell_privately(client, user_id=user_id, channel_id=channel_id, text=facilitators_only(t))
        elif week is None:
            tell_privately(client, user_id=user_id, channel_id=channel_id, text=checkin_views.unknown_week(t))
        else:
            client.views_open(
                trigger_id=body["trigger_id"],
                view=checkin_views.checkin_modal(t, week.label, week.monday, current),
            )

    @app.view(ids.CHECKIN_MODAL)
    def submit_checkin(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        team_id, user_id = context.team_id, context.user_id
        t = rt.prefs.translator(team_id, user_id)
        week = _open_week(rt, team_id, metadata.text(metadata.read(view.get("private_metadata")), "week"))
        raw = {name: payloads.input_text(view, name) for name in ("attendance", "new_partners", "news")}
        answer, problems = checkins.parse_answer(raw)
        with rt.db.read() as session:
            allowed = roster.is_facilitator(session, team_id, user_id)
        if not allowed or week is None:
            problem = facilitators_only(t) if not allowed else checkin_views.unknown_week(t)
            ack(response_action="errors", errors={"attendance": problem})
            return
        if answer is None:
            ack(response_action="errors", errors=checkin_views.field_errors(t, problems))
            return
        with rt.db.session() as session:
            checkins.save_answer(session, team_id, week.label, user_id, answer, utcnow())
        ack(response_action="update", view=checkin_views.thanks_modal(t, week.label, week.monday))


def _open_week(rt: Runtime, team_id: str, label: Any) -> Week | None:
    """The week a check-in button or form names, if it may still be answered; None when forged or old."""
    zone = rt.prefs.workspace(team_id).zone
    if not isinstance(label, str):
        return None
    try:
        week = Week.parse(label, zone)
    except ValueError:
        return None
    current = Week.current(zone)
    age = (current.monday - week.monday).days // 7
    return week if 0 <= age < CHECKIN_WEEKS_OPEN else None


def _origin(body: dict[str, Any]) -> dict[str, Any]:
    """Where the hand-over was pressed, so that place can be redrawn after the form."""
    container = body.get("container") or {}
    if container.get("type") == "view":
        return {"type": "view"}
    return {
        "type": "message",
        "channel": container.get("channel_id"),
        "ts": container.get("message_ts"),
        "items": item_ids_in(body.get("message") or {}),
    }
