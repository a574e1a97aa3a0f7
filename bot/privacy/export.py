"""What the bot keeps about one member, as one JSON-ready document: the download the member asks for
and `forget --dry-run`. No Slack here."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.core.weeks import Week
from bot.facilitation import assignment
from bot.pairing.participation import interest_keys
from models import (
    AttentionItem,
    Checkin,
    DailyActivity,
    FeedDigest,
    Gathering,
    GatheringIdea,
    GatheringRsvp,
    HelpOffer,
    Idea,
    IdeaFollow,
    IdeaLink,
    Learning,
    Member,
    PairingInvite,
    PairingMember,
    PairingParticipant,
    PairingRound,
    Perspective,
    ReminderDigest,
    StatusChange,
    Support,
    TopicFollow,
    utcnow,
)


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
        "ideas": [
            _idea(idea)
            for idea in _rows(session, Idea.author_id, Idea.number, team_id=team_id, user_id=user_id)
        ],
        "ideas_facilitated": sorted(
            session.scalars(
                select(Idea.number).where(Idea.team_id == team_id, Idea.facilitator_id == user_id)
            )
        ),
        "perspectives": [
            {"idea": numbers.get(p.idea_id), "how": p.source, "at": _when(p.created_at)}
            for p in _rows(
                session, Perspective.user_id, Perspective.created_at, team_id=team_id, user_id=user_id
            )
        ],
        "status_changes": [
            {
                "idea": numbers.get(c.idea_id),
                "from": c.from_status,
                "to": c.to_status,
                "note": c.note,
                "at": _when(c.created_at),
            }
            for c in _rows(
                session, StatusChange.user_id, StatusChange.created_at, team_id=team_id, user_id=user_id
            )
        ],
        "follows": _numbers_of(session, IdeaFollow, numbers, team_id=team_id, user_id=user_id),
        "help_offered": _numbers_of(session, HelpOffer, numbers, team_id=team_id, user_id=user_id),
        **_knowledge(session, numbers, team_id=team_id, user_id=user_id),
        "facilitation": _facilitation(session, numbers, team_id=team_id, user_id=user_id),
        "checkins": [
            {
                "week": c.week,
                "attendance": c.attendance,
                "new_partners": c.new_partners,
                "news": c.news,
                "answered_at": _when(c.answered_at),
            }
            for c in _rows(session, Checkin.facilitator_id, Checkin.week, team_id=team_id, user_id=user_id)
        ],
        "pairing": _pairing(session, team_id=team_id, user_id=user_id),
        "gatherings": _gatherings(session, team_id=team_id, user_id=user_id),
        "activity": _activity(session, team_id=team_id, user_id=user_id),
    }


def _knowledge(session: Session, numbers: dict[int, int], *, team_id: str, user_id: str) -> dict[str, Any]:
    """The ideas they support, the tags and themes they follow, the links they added, their daily
    digests of what they follow, and the learnings of experiments they shared."""
    mine = {"team_id": team_id, "user_id": user_id}
    return {
        "supports": [
            {"idea": numbers.get(s.idea_id), "at": _when(s.created_at)}
            for s in _rows(session, Support.user_id, Support.created_at, **mine)
        ],
        "topics_followed": [
            {"topic": f.topic, "since": _when(f.created_at)}
            for f in _rows(session, TopicFollow.user_id, TopicFollow.topic, **mine)
        ],
        "links_added": [
            {
                "idea": numbers.get(link.idea_id),
                "url": link.url,
                "label": link.label,
                "at": _when(link.created_at),
            }
            for link in _rows(session, IdeaLink.added_by, IdeaLink.created_at, **mine)
        ],
        "digests": [
            {"day": _when(d.day), "sent_at": _when(d.sent_at), "items": d.items}
            for d in _rows(session, FeedDigest.user_id, FeedDigest.day, **mine)
        ],
        "experiment_learnings": [
            {
                "experiment": numbers.get(learning.idea_id),
                "text": learning.text,
                "worked": learning.worked,
                "did_not": learning.did_not,
                "again": learning.again,
                "shared_at": _when(learning.created_at),
            }
            for learning in _rows(session, Learning.author_id, Learning.created_at, **mine)
            if learning.idea_id is not None
        ],
    }


def _gatherings(session: Session, *, team_id: str, user_id: str) -> dict[str, Any]:
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
            for g in _rows(
                session, Gathering.organiser_id, Gathering.starts_at, team_id=team_id, user_id=user_id
            )
        ],
        "answers": [
            {"gathering": titles.get(r.gathering_id), "coming": r.coming, "answered_at": _when(r.answered_at)}
            for r in _rows(
                session, GatheringRsvp.user_id, GatheringRsvp.answered_at, team_id=team_id, user_id=user_id
            )
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


def _rows(session: Session, column: Any, order: Any, *, team_id: str, user_id: str) -> list[Any]:
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
    session: Session, model: Any, numbers: dict[int, int], *, team_id: str, user_id: str
) -> list[int]:
    ids = session.scalars(select(model.idea_id).where(model.team_id == team_id, model.user_id == user_id))
    return sorted(numbers[i] for i in ids if i in numbers)


def _facilitation(session: Session, numbers: dict[int, int], *, team_id: str, user_id: str) -> dict[str, Any]:
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


def _pairing(session: Session, *, team_id: str, user_id: str) -> dict[str, Any]:
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
            for m in _rows(
                session, PairingMember.user_id, PairingMember.round_id, team_id=team_id, user_id=user_id
            )
        ],
        "rounds_skipped": [
            _when(rounds.get(i.round_id))
            for i in _rows(
                session, PairingInvite.user_id, PairingInvite.round_id, team_id=team_id, user_id=user_id
            )
            if i.skipped_at is not None
        ],
        "learnings": [
            {"text": learning.text, "shared_at": _when(learning.created_at)}
            for learning in _rows(
                session, Learning.author_id, Learning.created_at, team_id=team_id, user_id=user_id
            )
            if learning.idea_id is None
        ],
    }


ACTIVITY_COUNTS = ("messages", "reactions", "home_opens", "commands", "buttons", "perspectives")


def _activity(session: Session, *, team_id: str, user_id: str) -> list[dict[str, Any]]:
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
