"""What needs a facilitator's attention: found on a schedule, kept as items, done or snoozed by them.

Five kinds: a pitch still without a perspective after `reminder_after_hours`; an open idea quiet for
`stale_after_days`; a member who joined in the last day and has not been welcomed; an idea in
`developing` for a week without partners; an experiment whose learning is a week overdue. An item
whose condition ends by itself (a perspective arrives, partners are named, the learning is shared or
the experiment parked) is closed as "gone" at the next check and never sent again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent, rows_changed
from bot.core.workspace_settings import WorkspaceSettings
from bot.core.workspace_settings import load as load_settings
from bot.facilitation import assignment
from bot.facilitation.assignment import UNWELCOMED
from bot.ideas import learning, statuses
from bot.members import roster
from bot.pulse.activity import SLACKBOT
from models import AttentionItem, HelpOffer, Idea, Member, Partner, Perspective, StatusChange

NO_PERSPECTIVE = "no_perspective"
STALE = "stale"
NO_PARTNERS = "no_partners"
# Since the day the learning was due (its start in the workspace zone), open from a week after it.
LEARNING_OVERDUE = "learning_overdue"

# A member who joined within this time and has not been welcomed becomes an item…
WELCOME_WITHIN = timedelta(days=1)
# …which stays open this long unless a facilitator says it is done: a late hello is still kind.
WELCOME_KEPT = timedelta(days=7)
DEVELOPING_WITHOUT_PARTNERS = timedelta(days=7)
SNOOZE = timedelta(days=1)


@dataclass(frozen=True)
class Condition:
    kind: str
    subject: str
    since: datetime
    # Members are only made into items while they are new; the item may then stay open longer.
    may_open: bool = True


@dataclass(frozen=True)
class IdeaBrief:
    id: int
    number: int
    title: str
    channel_id: str | None
    message_ts: str | None


@dataclass(frozen=True)
class ItemData:
    """An item as views see it."""

    id: int
    kind: str
    since: datetime
    facilitator_id: str | None
    state: str
    snoozed_until: datetime | None
    idea: IdeaBrief | None
    user_id: str | None

    def snoozed(self, now: datetime) -> bool:
        return self.snoozed_until is not None and self.snoozed_until > now


def _latest_by_idea(session: Session, model: Any, *where: Any) -> dict[int, datetime]:
    """The newest `created_at` of `model`'s rows per idea: one grouped query for all ideas."""
    rows = session.execute(
        select(model.idea_id, func.max(model.created_at)).where(*where).group_by(model.idea_id)
    )
    return {idea_id: latest for idea_id, latest in rows}


def _idea_conditions(
    session: Session, team_id: str, settings: WorkspaceSettings, now: datetime
) -> list[Condition]:
    ideas = session.execute(
        select(Idea.id, Idea.status, Idea.created_at, Idea.updated_at).where(
            Idea.team_id == team_id, Idea.status.in_(statuses.OPEN)
        )
    ).all()
    if not ideas:
        return []
    perspectives = _latest_by_idea(session, Perspective, Perspective.team_id == team_id)
    changes = _latest_by_idea(session, StatusChange, StatusChange.team_id == team_id)
    developing_since = _latest_by_idea(
        session,
        StatusChange,
        StatusChange.team_id == team_id,
        StatusChange.to_status == statuses.NEEDS_PARTNERS_BY,
    )
    offers = _latest_by_idea(session, HelpOffer, HelpOffer.team_id == team_id)
    with_partners = set(
        session.scalars(select(Partner.idea_id).where(Partner.team_id == team_id).distinct()).all()
    )
    waiting = timedelta(hours=settings.reminder_after_hours)
    quiet = timedelta(days=settings.stale_after_days)
    found: list[Condition] = []
    for idea_id, status, created_at, updated_at in ideas:
        subject = str(idea_id)
        times = [
            t
            for t in (
                created_at,
                updated_at,
                perspectives.get(idea_id),
                changes.get(idea_id),
                offers.get(idea_id),
            )
            if t
        ]
        last_activity = max(times)
        if last_activity <= now - quiet:
            # A quiet idea is one item, not two: "stale" says all that "no perspective" would.
            found.append(Condition(STALE, subject, last_activity))
        elif status in statuses.PITCHES and idea_id not in perspectives and created_at <= now - waiting:
            found.append(Condition(NO_PERSPECTIVE, subject, created_at))
        if status == statuses.NEEDS_PARTNERS_BY and idea_id not in with_partners:
            entered = developing_since.get(idea_id) or created_at
            if entered <= now - DEVELOPING_WITHOUT_PARTNERS:
                found.append(Condition(NO_PARTNERS, subject, entered))
    return found


def _member_conditions(session: Session, team_id: str, now: datetime) -> list[Condition]:
    rows = session.execute(
        select(Member.user_id, Member.joined_at).where(
            Member.team_id == team_id,
            Member.joined_at.is_not(None),
            Member.joined_at > now - WELCOME_KEPT,
            Member.is_bot.is_(False),
            Member.deleted.is_(False),
            Member.is_facilitator.is_(False),
            Member.user_id != SLACKBOT,
        )
    ).all()
    return [
        Condition(UNWELCOMED, user_id, joined_at, may_open=joined_at > now - WELCOME_WITHIN)
        for user_id, joined_at in rows
        if joined_at is not None  # the query asks for it not to be; this says so to the type checker
    ]


def _learning_conditions(session: Session, team_id: str, zone: ZoneInfo, now: datetime) -> list[Condition]:
    today = now.astimezone(zone).date()
    return [
        Condition(LEARNING_OVERDUE, str(idea_id), datetime.combine(due, time(), zone).astimezone(UTC))
        for idea_id, due in learning.overdue(session, team_id, today)
    ]


def conditions(session: Session, team_id: str, now: datetime) -> list[Condition]:
    settings = load_settings(session, team_id)
    return [
        *_idea_conditions(session, team_id, settings, now),
        *_member_conditions(session, team_id, now),
        *_learning_conditions(session, team_id, settings.zone, now),
    ]


def refresh(session: Session, team_id: str, now: datetime) -> None:
    """Open an item for each new condition, close the ones whose condition has ended, and give
    every open item a facilitator (an idea's own, else the least loaded)."""
    found = conditions(session, team_id, now)
    keys = {(c.kind, c.subject, c.since) for c in found}
    open_items = session.scalars(
        select(AttentionItem).where(AttentionItem.team_id == team_id, AttentionItem.state == "open")
    ).all()
    for item in open_items:
        if (item.kind, item.subject, item.since) not in keys:
            item.state, item.closed_at = "gone", now
    known = {(item.kind, item.subject, item.since) for item in open_items}
    for condition in found:
        key = (condition.kind, condition.subject, condition.since)
        if key in known or not condition.may_open:
            continue
        insert_if_absent(
            session,
            AttentionItem,
            team_id=team_id,
            kind=condition.kind,
            subject=condition.subject,
            since=condition.since,
            state="open",
            created_at=now,
        )
    session.flush()
    _give_facilitators(session, team_id)


def _give_facilitators(session: Session, team_id: str) -> None:
    current = set(roster.facilitators(session, team_id))
    if not current:
        return
    items = session.scalars(
        select(AttentionItem).where(AttentionItem.team_id == team_id, AttentionItem.state == "open")
    ).all()
    # Every idea's facilitator in one query, kept up to date below as ideas change hands.
    idea_ids = [int(item.subject) for item in items if item.kind != UNWELCOMED]
    owners = dict(
        session.execute(
            select(Idea.id, Idea.facilitator_id).where(Idea.team_id == team_id, Idea.id.in_(idea_ids))
        ).all()
    )
    for item in items:
        if item.kind == UNWELCOMED:
            if item.facilitator_id not in current:
                item.facilitator_id = assignment.least_loaded(session, team_id)
                item.last_sent_at = None
            continue
        idea_id = int(item.subject)
        owner = owners.get(idea_id)
        if owner not in current:
            owner = assignment.least_loaded(session, team_id)
            if owner is not None:
                assignment.hand_over_idea(session, team_id, idea_id, owner)
                owners[idea_id] = owner
        if item.facilitator_id != owner:
            item.facilitator_id = owner
            item.last_sent_at = None


def _data(session: Session, team_id: str, items: list[AttentionItem]) -> list[ItemData]:
    idea_ids = {int(i.subject) for i in items if i.kind != UNWELCOMED}
    briefs = {brief.id: brief for brief in _briefs(session, team_id, Idea.id.in_(idea_ids))}
    result = []
    for item in items:
        is_member = item.kind == UNWELCOMED
        idea = None if is_member else briefs.get(int(item.subject))
        if not is_member and idea is None:
            continue
        result.append(
            ItemData(
                id=item.id,
                kind=item.kind,
                since=item.since,
                facilitator_id=item.facilitator_id,
                state=item.state,
                snoozed_until=item.snoozed_until,
                idea=idea,
                user_id=item.subject if is_member else None,
            )
        )
    return result


def start_of_day(now: datetime, zone: ZoneInfo) -> datetime:
    """Midnight of `now`'s day in `zone`, as an aware time."""
    local = now.astimezone(zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _is_due(now: datetime, zone: ZoneInfo) -> Any:
    """Open, not snoozed, not sent yet today in `zone`: what may go into a digest now."""
    today = start_of_day(now, zone)
    return and_(
        AttentionItem.state == "open",
        or_(AttentionItem.snoozed_until.is_(None), AttentionItem.snoozed_until <= now),
        or_(AttentionItem.last_sent_at.is_(None), AttentionItem.last_sent_at < today),
    )


def due(
    session: Session, now: datetime, zone: ZoneInfo, *, team_id: str, facilitator_id: str
) -> list[ItemData]:
    """Open items of one facilitator to tell them about now: not snoozed, not sent yet today."""
    items = session.scalars(
        select(AttentionItem)
        .where(
            AttentionItem.team_id == team_id,
            AttentionItem.facilitator_id == facilitator_id,
            _is_due(now, zone),
        )
        .order_by(AttentionItem.since, AttentionItem.id)
    ).all()
    return _data(session, team_id, list(items))


def claim_for_digest(
    session: Session, team_id: str, item_ids: list[int], digest_id: int, now: datetime, zone: ZoneInfo
) -> list[int]:
    """Mark items as going out in this digest; only those still due are taken, so two runs at once
    never put the same item in two digests."""
    if not item_ids:
        return []
    claimed = session.scalars(
        update(AttentionItem)
        .where(AttentionItem.team_id == team_id, AttentionItem.id.in_(item_ids), _is_due(now, zone))
        .values(digest_id=digest_id, last_sent_at=now)
        .returning(AttentionItem.id)
    ).all()
    return list(claimed)


def unclaim(session: Session, team_id: str, digest_id: int) -> None:
    """The digest did not go out: its items are due again."""
    session.execute(
        update(AttentionItem)
        .where(AttentionItem.team_id == team_id, AttentionItem.digest_id == digest_id)
        .values(digest_id=None, last_sent_at=None)
    )


def _briefs(session: Session, team_id: str, *where: Any, newest_first: int | None = None) -> list[IdeaBrief]:
    """Ideas as a digest or Home names them; `newest_first`: that many, newest first."""
    query = select(Idea.id, Idea.number, Idea.title, Idea.channel_id, Idea.message_ts).where(
        Idea.team_id == team_id, *where
    )
    if newest_first is not None:
        query = query.order_by(Idea.created_at.desc()).limit(newest_first)
    return [IdeaBrief(*row) for row in session.execute(query)]


def idea_brief(session: Session, team_id: str, idea_id: int) -> IdeaBrief | None:
    found = _briefs(session, team_id, Idea.id == idea_id)
    return found[0] if found else None


def assigned_to(session: Session, team_id: str, facilitator_id: str, limit: int = 10) -> list[IdeaBrief]:
    """The open ideas a facilitator looks after, newest first."""
    return _briefs(
        session,
        team_id,
        Idea.facilitator_id == facilitator_id,
        Idea.status.in_(statuses.OPEN),
        newest_first=limit,
    )


def get_items(session: Session, team_id: str, item_ids: list[int]) -> list[ItemData]:
    if not item_ids:
        return []
    items = session.scalars(
        select(AttentionItem)
        .where(AttentionItem.team_id == team_id, AttentionItem.id.in_(item_ids))
        .order_by(AttentionItem.since, AttentionItem.id)
    ).all()
    by_id = {item.id: item for item in _data(session, team_id, list(items))}
    return [by_id[i] for i in item_ids if i in by_id]


def get_item(session: Session, team_id: str, item_id: int) -> ItemData | None:
    found = get_items(session, team_id, [item_id])
    return found[0] if found else None


def open_items_of(session: Session, team_id: str, facilitator_id: str, limit: int = 10) -> list[ItemData]:
    """For the facilitator's Home: everything open, snoozed ones too (they say until when)."""
    items = session.scalars(
        select(AttentionItem)
        .where(
            AttentionItem.team_id == team_id,
            AttentionItem.facilitator_id == facilitator_id,
            AttentionItem.state == "open",
        )
        .order_by(AttentionItem.since, AttentionItem.id)
        .limit(limit)
    ).all()
    return _data(session, team_id, list(items))


def _update_open(session: Session, team_id: str, item_id: int, **values: Any) -> bool:
    """A change to an item that is still open; False when it is closed (or not there)."""
    open_item = (AttentionItem.team_id == team_id, AttentionItem.id == item_id, AttentionItem.state == "open")
    return bool(rows_changed(session.execute(update(AttentionItem).where(*open_item).values(**values))))


def mark_done(session: Session, team_id: str, item_id: int, by_user: str, now: datetime) -> bool:
    return _update_open(session, team_id, item_id, state="done", done_by=by_user, closed_at=now)


def snooze(session: Session, team_id: str, item_id: int, now: datetime) -> bool:
    return _update_open(session, team_id, item_id, snoozed_until=now + SNOOZE)


def hand_over(session: Session, team_id: str, item_id: int, to_user: str) -> bool:
    """An idea's item moves with the whole idea; a member's item moves alone."""
    item = session.scalar(
        select(AttentionItem).where(
            AttentionItem.team_id == team_id, AttentionItem.id == item_id, AttentionItem.state == "open"
        )
    )
    if item is None:
        return False
    if item.kind != UNWELCOMED:
        return assignment.hand_over_idea(session, team_id, int(item.subject), to_user)
    item.facilitator_id, item.last_sent_at, item.snoozed_until = to_user, None, None
    return True
