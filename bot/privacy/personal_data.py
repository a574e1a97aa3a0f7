"""What the bot keeps about one member, and erasing it on request (GDPR). No Slack here.

Erasure removes every row that points to the person, or cuts the pointer, in every table:
- what only concerns them (follows, offers of help, pairing choices, invitations and groups, their
  digests, "welcome them" items, their answers to gatherings) is deleted;
- what the community made together stays without their name: their ideas (shown as by "a former
  member"), the perspectives and status changes counted on ideas, their shared learnings, the
  gatherings they planned (with how many came, which the figures count);
- what the community's figures are counted from keeps its count under a random stand-in id that
  nothing links back to them: their member row (so past member counts stay), their activity counts
  (a new stand-in for every week, so weeks cannot be joined up) and their answered check-ins.

`PERSONAL_COLUMNS` names every column that can hold a member's id and `NOT_PERSONAL` every other
Slack-id column; a test walks all tables and fails on a column in neither.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from bot.core.weeks import Week
from bot.facilitation import assignment
from bot.pairing.participation import interest_keys
from models import (
    AttentionItem,
    Checkin,
    DailyActivity,
    Gathering,
    GatheringIdea,
    GatheringRsvp,
    HelpOffer,
    Idea,
    IdeaFollow,
    Learning,
    Member,
    PairingInvite,
    PairingMember,
    PairingParticipant,
    PairingRound,
    Perspective,
    ReminderDigest,
    StatusChange,
    utcnow,
)
from models.installation import installations_table

# How erasure treats each column that may hold a member's id ("table.column": what happens).
PERSONAL_COLUMNS = {
    "members.user_id": "stand-in id, personal fields cleared",
    "daily_activity.user_id": "stand-in id per week",
    "checkins.facilitator_id": "stand-in id (answered), else deleted",
    "ideas.author_id": "cleared",
    "ideas.facilitator_id": "handed over, else cleared",
    "perspectives.user_id": "cleared",
    "status_changes.user_id": "cleared",
    "learnings.author_id": "cleared",
    "gatherings.organiser_id": "cleared",
    "gathering_rsvps.user_id": "deleted",
    "attention_items.facilitator_id": "handed over, else cleared",
    "attention_items.done_by": "cleared",
    "attention_items.subject": "deleted (items about welcoming them)",
    "idea_follows.user_id": "deleted",
    "help_offers.user_id": "deleted",
    "reminder_digests.facilitator_id": "deleted",
    "pairing_participants.user_id": "deleted",
    "pairing_invites.user_id": "deleted",
    "pairing_members.user_id": "deleted",
    "slack_installations.user_id": "cleared (the installing member)",
}
# Slack-id columns that never hold a person: workspaces, channels, bots and the app itself.
NOT_PERSONAL = {
    "*.team_id",
    "*.enterprise_id",
    "*.channel_id",
    "*.message_ts",
    "slack_installations.token_type",
    "ideas.origin_channel_id",
    # The Slack view id of the pitch form (one idea per form), not anyone's id.
    "ideas.view_id",
    "slack_bots.bot_id",
    "slack_bots.bot_user_id",
    "slack_installations.bot_id",
    "slack_installations.bot_user_id",
    "slack_installations.incoming_webhook_channel_id",
    "slack_bots.client_id",
    "slack_installations.client_id",
    "slack_bots.app_id",
    "slack_installations.app_id",
}
STAND_IN_PREFIX = "X"


def stand_in() -> str:
    """A random id in the shape of a Slack id (Slack's start with U or W, never X)."""
    return STAND_IN_PREFIX + secrets.token_hex(8).upper()


def _when(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def kept_about(session: Session, team_id: str, user_id: str) -> dict[str, Any]:
    """Everything the bot keeps that points to this member, as one JSON-ready document."""
    member = session.get(Member, (team_id, user_id))
    numbers = dict(session.execute(select(Idea.id, Idea.number).where(Idea.team_id == team_id)).all())
    return {
        "team_id": team_id,
        "user_id": user_id,
        "exported_at": _when(utcnow()),
        "profile": _profile(member),
        "ideas": [_idea(idea) for idea in _rows(session, Idea.author_id, team_id, user_id, Idea.number)],
        "ideas_facilitated": sorted(
            session.scalars(
                select(Idea.number).where(Idea.team_id == team_id, Idea.facilitator_id == user_id)
            )
        ),
        "perspectives": [
            {"idea": numbers.get(p.idea_id), "how": p.source, "at": _when(p.created_at)}
            for p in _rows(session, Perspective.user_id, team_id, user_id, Perspective.created_at)
        ],
        "status_changes": [
            {
                "idea": numbers.get(c.idea_id),
                "from": c.from_status,
                "to": c.to_status,
                "note": c.note,
                "at": _when(c.created_at),
            }
            for c in _rows(session, StatusChange.user_id, team_id, user_id, StatusChange.created_at)
        ],
        "follows": _numbers_of(session, IdeaFollow, team_id, user_id, numbers),
        "help_offered": _numbers_of(session, HelpOffer, team_id, user_id, numbers),
        "facilitation": _facilitation(session, team_id, user_id, numbers),
        "checkins": [
            {
                "week": c.week,
                "attendance": c.attendance,
                "new_partners": c.new_partners,
                "news": c.news,
                "answered_at": _when(c.answered_at),
            }
            for c in _rows(session, Checkin.facilitator_id, team_id, user_id, Checkin.week)
        ],
        "pairing": _pairing(session, team_id, user_id),
        "gatherings": _gatherings(session, team_id, user_id),
        "activity": _activity(session, team_id, user_id),
    }


def _gatherings(session: Session, team_id: str, user_id: str) -> dict[str, Any]:
    """The gatherings they planned (with what they wrote), and their answers: I'll come or not."""
    titles = dict(
        session.execute(select(Gathering.id, Gathering.title).where(Gathering.team_id == team_id)).all()
    )
    return {
        "organised": [
            {
                "title": g.title,
                "place": g.place,
                "starts_at": _when(g.starts_at),
                "attendance": g.attendance,
                "notes": list(
                    session.scalars(
                        select(GatheringIdea.note).where(
                            GatheringIdea.team_id == team_id,
                            GatheringIdea.gathering_id == g.id,
                            GatheringIdea.note != "",
                        )
                    )
                ),
            }
            for g in _rows(session, Gathering.organiser_id, team_id, user_id, Gathering.starts_at)
        ],
        "answers": [
            {"gathering": titles.get(r.gathering_id), "coming": r.coming, "answered_at": _when(r.answered_at)}
            for r in _rows(session, GatheringRsvp.user_id, team_id, user_id, GatheringRsvp.answered_at)
        ],
    }


def _profile(member: Member | None) -> dict[str, Any] | None:
    if member is None:
        return None
    return {
        "language": member.language,
        "slack_locale": member.slack_locale,
        "timezone": member.timezone,
        "workspace_admin": member.is_admin,
        "workspace_owner": member.is_owner,
        "facilitator": member.is_facilitator,
        "first_seen_at": _when(member.first_seen_at),
        "joined_at": _when(member.joined_at),
        "welcomed_at": _when(member.welcomed_at),
    }


def _rows(session: Session, column: Any, team_id: str, user_id: str, order: Any) -> list[Any]:
    """The workspace's rows whose `column` names the member, in `order`."""
    model = column.class_
    return list(
        session.scalars(select(model).where(model.team_id == team_id, column == user_id).order_by(order))
    )


def _idea(idea: Idea) -> dict[str, Any]:
    return {
        "number": idea.number,
        "kind": idea.kind,
        "status": idea.status,
        "title": idea.title,
        "description": idea.description,
        "hypothesis": {
            "believe": idea.believe,
            "outcome": idea.outcome,
            "test": idea.test,
            "share": idea.share,
        },
        "themes": [theme.theme for theme in idea.themes],
        "seeking": list(idea.seeking or []),
        "created_at": _when(idea.created_at),
    }


def _numbers_of(
    session: Session, model: Any, team_id: str, user_id: str, numbers: dict[int, int]
) -> list[int]:
    ids = session.scalars(select(model.idea_id).where(model.team_id == team_id, model.user_id == user_id))
    return sorted(numbers[i] for i in ids if i in numbers)


def _facilitation(session: Session, team_id: str, user_id: str, numbers: dict[int, int]) -> dict[str, Any]:
    items = session.scalars(
        select(AttentionItem)
        .where(
            AttentionItem.team_id == team_id,
            or_(
                AttentionItem.facilitator_id == user_id,
                AttentionItem.done_by == user_id,
                (AttentionItem.kind == assignment.UNWELCOMED) & (AttentionItem.subject == user_id),
            ),
        )
        .order_by(AttentionItem.since)
    )
    return {
        "attention_items": [
            {
                "kind": item.kind,
                "idea": None if item.kind == assignment.UNWELCOMED else numbers.get(int(item.subject)),
                "about_you": item.kind == assignment.UNWELCOMED and item.subject == user_id,
                "yours": item.facilitator_id == user_id,
                "done_by_you": item.done_by == user_id,
                "state": item.state,
                "since": _when(item.since),
            }
            for item in items
        ],
        "reminders_sent": session.scalar(
            select(func.count()).where(
                ReminderDigest.team_id == team_id,
                ReminderDigest.facilitator_id == user_id,
                ReminderDigest.sent_at.is_not(None),
            )
        ),
    }


def _pairing(session: Session, team_id: str, user_id: str) -> dict[str, Any]:
    participant = session.get(PairingParticipant, (team_id, user_id))
    rounds = dict(
        session.execute(
            select(PairingRound.id, PairingRound.moment).where(PairingRound.team_id == team_id)
        ).all()
    )
    return {
        "taking_part": None
        if participant is None
        else {
            "active": participant.active,
            "topic": participant.topic,
            "interests": list(interest_keys(participant.interests)),
            "paused_until": _when(participant.paused_until),
            "joined_at": _when(participant.joined_at),
        },
        "rounds": [
            {"round": _when(rounds.get(m.round_id)), "answer": m.answer, "answered_at": _when(m.answered_at)}
            for m in _rows(session, PairingMember.user_id, team_id, user_id, PairingMember.round_id)
        ],
        "rounds_skipped": [
            _when(rounds.get(i.round_id))
            for i in _rows(session, PairingInvite.user_id, team_id, user_id, PairingInvite.round_id)
            if i.skipped_at is not None
        ],
        "learnings": [
            {"text": learning.text, "shared_at": _when(learning.created_at)}
            for learning in _rows(session, Learning.author_id, team_id, user_id, Learning.created_at)
        ],
    }


ACTIVITY_COUNTS = ("messages", "reactions", "home_opens", "commands", "buttons", "perspectives")


def _activity(session: Session, team_id: str, user_id: str) -> list[dict[str, Any]]:
    """Counts per week: the bot never keeps what was said, only how much."""
    weeks: dict[date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ACTIVITY_COUNTS, 0))
    for row in session.scalars(
        select(DailyActivity).where(DailyActivity.team_id == team_id, DailyActivity.user_id == user_id)
    ):
        for name in ACTIVITY_COUNTS:
            weeks[row.week][name] += getattr(row, name)
    return [
        {"week": Week.containing(monday, ZoneInfo("UTC")).label, **counts}
        for monday, counts in sorted(weeks.items())
    ]


def ideas_naming(session: Session, team_id: str, user_id: str) -> list[int]:
    """The ideas whose card names the member (as its author): read before `erase`, so that the
    cards can be drawn again with "a former member" after it."""
    return list(
        session.scalars(
            select(Idea.id).where(Idea.team_id == team_id, Idea.author_id == user_id).order_by(Idea.id)
        )
    )


def erase(session: Session, team_id: str, user_id: str, now: datetime | None = None) -> dict[str, int]:
    """Remove or anonymise every row pointing to the member; returns rows touched per table.

    The community's figures (members, visitors, commenters, perspectives, ideas, pairs, learnings,
    check-in sums) read the same afterwards for every week that has passed.
    """
    now = now or utcnow()
    touched: dict[str, int] = {}

    def count(table: str, result: Any) -> None:
        if result.rowcount:
            touched[table] = touched.get(table, 0) + result.rowcount

    # A facilitator's open ideas and "welcome" items go to the other facilitators first.
    member = session.get(Member, (team_id, user_id))
    if member is not None and member.is_facilitator:

        def theirs() -> dict[str, int]:
            return {
                model.__tablename__: session.scalar(
                    select(func.count()).where(model.team_id == team_id, model.facilitator_id == user_id)
                )
                for model in (Idea, AttentionItem)
            }

        before = theirs()
        assignment.set_role(session, team_id, user_id, False)
        for table, left in theirs().items():
            if before[table] > left:
                touched[table] = before[table] - left

    mine = Idea.team_id == team_id
    count(
        "ideas",
        session.execute(
            update(Idea)
            .where(mine, Idea.author_id == user_id)
            .values(author_id=None, updated_at=Idea.updated_at)
        ),
    )
    count(
        "ideas",
        session.execute(
            update(Idea)
            .where(mine, Idea.facilitator_id == user_id)
            .values(facilitator_id=None, updated_at=Idea.updated_at)
        ),
    )
    for model in (Perspective, StatusChange):
        count(
            model.__tablename__,
            session.execute(
                update(model).where(model.team_id == team_id, model.user_id == user_id).values(user_id=None)
            ),
        )
    count(
        "learnings",
        session.execute(
            update(Learning)
            .where(Learning.team_id == team_id, Learning.author_id == user_id)
            .values(author_id=None)
        ),
    )
    count(
        "gatherings",
        session.execute(
            update(Gathering)
            .where(Gathering.team_id == team_id, Gathering.organiser_id == user_id)
            .values(organiser_id=None)
        ),
    )
    for model in (IdeaFollow, HelpOffer, PairingParticipant, PairingInvite, PairingMember, GatheringRsvp):
        count(
            model.__tablename__,
            session.execute(delete(model).where(model.team_id == team_id, model.user_id == user_id)),
        )

    _erase_facilitation(session, team_id, user_id, count)
    _erase_checkins(session, team_id, user_id, count)
    _erase_activity(session, team_id, user_id, count)
    count(
        "slack_installations",
        session.execute(
            update(installations_table)
            .where(installations_table.c.team_id == team_id, installations_table.c.user_id == user_id)
            .values(user_id="")
        ),
    )
    if member is not None:
        count(
            "members",
            session.execute(
                update(Member)
                .where(Member.team_id == team_id, Member.user_id == user_id)
                .values(
                    user_id=stand_in(),
                    language=None,
                    slack_locale=None,
                    timezone=None,
                    is_admin=False,
                    is_owner=False,
                    is_facilitator=False,
                    profile_synced_at=None,
                    # Counted as a member until now, as before; from now on whoever Slack shows is new.
                    deleted=True,
                    deleted_at=member.deleted_at if member.deleted else now,
                )
            ),
        )
    return touched


def _erase_facilitation(session: Session, team_id: str, user_id: str, count: Any) -> None:
    items = AttentionItem.team_id == team_id
    count(
        "attention_items",
        session.execute(
            delete(AttentionItem).where(
                items, AttentionItem.kind == assignment.UNWELCOMED, AttentionItem.subject == user_id
            )
        ),
    )
    count(
        "attention_items",
        session.execute(
            update(AttentionItem)
            .where(items, AttentionItem.facilitator_id == user_id)
            .values(facilitator_id=None)
        ),
    )
    count(
        "attention_items",
        session.execute(
            update(AttentionItem).where(items, AttentionItem.done_by == user_id).values(done_by=None)
        ),
    )
    digests = select(ReminderDigest.id).where(
        ReminderDigest.team_id == team_id, ReminderDigest.facilitator_id == user_id
    )
    session.execute(
        update(AttentionItem).where(items, AttentionItem.digest_id.in_(digests)).values(digest_id=None)
    )
    count(
        "reminder_digests",
        session.execute(
            delete(ReminderDigest).where(
                ReminderDigest.team_id == team_id, ReminderDigest.facilitator_id == user_id
            )
        ),
    )


def _erase_checkins(session: Session, team_id: str, user_id: str, count: Any) -> None:
    """Answered check-ins stay in the week's sums under a stand-in; unanswered ones go."""
    mine = (Checkin.team_id == team_id, Checkin.facilitator_id == user_id)
    count("checkins", session.execute(delete(Checkin).where(*mine, Checkin.answered_at.is_(None))))
    for week in session.scalars(select(Checkin.week).where(*mine)).all():
        count(
            "checkins",
            session.execute(
                update(Checkin).where(*mine, Checkin.week == week).values(facilitator_id=stand_in())
            ),
        )


def _erase_activity(session: Session, team_id: str, user_id: str, count: Any) -> None:
    mine = (DailyActivity.team_id == team_id, DailyActivity.user_id == user_id)
    for week in session.scalars(select(DailyActivity.week).where(*mine).distinct()).all():
        count(
            "daily_activity",
            session.execute(
                update(DailyActivity).where(*mine, DailyActivity.week == week).values(user_id=stand_in())
            ),
        )
