"""Posting a pitch card, and turning Slack's refusals into a private next step for the pitcher.

This is where Slack calls that go with a domain step live; the rules themselves are in `bot.ideas.pitches`.
The idea is kept before anything is posted, so a refusal never loses it.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.db import Database
from bot.core.i18n import Translator
from bot.core.runtime import Runtime
from bot.facilitation import attention
from bot.facilitation.views.blocks import assigned_dm
from bot.ideas import answering, pitches
from bot.ideas.data import IdeaData
from bot.ideas.lifecycle import Moved
from bot.ideas.views import browse, notices
from bot.ideas.views.card import pitch_card
from bot.slack.client import before_ack
from bot.slack.effects import deliver

log = logging.getLogger(__name__)

NO_CHANNEL = "no_channel"
BEING_POSTED = "being_posted"
# Slack failed in a way that leaves it unknown whether the card went out (a 5xx, a broken connection).
MAYBE_POSTED = "maybe_posted"


def post_pitch(rt: Runtime, client: WebClient, idea: IdeaData) -> str | None:
    """Post the card once and remember where; returns what went wrong, or None when it is posted.

    On a refusal the author gets a DM saying what to do, with a button to try again.
    """
    with rt.db.session() as session:
        if not pitches.claim_post(session, team_id=idea.team_id, idea_id=idea.id):
            return BEING_POSTED
    channel = pitches.target_channel(rt.prefs.workspace(idea.team_id).ideas_channel, idea)
    error = NO_CHANNEL if channel is None else _post_card(rt, client, idea, channel)
    if error is None:
        # Only the post that won the claim gets here, once per idea: "Post it again" after a
        # success finds the card posted and the claim refused, so nobody hears of an answer twice.
        tell_challenge(rt, client, idea)
        return None
    with rt.db.session() as session:
        pitches.release_post(session, team_id=idea.team_id, idea_id=idea.id)
    if idea.author_id:
        t = rt.prefs.translator(idea.team_id, idea.author_id)
        tell(client, idea.author_id, notices.post_failed_dm(t, idea, channel, error))
    return error


def _post_card(rt: Runtime, client: WebClient, idea: IdeaData, channel: str) -> str | None:
    card = pitch_card(rt.prefs.workspace_translator(idea.team_id), idea)
    delivery = deliver(
        lambda: client.chat_postMessage(channel=channel, unfurl_links=False, unfurl_media=False, **card)
    )
    response = delivery.response
    if not delivery.sent or response is None:
        # Retries are spent or Slack said no: the author still hears and can try again. A post is
        # never repeated on a 5xx (see bot/slack/client.py): the author looks first.
        log.warning("could not post idea #%s to %s: %s", idea.number, channel, delivery.error)
        return MAYBE_POSTED if delivery.maybe_sent else delivery.error
    try:
        with rt.db.session() as session:
            pitches.record_post(
                session,
                team_id=idea.team_id,
                idea_id=idea.id,
                channel_id=response["channel"],
                message_ts=response["ts"],
            )
    except Exception:
        # The card is out; the claim stays, so no second card follows for a while. Say it loudly.
        log.exception("idea #%s was posted to %s but its place could not be stored", idea.number, channel)
    return None


def tell_challenge(rt: Runtime, client: WebClient, answer: IdeaData) -> None:
    """A new answer's challenge: its card lists the answer, and its author and followers each hear
    of it once, in their language."""
    if answer.challenge_id is None:
        return
    refresh_challenges(rt, client, answer.team_id, answer.challenge_id)
    with rt.db.read() as session:
        fresh = pitches.get(session, answer.team_id, answer.id)
        challenge = fresh.challenge if fresh is not None else None
        people = answering.to_tell(
            session,
            team_id=answer.team_id,
            challenge_id=answer.challenge_id,
            answer_author_id=answer.author_id,
        )
    if fresh is None or challenge is None or not people:
        return
    link = permalink(client, fresh)
    for user_id in people:
        t = rt.prefs.translator(answer.team_id, user_id)
        dm_at_most_once(client, user_id, notices.new_answer_dm(t, fresh, challenge, link))


def refresh_challenges(rt: Runtime, client: WebClient, team_id: str, *challenge_ids: int | None) -> None:
    """Draw these challenges' cards again, so that they list their answers as they are now."""
    for challenge_id in dict.fromkeys(i for i in challenge_ids if i is not None):
        with rt.db.read() as session:
            challenge = pitches.get(session, team_id, challenge_id)
        if challenge is not None:
            refresh_card(rt, client, challenge)


def refresh_card(rt: Runtime, client: WebClient, idea: IdeaData) -> None:
    """Show an idea's card as the idea is now (after an edit or a status change); a refusal is logged."""
    update_card(client, rt.prefs.workspace_translator(idea.team_id), idea)


def update_card(client: WebClient, t: Translator, idea: IdeaData) -> bool:
    """Draw a posted card again in the workspace's language `t`; False when Slack refused."""
    if idea.channel_id is None or idea.message_ts is None:  # not posted
        return True
    channel_id, message_ts = idea.channel_id, idea.message_ts
    delivery = deliver(lambda: client.chat_update(channel=channel_id, ts=message_ts, **pitch_card(t, idea)))
    if not delivery.sent:
        # Refused, or Slack out of reach (a broken connection, a timeout): the caller carries on.
        log.warning("could not update the card of #%s: %s", idea.number, delivery.error)
    return delivery.sent


def redraw_cards(db: Database, client: WebClient, t: Translator, team_id: str, idea_ids: list[int]) -> int:
    """Draw these ideas' cards as they are now (after an erasure); returns how many Slack refused."""
    refused = 0
    for idea_id in idea_ids:
        with db.read() as session:
            idea = pitches.get(session, team_id, idea_id)
        if idea is not None and not update_card(client, t, idea):
            refused += 1
    return refused


def announce_move(rt: Runtime, client: WebClient, moved: Moved) -> None:
    """After a status change: the card shows it, and the author and followers hear in their language."""
    idea = moved.idea
    refresh_card(rt, client, idea)
    link = permalink(client, idea)
    for user_id in moved.to_tell:
        tell(client, user_id, browse.moved_dm(rt.prefs.translator(idea.team_id, user_id), moved, link))


def tell(client: WebClient, user_id: str, message: dict[str, Any]) -> bool:
    """A DM from the app (its Messages tab). False when Slack refused; the caller carries on."""
    delivery = deliver(lambda: client.chat_postMessage(channel=user_id, unfurl_links=False, **message))
    if not delivery.sent:
        # Refused, or Slack out of reach: one DM lost, logged, and the loop that sends the others
        # carries on.
        log.warning("could not send a DM to %s: %s", user_id, delivery.error)
    return delivery.sent


def dm_at_most_once(client: WebClient, user_id: str, message: dict[str, Any]) -> bool:
    """A DM that must not arrive twice (a check-in, a heads-up): False only when Slack surely did not
    take it. A 5xx or a broken connection may have posted it, so it counts as sent, unlike `tell`."""
    delivery = deliver(lambda: client.chat_postMessage(channel=user_id, unfurl_links=False, **message))
    if delivery.surely_not_sent:
        log.warning("DM to %s not sent: %s", user_id, delivery.error)
    elif delivery.maybe_sent:
        log.warning("DM to %s may not have arrived (%s)", user_id, delivery.error)
    return not delivery.surely_not_sent


def tell_privately(client: WebClient, *, user_id: str, channel_id: str | None, text: str) -> None:
    """An ephemeral answer where the person is; a DM when that is not possible."""
    if channel_id:
        try:
            client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
            return
        except SlackApiError as exc:
            log.info("no ephemeral answer in %s (%s); sending a DM", channel_id, exc.response.get("error"))
    tell(client, user_id, {"text": text})


def replace_message(client: WebClient, body: dict[str, Any], message: dict[str, Any]) -> None:
    """Update the message a button was pressed in (a DM of ours); a refusal is only logged."""
    container = body.get("container") or {}
    if not (container.get("channel_id") and container.get("message_ts")):
        return
    try:
        client.chat_update(channel=container["channel_id"], ts=container["message_ts"], **message)
    except SlackApiError as exc:
        log.info("could not update message %s: %s", container.get("message_ts"), exc.response.get("error"))


def permalink(client: WebClient, idea: IdeaData) -> str | None:
    return message_permalink(client, idea.channel_id, idea.message_ts) if idea.posted else None


def message_permalink(client: WebClient, channel_id: str | None, message_ts: str | None) -> str | None:
    if not channel_id or not message_ts:
        return None
    try:
        return str(client.chat_getPermalink(channel=channel_id, message_ts=message_ts)["permalink"])
    except SlackApiError:
        return None
    except OSError as exc:
        # A link is a nicety: a slow or unreachable Slack leaves it out rather than fail the answer.
        log.info("no link to %s in %s: %s", message_ts, channel_id, exc)
        return None


def tell_facilitator(rt: Runtime, client: WebClient, team_id: str, idea_id: int, facilitator_id: str) -> None:
    """A new pitch's facilitator hears it is theirs, with a link and a way to hand it on."""
    with rt.db.read() as session:
        idea = attention.idea_brief(session, team_id, idea_id)
    if idea is None:
        return
    link = message_permalink(client, idea.channel_id, idea.message_ts)
    tell(client, facilitator_id, assigned_dm(rt.prefs.translator(team_id, facilitator_id), idea, link))


# Names are looked up before a form opens, inside Slack's three seconds for the trigger.
NAMES_BUDGET_SECONDS = 1.0
NAMES_AT_MOST = 10


def display_names(client: WebClient, user_ids: list[str]) -> dict[str, str]:
    """People's names as Slack shows them (display name, else real name), looked up together within
    `NAMES_BUDGET_SECONDS`; whoever is not found by then is left out (shown by id). Names are only
    put into the form; nothing of them is stored."""
    wanted = user_ids[:NAMES_AT_MOST]
    if not wanted:
        return {}
    quick = before_ack(client)

    def name_of(user_id: str) -> str | None:
        user = quick.users_info(user=user_id)["user"]
        profile = user.get("profile") or {}
        name = (
            profile.get("display_name")
            or profile.get("real_name")
            or user.get("real_name")
            or user.get("name")
        )
        return str(name) if name else None

    pool = ThreadPoolExecutor(max_workers=len(wanted), thread_name_prefix="names")
    futures = {user_id: pool.submit(name_of, user_id) for user_id in wanted}
    done, _pending = wait(futures.values(), timeout=NAMES_BUDGET_SECONDS)
    pool.shutdown(wait=False, cancel_futures=True)
    names: dict[str, str] = {}
    for user_id, future in futures.items():
        if future in done and future.exception() is None and future.result():
            names[user_id] = str(future.result())
    return names
