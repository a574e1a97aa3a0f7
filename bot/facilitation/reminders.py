"""A reminder run: one digest DM per facilitator with what needs them, and the weekly check-in.

Scheduled runs (hourly) write only on weekdays from 09:00 to 17:00 in each facilitator's own zone,
and at most one digest a day each; `remind` is an operator's explicit choice and sends what is due
at once. Every digest is claimed in the database before it is sent (one row per facilitator and
slot, and each item marked with it), so two runs at once, a retry or a restart never send the same
item twice. Slack's rate limits are honoured: the client waits out each 429's Retry-After and tries
again, and a digest still refused for rate limits is put back and tried again later in the run; a
digest that did not go out is released, so it goes out next time; none is lost.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.web import SlackResponse
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.core.db import Database, insert_if_absent
from bot.core.i18n import Translator, resolve_language, translator
from bot.core.weeks import Week
from bot.core.working_hours import in_working_hours, zone_named
from bot.core.workspace_settings import load as load_settings
from bot.facilitation import attention
from bot.facilitation.attention import ItemData
from bot.facilitation.views.blocks import DIGEST_MAX_ITEMS, digest_message
from bot.ideas.posting import message_permalink
from bot.pulse import checkins
from bot.pulse.views.checkins import ask_dm, reminder_dm
from bot.slack.effects import Delivery, claim_send_confirm, deliver, settle
from models import Member, ReminderDigest, utcnow

log = logging.getLogger(__name__)

# A digest still rate limited after the client's own retries waits and goes to the back of the line.
RATE_LIMITED_ROUNDS = 3

SENT = "sent"
ALREADY = "already_sent"
NOTHING = "nothing_due"
UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True)
class Facilitator:
    user_id: str
    language: str
    zone: ZoneInfo

    @property
    def t(self) -> Translator:
        return translator(self.language)


@dataclass
class Planned:
    facilitator: Facilitator
    items: list[ItemData]
    urls: dict[int, str | None] = field(default_factory=dict)


@dataclass
class RunReport:
    """What a run did (or, dry, would do)."""

    digests: list[tuple[Planned, str]] = field(default_factory=list)
    quiet: list[str] = field(default_factory=list)
    checkins_asked: list[tuple[str, str]] = field(default_factory=list)
    checkins_reminded: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    # Who the run may write to (by user id), as planned: their language and zone.
    facilitators: dict[str, Facilitator] = field(default_factory=dict)

    @property
    def sent(self) -> list[Planned]:
        return [planned for planned, result in self.digests if result == SENT]


def facilitators_of(session: Session, team_id: str) -> list[Facilitator]:
    settings = load_settings(session, team_id)
    rows = session.scalars(
        select(Member)
        .where(Member.team_id == team_id, Member.is_facilitator.is_(True), Member.deleted.is_(False))
        .order_by(Member.user_id)
    ).all()
    result = []
    for member in rows:
        language = resolve_language(
            chosen=member.language, slack_locale=member.slack_locale, workspace_language=settings.language
        )
        result.append(Facilitator(member.user_id, language, zone_named(member.timezone, settings.zone)))
    return result


def plan(
    session: Session, team_id: str, now: datetime, *, scheduled: bool, report: RunReport
) -> list[Planned]:
    """Bring the items up to date and say who should hear about what (digests and check-ins), in
    this session. Scheduled runs leave out whoever is outside their working hours."""
    attention.refresh(session, team_id, now)
    awake = []
    for person in facilitators_of(session, team_id):
        if scheduled and not in_working_hours(now, person.zone):
            report.quiet.append(person.user_id)
        else:
            awake.append(person)
    planned = []
    for person in awake:
        items = attention.due(session, now, person.zone, team_id=team_id, facilitator_id=person.user_id)
        if items:
            planned.append(Planned(person, items[:DIGEST_MAX_ITEMS]))
    _plan_checkins(session, team_id, now, {p.user_id for p in awake}, report)
    report.facilitators = {p.user_id: p for p in awake}
    return planned


def run(
    db: Database,
    client: WebClient | None,
    team_id: str,
    *,
    now: datetime | None = None,
    scheduled: bool = True,
    dry_run: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    read_profiles: Callable[[list[str]], None] | None = None,
) -> RunReport:
    now = now or utcnow()
    report = RunReport()
    if read_profiles is not None:
        # A facilitator's zone decides when they may be written to; read it if it was never read.
        with db.read() as session:
            unknown = [
                m.user_id
                for m in session.scalars(
                    select(Member).where(
                        Member.team_id == team_id,
                        Member.is_facilitator.is_(True),
                        Member.profile_synced_at.is_(None),
                    )
                )
            ]
        if unknown:
            read_profiles(unknown)
    if dry_run:
        # Everything found is rolled back: a dry run leaves no trace.
        with db.read() as session:
            planned = plan(session, team_id, now, scheduled=scheduled, report=report)
            report.digests = [(p, NOTHING) for p in planned]
        _add_links(client, planned)
        return report
    if client is None:
        raise ValueError("only a dry run goes without Slack")
    with db.session() as session:
        planned = plan(session, team_id, now, scheduled=scheduled, report=report)
    _add_links(client, planned)
    slot = None if scheduled else f"run:{uuid.uuid4().hex}"
    queue = [(p, 0) for p in planned]
    while queue:
        current, rounds = queue.pop(0)
        result, retry_after = _send_digest(db, client, team_id, current, now, slot)
        if result == "ratelimited" and rounds < RATE_LIMITED_ROUNDS:
            sleep(retry_after)
            queue.append((current, rounds + 1))
            continue
        report.digests.append((current, result))
        if result not in (SENT, ALREADY, NOTHING):
            report.failed.append((current.facilitator.user_id, result))
    _send_checkins(db, client, team_id, now, report)
    return report


def idea_links(client: WebClient, items: Iterable[ItemData]) -> dict[int, str | None]:
    """Permalinks of the ideas the items name, one call per idea; never inside a transaction."""
    links: dict[int, str | None] = {}
    for item in items:
        if item.idea is not None and item.idea.id not in links:
            links[item.idea.id] = message_permalink(client, item.idea.channel_id, item.idea.message_ts)
    return links


def _add_links(client: WebClient | None, planned: list[Planned]) -> None:
    if client is None:
        return
    links = idea_links(client, (item for entry in planned for item in entry.items))
    for entry in planned:
        entry.urls = {item.idea.id: links[item.idea.id] for item in entry.items if item.idea}


def _send_digest(
    db: Database, client: WebClient, team_id: str, entry: Planned, now: datetime, slot: str | None
) -> tuple[str, float]:
    person = entry.facilitator
    slot = slot or f"day:{now.astimezone(person.zone).date().isoformat()}"
    with db.session() as session:
        if not insert_if_absent(
            session,
            ReminderDigest,
            team_id=team_id,
            facilitator_id=person.user_id,
            slot=slot,
            language=person.language,
            claimed_at=now,
        ):
            return ALREADY, 0
        digest_id = session.scalar(
            select(ReminderDigest.id).where(
                ReminderDigest.team_id == team_id,
                ReminderDigest.facilitator_id == person.user_id,
                ReminderDigest.slot == slot,
            )
        )
        if digest_id is None:
            raise RuntimeError(f"the digest just claimed for {person.user_id} of {team_id} is not there")
        claimed = set(
            attention.claim_for_digest(
                session, team_id, [i.id for i in entry.items], digest_id, now, person.zone
            )
        )
        if not claimed:
            session.execute(delete(ReminderDigest).where(ReminderDigest.id == digest_id))
            return NOTHING, 0
    entry.items = [item for item in entry.items if item.id in claimed]
    message = digest_message(person.t, entry.items, now, entry.urls, person.zone)
    delivery = deliver(lambda: client.chat_postMessage(channel=person.user_id, unfurl_links=False, **message))
    settle(
        db,
        delivery,
        release=lambda session: _release(session, team_id, digest_id),
        confirm=lambda session, response: session.execute(
            update(ReminderDigest)
            .where(ReminderDigest.id == digest_id)
            .values(sent_at=utcnow(), channel_id=response.get("channel"), message_ts=response.get("ts"))
        ),
    )
    if delivery.maybe_sent:
        # The message may have gone out before the failure: its items stay marked as sent today
        # rather than risk a second copy; tomorrow they are due again if still open.
        log.warning(
            "reminder digest for %s of %s may not have arrived (%s); not resent today",
            person.user_id,
            team_id,
            delivery.error,
        )
        return UNCONFIRMED, 0
    if delivery.rate_limited:
        return "ratelimited", delivery.retry_after or 0
    if delivery.surely_not_sent:
        log.warning("reminder digest for %s not sent: %s", person.user_id, delivery.error)
        return delivery.error, 0
    return SENT, 0


def _release(session: Session, team_id: str, digest_id: int) -> None:
    attention.unclaim(session, team_id, digest_id)
    session.execute(delete(ReminderDigest).where(ReminderDigest.id == digest_id))


def _plan_checkins(session: Session, team_id: str, now: datetime, awake: set[str], report: RunReport) -> None:
    settings = load_settings(session, team_id)
    week = checkins.week_to_ask(settings, now)
    if week is not None:
        already = checkins.asked(session, team_id, week.label)
        report.checkins_asked = [(week.label, u) for u in sorted(awake - already)]
    report.checkins_reminded = [
        (label, u) for label, u in checkins.due_reminders(session, team_id, now) if u in awake
    ]


def _send_checkins(db: Database, client: WebClient, team_id: str, now: datetime, report: RunReport) -> None:
    people = report.facilitators
    asked, reminded = [], []
    for label, user_id in report.checkins_asked:
        if _ask(db, client, now, people[user_id].t, team_id=team_id, week=label, user_id=user_id):
            asked.append((label, user_id))
    for label, user_id in report.checkins_reminded:
        if _remind(db, client, now, people[user_id].t, team_id=team_id, week=label, user_id=user_id):
            reminded.append((label, user_id))
    report.checkins_asked, report.checkins_reminded = asked, reminded


def _ask(
    db: Database, client: WebClient, now: datetime, t: Translator, *, team_id: str, week: str, user_id: str
) -> bool:
    """The week's check-in question, claimed first; True when it went out or may have."""
    return _dm_once(
        client,
        user_id,
        claim_send_confirm(
            db,
            claim=lambda session: checkins.claim_ask(
                session, team_id=team_id, week=week, facilitator_id=user_id, now=now
            ),
            send=_dm(client, user_id, ask_dm(t, week, _monday(week))),
            release=lambda session: checkins.release_ask(
                session, team_id=team_id, week=week, facilitator_id=user_id
            ),
            confirm=lambda session, _response: checkins.confirm_ask(
                session, team_id=team_id, week=week, facilitator_id=user_id, now=now
            ),
        ),
    )


def _remind(
    db: Database, client: WebClient, now: datetime, t: Translator, *, team_id: str, week: str, user_id: str
) -> bool:
    """The check-in's reminder, claimed first; True when it went out or may have."""
    return _dm_once(
        client,
        user_id,
        claim_send_confirm(
            db,
            claim=lambda session: checkins.claim_reminder(
                session, team_id=team_id, week=week, facilitator_id=user_id, now=now
            ),
            send=_dm(client, user_id, reminder_dm(t, week, _monday(week))),
            release=lambda session: checkins.release_reminder(
                session, team_id=team_id, week=week, facilitator_id=user_id
            ),
        ),
    )


def _dm(client: WebClient, user_id: str, message: dict[str, Any]) -> Callable[[], SlackResponse]:
    return lambda: client.chat_postMessage(channel=user_id, unfurl_links=False, **message)


def _dm_once(client: WebClient, user_id: str, delivery: Delivery | None) -> bool:
    if delivery is None:
        return False
    if delivery.surely_not_sent:
        log.warning("DM to %s not sent: %s", user_id, delivery.error)
    elif delivery.maybe_sent:
        log.warning("DM to %s may not have arrived (%s)", user_id, delivery.error)
    return not delivery.surely_not_sent


def _monday(label: str) -> date:
    # The Monday of an ISO week is the same date in every zone.
    return Week.parse(label, ZoneInfo("UTC")).monday


def member_zone(session: Session, team_id: str, user_id: str) -> ZoneInfo:
    """A member's own zone, else the workspace's: for showing times to them."""
    member = session.get(Member, (team_id, user_id))
    return zone_named(member.timezone if member else None, load_settings(session, team_id).zone)


def describe(item: ItemData) -> str:
    """One line for an operator's terminal: the kind, what it is about, since when (UTC)."""
    about = f"#{item.idea.number} {item.idea.title}" if item.idea else item.user_id
    return f"{item.kind:<15} {about} (since {item.since:%Y-%m-%d %H:%M} UTC)"


def report_document(team_id: str, report: RunReport, *, dry_run: bool) -> dict[str, Any]:
    """`remind --json`."""
    return {
        "team_id": team_id,
        "dry_run": dry_run,
        "digests": [
            {
                "facilitator": entry.facilitator.user_id,
                "language": entry.facilitator.language,
                "result": "would_send" if dry_run else result,
                "items": [
                    {
                        "kind": item.kind,
                        "idea": item.idea.number if item.idea else None,
                        "member": item.user_id,
                        "since": item.since.isoformat(),
                    }
                    for item in entry.items
                ],
            }
            for entry, result in report.digests
        ],
        "checkins_asked": [{"week": w, "facilitator": u} for w, u in report.checkins_asked],
        "checkins_reminded": [{"week": w, "facilitator": u} for w, u in report.checkins_reminded],
    }
