"""What the tests of an experiment's learning share: an experiment with its learning day, the people,
and the form as a member fills it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import update

from bot.core import ids
from bot.core.db import Database
from bot.core.workspace_settings import ensure_workspace, set_value
from bot.facilitation import assignment
from bot.ideas import learning, pitches
from bot.ideas.data import IdeaData
from bot.ideas.learning import LearningDraft, Shared
from bot.ideas.pitches import PitchDraft
from bot.members import roster
from models import Idea, utcnow
from tests.support import slack_payloads as p

TEAM = p.TEAM_ID
AUTHOR, FACILITATOR, STRANGER = "U0AUTHOR01", "U0FACIL001", "U0STRANGE1"
LEARNINGS = "C0LEARNING"
IDEAS = "C0IDEAS001"
# 09:30 in Helsinki on Tuesday 24 November 2026, when the daily ask runs there.
MORNING = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)
TODAY = date(2026, 11, 24)


def workspace(db: Database, *, learnings_channel: str | None = LEARNINGS) -> None:
    with db.session() as session:
        ensure_workspace(session, TEAM)
        set_value(session, TEAM, "timezone", "Europe/Helsinki")
        if learnings_channel:
            set_value(session, TEAM, "learnings_channel", learnings_channel)
        assignment.set_role(session, TEAM, FACILITATOR, True)
        for user_id in (AUTHOR, FACILITATOR, STRANGER):
            member = roster.ensure_member(session, TEAM, user_id)
            member.slack_locale, member.profile_synced_at = "en-US", utcnow()


def experiment(
    db: Database,
    title: str = "Board games at the library",
    *,
    due: date | None = TODAY,
    author: str | None = AUTHOR,
    kind: str = "experiment",
    posted: bool = True,
) -> IdeaData:
    """An experiment (its card in `IDEAS` when `posted`); `author` None as if the author was erased."""
    draft = PitchDraft(kind=kind, title=title, share="a post in #learnings", learning_due=due)
    with db.session() as session:
        ensure_workspace(session, TEAM)
        idea = pitches.create_pitch(
            session, team_id=TEAM, author_id=author or AUTHOR, draft=draft, origin_channel_id=None
        )
        if posted:
            pitches.record_post(
                session, team_id=TEAM, idea_id=idea.id, channel_id=IDEAS, message_ts="1.000100"
            )
        if author is None:
            session.execute(update(Idea).where(Idea.id == idea.id).values(author_id=None))
    with db.read() as session:
        current = pitches.get(session, TEAM, idea.id)
    assert current is not None
    return current


def share(db: Database, idea_id: int, user_id: str = AUTHOR, **fields: str) -> Shared:
    draft = LearningDraft(**{"text": "Families came back every week.", **fields})
    with db.session() as session:
        return learning.share(
            session, team_id=TEAM, user_id=user_id, idea_id=idea_id, draft=draft, now=utcnow()
        )


def form_values(
    text: str | None = "Families came back every week.",
    *,
    worked: str | None = "Evenings",
    did_not: str | None = "Mornings",
    again: str | None = "yes",
) -> dict[str, dict[str, dict[str, Any]]]:
    """`view.state.values` of the learning form as a member fills it."""
    return {
        "text": {ids.INPUT: p.plain_input(text)},
        "worked": {ids.INPUT: p.plain_input(worked)},
        "did_not": {ids.INPUT: p.plain_input(did_not)},
        "again": {ids.INPUT: p.radio(again)},
    }
