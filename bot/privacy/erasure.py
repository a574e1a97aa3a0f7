"""Erasing what the bot keeps about one member, on request (GDPR). No Slack here.

Erasure removes every row that points to the person, or cuts the pointer, in every table:
- what only concerns them (follows of ideas, tags and themes, offers of help, pairing choices,
  invitations and groups, their reminder and feed digests, "welcome them" items, their answers to
  gatherings) is deleted;
- what the community made together stays without their name: their ideas (shown as by "a former
  member"), the perspectives and status changes counted on ideas, their shared learnings (of
  pairing and of experiments), the links they added to ideas, the gatherings they planned (with how
  many came, which the figures count);
- what the community's figures are counted from keeps its count under a random stand-in id that
  nothing links back to them: their member row (so past member counts stay), their activity counts
  (a new stand-in for every week, so weeks cannot be joined up), their answered check-ins and their
  supports (a new stand-in for every support, so an idea keeps its count and still has one support
  per member, and their supports cannot be joined up).

`bot.privacy.columns` says how each column that can hold a member's id is treated.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Result, delete, func, select, update
from sqlalchemy.orm import Session

from bot.core.db import rows_changed
from bot.facilitation import assignment
from models import (
    AttentionItem,
    Checkin,
    DailyActivity,
    FeedDigest,
    Gathering,
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
    Perspective,
    ReminderDigest,
    StatusChange,
    Support,
    TopicFollow,
    utcnow,
)
from models.installation import installations_table

STAND_IN_PREFIX = "X"

# Adds the rows a statement's result touched to the table's count.
Count = Callable[[str, Result[Any]], None]


def stand_in() -> str:
    """A random id in the shape of a Slack id (Slack's start with U or W, never X)."""
    return STAND_IN_PREFIX + secrets.token_hex(8).upper()


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
    supports, check-in sums) read the same afterwards for every week that has passed.
    """
    now = now or utcnow()
    touched: dict[str, int] = {}

    def count(table: str, result: Result[Any]) -> None:
        changed = rows_changed(result)
        if changed:
            touched[table] = touched.get(table, 0) + changed

    # A facilitator's open ideas and "welcome" items go to the other facilitators first.
    member = session.get(Member, (team_id, user_id))
    if member is not None and member.is_facilitator:

        def theirs() -> dict[str, int]:
            return {
                model.__tablename__: session.scalar(
                    select(func.count()).where(model.team_id == team_id, model.facilitator_id == user_id)
                )
                or 0
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
    # Columns that only say who did something: cleared, the row (and what it counts) kept.
    for column in (
        Perspective.user_id,
        StatusChange.user_id,
        Learning.author_id,
        Gathering.organiser_id,
        IdeaLink.added_by,
    ):
        model = column.class_
        count(
            model.__tablename__,
            session.execute(
                update(model).where(model.team_id == team_id, column == user_id).values({column.key: None})
            ),
        )
    for model in (
        IdeaFollow,
        HelpOffer,
        PairingParticipant,
        PairingInvite,
        PairingMember,
        GatheringRsvp,
        TopicFollow,
        FeedDigest,
    ):
        count(
            model.__tablename__,
            session.execute(delete(model).where(model.team_id == team_id, model.user_id == user_id)),
        )

    _erase_facilitation(session, count, team_id=team_id, user_id=user_id)
    _erase_checkins(session, count, team_id=team_id, user_id=user_id)
    _erase_activity(session, count, team_id=team_id, user_id=user_id)
    _erase_supports(session, count, team_id=team_id, user_id=user_id)
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


def _erase_facilitation(session: Session, count: Count, *, team_id: str, user_id: str) -> None:
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


def _erase_checkins(session: Session, count: Count, *, team_id: str, user_id: str) -> None:
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


def _erase_activity(session: Session, count: Count, *, team_id: str, user_id: str) -> None:
    mine = (DailyActivity.team_id == team_id, DailyActivity.user_id == user_id)
    for week in session.scalars(select(DailyActivity.week).where(*mine).distinct()).all():
        count(
            "daily_activity",
            session.execute(
                update(DailyActivity).where(*mine, DailyActivity.week == week).values(user_id=stand_in())
            ),
        )


def _erase_supports(session: Session, count: Count, *, team_id: str, user_id: str) -> None:
    """Each support keeps its idea and the day it was given (the figures count it) under a stand-in
    of its own; the member had one support per idea, so the key (idea, member) stays unique."""
    mine = (Support.team_id == team_id, Support.user_id == user_id)
    for idea_id in session.scalars(select(Support.idea_id).where(*mine)).all():
        count(
            "idea_supports",
            session.execute(
                update(Support).where(*mine, Support.idea_id == idea_id).values(user_id=stand_in())
            ),
        )
