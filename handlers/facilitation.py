"""Facilitators' buttons: Done, Snooze a day, Hand over (items and ideas), and the weekly check-in."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import ids, metadata
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
from bot.slack.context import Requester, requester
from handlers import payloads
from handlers.home import publish_home
from models import utcnow

log = logging.getLogger(__name__)

# A check-in can be corrected for this many weeks back; older weeks are posted and done with.
CHECKIN_WEEKS_OPEN = 4

# What an item button does to the item.
DONE, SNOOZE = "done", "snooze"
# What a Hand over button hands over.
ITEM, IDEA = "item", "idea"


def register(app: App) -> None:
    """The route table; the listeners read the runtime from Bolt's context (`bot.slack.context`)."""
    app.action(ids.ITEM_DONE)(on_item_done)
    app.action(ids.ITEM_SNOOZE)(on_item_snooze)
    app.action(ids.ITEM_HAND_OVER)(on_item_hand_over)
    app.action(ids.IDEA_HAND_OVER)(on_idea_hand_over)
    app.view(ids.HAND_OVER_MODAL)(on_hand_over_submitted)
    app.action(ids.CHECKIN_OPEN)(on_checkin_open)
    app.view(ids.CHECKIN_MODAL)(on_checkin_submitted)


# ---------------------------------------------------------------------- Done and Snooze a day


def on_item_done(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    _change_item(DONE, ack, body, action, client, context)


def on_item_snooze(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    _change_item(SNOOZE, ack, body, action, client, context)


def _change_item(
    change: str,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
) -> None:
    ack()
    who = requester(context)
    t, channel_id = who.t, payloads.channel_of(body)
    if not _gate(who, client, channel_id):
        return
    item_id = payloads.idea_id(action)
    now = utcnow()
    with who.db.session() as session:
        if item_id is None:
            changed = False
        elif change == DONE:
            changed = attention.mark_done(session, who.team_id, item_id, who.user_id, now)
        else:
            changed = attention.snooze(session, who.team_id, item_id, now)
    if not changed:
        tell_privately(client, user_id=who.user_id, channel_id=channel_id, text=unknown_item(t))
    _redraw(who, client, body)


# ---------------------------------------------------------------------- Hand over


def on_item_hand_over(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    _open_hand_over(ITEM, ack, body, action, client, context)


def on_idea_hand_over(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    _open_hand_over(IDEA, ack, body, action, client, context)


def _open_hand_over(
    kind: str,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
) -> None:
    ack()
    who = requester(context)
    t, channel_id = who.t, payloads.channel_of(body)
    if not _gate(who, client, channel_id):
        return
    number = payloads.idea_id(action)
    with who.db.read() as session:
        if number is None:
            known = False
        elif kind == ITEM:
            known = attention.get_item(session, who.team_id, number) is not None
        else:
            known = assignment.facilitator_of(session, who.team_id, number) is not None
        suggested = assignment.least_loaded(session, who.team_id, besides=who.user_id)
    if not known:
        tell_privately(client, user_id=who.user_id, channel_id=channel_id, text=unknown_item(t))
        return
    view = handover_modal(
        t,
        item_id=number if kind == ITEM else None,
        idea_id=number if kind == IDEA else None,
        suggested=suggested,
        origin=_origin(body),
    )
    client.views_open(trigger_id=body["trigger_id"], view=view)


@dataclass(frozen=True)
class _HandedOver:
    """An item or idea now in `chosen`'s hands, with what their DM tells of it."""

    chosen: str
    item: ItemData | None
    idea: IdeaBrief | None


def on_hand_over_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    who = requester(context)
    t = who.t
    data = metadata.read(view.get("private_metadata"))
    chosen = payloads.selected_user(view, ids.HAND_OVER_BLOCK)
    now = utcnow()
    outcome = _hand_over(who, data, chosen)
    if not isinstance(outcome, _HandedOver):
        ack(response_action="errors", errors={ids.HAND_OVER_BLOCK: outcome})
        return
    ack()
    idea, chosen = outcome.idea, outcome.chosen
    url = message_permalink(client, idea.channel_id, idea.message_ts) if idea else None
    their_t = who.rt.prefs.translator(who.team_id, chosen)
    if chosen != who.user_id:
        tell(client, chosen, handed_over_dm(their_t, who.user_id, outcome.item, idea, url, now))
    tell(client, who.user_id, {"text": handed_over(t, chosen)})
    origin = data.get("origin")
    if isinstance(origin, dict):
        _redraw_origin(who, client, origin)


def _hand_over(who: Requester, data: dict[str, Any], chosen: str | None) -> _HandedOver | str:
    """Hand the form's item or idea to `chosen`; else what stands in the way, in words for the form."""
    t, team_id = who.t, who.team_id
    item_id, idea_id = metadata.whole_number(data, "item"), metadata.whole_number(data, "idea")
    with who.db.session() as session:
        if not assignment.may_facilitate(session, team_id, who.user_id):
            return facilitators_only(t)
        if chosen is None or not roster.is_facilitator(session, team_id, chosen):
            return not_a_facilitator(t, chosen or "?")
        if item_id is not None:
            item = attention.get_item(session, team_id, item_id)
            moved = item is not None and attention.hand_over(session, team_id, item_id, chosen)
            return _HandedOver(chosen, item, item.idea if item else None) if moved else unknown_item(t)
        if idea_id is not None:
            moved = assignment.hand_over_idea(session, team_id, idea_id, chosen)
            idea = attention.idea_brief(session, team_id, idea_id)
            return _HandedOver(chosen, None, idea) if moved else unknown_item(t)
    return unknown_item(t)


# ---------------------------------------------------------------------- the weekly check-in


def on_checkin_open(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    who = requester(context)
    t = who.t
    channel_id = payloads.channel_of(body)
    week = _open_week(who, action.get("value"))
    with who.db.read() as session:
        allowed = roster.is_facilitator(session, who.team_id, who.user_id)
        current = checkins.answer_of(session, who.team_id, week.label, who.user_id) if week else None
    if not allowed:
        tell_privately(client, user_id=who.user_id, channel_id=channel_id, text=facilitators_only(t))
    elif week is None:
        tell_privately(client, user_id=who.user_id, channel_id=channel_id, text=checkin_views.unknown_week(t))
    else:
        client.views_open(
            trigger_id=body["trigger_id"],
            view=checkin_views.checkin_modal(t, week.label, week.monday, current),
        )


def on_checkin_submitted(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    who = requester(context)
    t = who.t
    week = _open_week(who, metadata.text(metadata.read(view.get("private_metadata")), "week"))
    raw = {name: payloads.input_text(view, name) for name in ("attendance", "new_partners", "news")}
    answer, problems = checkins.parse_answer(raw)
    with who.db.read() as session:
        allowed = roster.is_facilitator(session, who.team_id, who.user_id)
    if not allowed or week is None:
        problem = facilitators_only(t) if not allowed else checkin_views.unknown_week(t)
        ack(response_action="errors", errors={"attendance": problem})
        return
    if answer is None:
        ack(response_action="errors", errors=checkin_views.field_errors(t, problems))
        return
    with who.db.session() as session:
        checkins.save_answer(session, who.team_id, week.label, who.user_id, answer, utcnow())
    ack(response_action="update", view=checkin_views.thanks_modal(t, week.label, week.monday))


# ---------------------------------------------------------------------- helpers


def _gate(who: Requester, client: WebClient, channel_id: str | None) -> bool:
    """Facilitators and admins go on; anyone else hears privately that this is for facilitators."""
    team_id, user_id = who.team_id, who.user_id
    if who.rt.member_sync.decide_with_profile(
        client, team_id, user_id, lambda session: assignment.may_facilitate(session, team_id, user_id)
    ):
        return True
    tell_privately(client, user_id=user_id, channel_id=channel_id, text=facilitators_only(who.t))
    return False


def _redraw(who: Requester, client: WebClient, body: dict[str, Any]) -> None:
    """Show the press where it was made: the Home tab, or the digest message."""
    container = body.get("container") or {}
    if container.get("type") == "view":
        publish_home(who.rt, client, who.team_id, who.user_id)
        return
    message = body.get("message") or {}
    channel_id, ts = container.get("channel_id"), container.get("message_ts")
    item_ids = item_ids_in(message)
    if not (channel_id and ts and item_ids):
        return
    now = utcnow()
    with who.db.read() as session:
        items = attention.get_items(session, who.team_id, item_ids)
        zone = reminders.member_zone(session, who.team_id, who.user_id)
    if not items:
        return
    urls = reminders.idea_links(client, items)
    redrawn = digest_message(who.t, items, now, urls, zone, viewer=who.user_id)
    try:
        client.chat_update(channel=channel_id, ts=ts, **redrawn)
    except SlackApiError as exc:
        log.info("could not redraw the digest %s: %s", ts, exc.response.get("error"))


def _redraw_origin(who: Requester, client: WebClient, origin: dict[str, Any]) -> None:
    """Redraw where a hand-over form was opened from, as the form's metadata remembers it."""
    if origin.get("type") == "view":
        publish_home(who.rt, client, who.team_id, who.user_id)
    elif isinstance(origin.get("channel"), str) and isinstance(origin.get("ts"), str):
        ids_shown = [i for i in origin.get("items") or [] if isinstance(i, int)]
        body = {
            "container": {"type": "message", "channel_id": origin["channel"], "message_ts": origin["ts"]},
            "message": {"blocks": [{"block_id": f"item:{i}"} for i in ids_shown]},
        }
        _redraw(who, client, body)


def _open_week(who: Requester, label: Any) -> Week | None:
    """The week a check-in button or form names, if it may still be answered; None when forged or old."""
    zone = who.settings.zone
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
