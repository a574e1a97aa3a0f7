"""A pairing run: the heads-up a day before a round, making the round, each group's introduction in
a group DM, "Did you meet?" some days later, and a word to whoever was paused or alone.

Scheduled runs (hourly) follow `pairing_every_days`; `pair` makes a round at once. Every message is
claimed in the database before it is sent, so a retry, a restart or two runs at once never send
one twice; a message Slack surely did not take is released and sent at the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.workspace_settings import WorkspaceSettings
from bot.core.workspace_settings import load as load_settings
from bot.ideas.posting import dm_at_most_once
from bot.members.roster import languages_of
from bot.pairing import group_messages, grouping, schedule
from bot.pairing.group_messages import FOLLOWUP, INTRO, Step
from bot.pairing.grouping import GroupData, MadeRound
from bot.pairing.views import messages
from bot.slack import effects
from bot.slack.effects import Delivery, Result
from models import utcnow

log = logging.getLogger(__name__)


@dataclass
class PairingReport:
    made: MadeRound | None = None
    heads_up: list[str] = field(default_factory=list)
    intros_sent: int = 0
    followups_sent: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def repeats(self) -> int:
        return sum(1 for g in self.made.groups if g.repeat) if self.made else 0


class _RollBack(Exception):
    """Ends a dry run's transaction without keeping anything."""


def run(
    db: Database,
    client: WebClient | None,
    team_id: str,
    *,
    now: datetime | None = None,
    scheduled: bool = True,
    dry_run: bool = False,
) -> PairingReport:
    now = now or utcnow()
    report = PairingReport()
    if dry_run:
        # Made in a write transaction that is then rolled back: a dry run leaves no trace, sends
        # nothing, and (seeded alike) shows the groups the real run would make.
        try:
            with db.session() as session:
                settings = load_settings(session, team_id)
                round_ = schedule.round_now(session, team_id, now)
                if round_ is not None:
                    report.made = grouping.make_round(session, team_id, round_.id, now, settings)
                raise _RollBack
        except _RollBack:
            pass
        return report
    if client is None:
        raise ValueError("only a dry run goes without Slack")
    with db.session() as session:
        settings = load_settings(session, team_id)
        due = None
        heads_up_round: tuple[int, datetime] | None = None
        if not scheduled:
            due = schedule.round_now(session, team_id, now)
        elif settings.pairing_every_days > 0:
            announced = schedule.announce(session, team_id, settings, now)
            if announced is not None and now >= announced.moment:
                due = announced
            elif announced is not None:
                report.heads_up = schedule.heads_up_due(session, team_id, announced)
                heads_up_round = (announced.id, announced.moment)
        if due is not None:
            report.made = grouping.make_round(session, team_id, due.id, now, settings)
    if heads_up_round is not None and report.heads_up:
        report.heads_up = _send_heads_ups(db, client, team_id, settings, heads_up_round, report.heads_up, now)
    if report.made is not None:
        _tell_paused_and_alone(db, client, team_id, settings, report.made)
    report.intros_sent = _send_intros(db, client, team_id, now, report)
    report.followups_sent = _send_followups(db, client, team_id, settings, now, report)
    return report


def _languages(
    db: Database, team_id: str, settings: WorkspaceSettings, user_ids: list[str]
) -> dict[str, str]:
    with db.read() as session:
        return languages_of(session, team_id, user_ids, settings.language)


def _send_heads_ups(
    db: Database,
    client: WebClient,
    team_id: str,
    settings: WorkspaceSettings,
    round_: tuple[int, datetime],
    user_ids: list[str],
    now: datetime,
) -> list[str]:
    round_id, moment = round_
    languages = _languages(db, team_id, settings, user_ids)
    sent = []
    for user_id in user_ids:
        message = messages.heads_up_dm(translator(languages[user_id]), round_id, moment, settings.zone)
        if _send_heads_up(
            db, client, team_id=team_id, round_id=round_id, user_id=user_id, message=message, now=now
        ):
            sent.append(user_id)
    return sent


def _send_heads_up(
    db: Database,
    client: WebClient,
    *,
    team_id: str,
    round_id: int,
    user_id: str,
    message: dict[str, Any],
    now: datetime,
) -> bool:
    """One heads-up DM, claimed per person and round; released only when Slack surely did not take
    it. False when it was claimed before or not sent."""
    delivery = effects.claim_send_confirm(
        db,
        claim=lambda session: schedule.claim_heads_up(
            session, team_id=team_id, round_id=round_id, user_id=user_id, now=now
        ),
        send=lambda: client.chat_postMessage(channel=user_id, unfurl_links=False, **message),
        release=lambda session: schedule.release_heads_up(
            session, team_id=team_id, round_id=round_id, user_id=user_id
        ),
    )
    if delivery is None:
        return False
    if delivery.surely_not_sent:
        log.warning("heads-up to %s not sent: %s", user_id, delivery.error)
    elif delivery.maybe_sent:
        log.warning("heads-up to %s may not have arrived (%s)", user_id, delivery.error)
    return not delivery.surely_not_sent


def _tell_paused_and_alone(
    db: Database, client: WebClient, team_id: str, settings: WorkspaceSettings, made: MadeRound
) -> None:
    # Told once: the pause and the round are already kept; a refused note is only logged.
    people = [*made.auto_paused, *([made.alone] if made.alone else [])]
    languages = _languages(db, team_id, settings, people)
    for user_id in made.auto_paused:
        dm_at_most_once(client, user_id, messages.auto_paused_dm(translator(languages[user_id])))
    if made.alone:
        dm_at_most_once(client, made.alone, messages.alone_dm(translator(languages[made.alone])))


def _send_intros(db: Database, client: WebClient, team_id: str, now: datetime, report: PairingReport) -> int:
    with db.read() as session:
        due = group_messages.intros_due(session, team_id)
    return _send_to_groups(db, client, team_id, INTRO, due, now, report)


def _send_followups(
    db: Database,
    client: WebClient,
    team_id: str,
    settings: WorkspaceSettings,
    now: datetime,
    report: PairingReport,
) -> int:
    with db.read() as session:
        due = group_messages.followups_due(session, team_id, settings, now)
    return _send_to_groups(db, client, team_id, FOLLOWUP, due, now, report)


def _send_to_groups(
    db: Database,
    client: WebClient,
    team_id: str,
    step: Step,
    due: list[int],
    now: datetime,
    report: PairingReport,
) -> int:
    """Each group's introduction or follow-up, claimed first. Slack surely not taking it (a rate
    limit, a failure before posting) releases the claim for the next run; a refusal for good is
    recorded and not retried (an unsent follow-up is never counted as unanswered); a server error
    on the post counts as sent, since the message may be out."""
    sent = 0
    for group in _in_batches(db, team_id, due):
        with db.session() as session:
            if not group_messages.claim(session, team_id, group.id, step, now):
                continue
        delivery, channel_id = _post_to_group(client, group, step)
        if delivery.result is Result.TRY_LATER:
            with db.session() as session:
                group_messages.release(session, team_id, group.id, step)
            continue
        if delivery.result is Result.REFUSED:
            if step == INTRO:
                with db.session() as session:
                    group_messages.refuse_intro(session, team_id, group.id, delivery.error)
            report.failed.append((f"{step}:{group.id}", delivery.error))
            continue
        with db.session() as session:
            if step == INTRO:
                group_messages.confirm_intro(session, team_id, group.id, channel_id, now)
            else:
                group_messages.confirm_followup(session, team_id, group.id, now)
        sent += 1
    return sent


def _post_to_group(client: WebClient, group: GroupData, step: Step) -> tuple[Delivery, str | None]:
    """Post the step's message in the group DM: what became of it, and the DM's id."""
    # The group DM is one conversation whoever opens it; opening it again is how to find it.
    if step == FOLLOWUP and group.channel_id:
        channel_id = group.channel_id
    else:
        opened = _open(client, group)
        if isinstance(opened, Delivery):
            return opened, None
        channel_id = opened
    t = translator(group.language)
    message = messages.intro_message(t, group) if step == INTRO else messages.followup_message(t, group.id)
    posted = effects.deliver(lambda: client.chat_postMessage(channel=channel_id, **message))
    if posted.maybe_sent:
        log.warning("%s of group %s may not have arrived (%s)", step, group.id, posted.error)
    return posted, channel_id


def _in_batches(db: Database, team_id: str, group_ids: list[int], size: int = 500) -> Iterator[GroupData]:
    for start in range(0, len(group_ids), size):
        with db.read() as session:
            groups = group_messages.groups_of(session, team_id, group_ids[start : start + size])
        yield from groups


def _open(client: WebClient, group: GroupData) -> str | Delivery:
    """The group DM of its members (the bot is in it too), or why there is none. Nothing is posted
    yet, so whatever Slack's outcome short of a refusal, trying again at the next run is safe."""
    opened = effects.deliver(lambda: client.conversations_open(users=",".join(group.user_ids)))
    if opened.result is Result.REFUSED:
        return opened
    if not opened.sent:
        return Delivery(Result.TRY_LATER, error=opened.error)
    channel = opened.response.get("channel") if opened.response is not None else None
    if not isinstance(channel, dict) or not channel.get("id"):
        return Delivery(Result.REFUSED, error="no_channel")
    return str(channel["id"])


def report_document(team_id: str, report: PairingReport, *, dry_run: bool) -> dict[str, Any]:
    """`pair --json`."""
    made = report.made
    return {
        "team_id": team_id,
        "dry_run": dry_run,
        "round": made.moment.isoformat() if made else None,
        "groups": [
            {
                "members": g.user_ids,
                "language": g.language,
                "shared_interests": list(g.shared_interests),
                "repeat": g.repeat,
            }
            for g in (made.groups if made else [])
        ],
        "repeats": report.repeats,
        "alone": made.alone if made else None,
        "skipped": made.skipped if made else 0,
        "paused_for_no_answer": made.auto_paused if made else [],
        "introduced": report.intros_sent,
        "asked_did_you_meet": report.followups_sent,
        "failed": [{"what": what, "error": error} for what, error in report.failed],
    }
