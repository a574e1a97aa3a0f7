"""An experiment's shared learning: asking its author on the day it is due, keeping what they share
(once), the step to `learning shared`, posting it once, and learnings left overdue. No Slack here;
the Slack side is `bot.ideas.learning_run`.

Who may share an experiment's learning: its author and the facilitators. `learning shared` is never
typed (`lifecycle.REACHED_BY_SHARING`): sharing keeps the learning and makes that step together.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, exists, select, update
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent
from bot.core.i18n import N_, Translator
from bot.core.text import clean_block, is_blank
from bot.ideas import kinds, lifecycle, statuses
from bot.ideas.data import IdeaData, data_of
from bot.ideas.lifecycle import Moved
from models import Idea, Learning, Member
from models.pairing import LEARNING_MAX

# Would they do it again: the form's three answers, in the order it offers them.
YES, NO, MAYBE = "yes", "no", "maybe"
AGAIN: tuple[str, ...] = (YES, NO, MAYBE)
AGAIN_LABELS: dict[str, str] = {YES: N_("Yes"), NO: N_("No"), MAYBE: N_("Maybe")}
# The form's fields: what we learned (required), what worked, what did not, would we do it again.
FIELDS: tuple[str, ...] = ("text", "worked", "did_not", "again")
# A learning not shared this long after its day becomes a facilitator's item.
OVERDUE_AFTER = timedelta(days=7)


def again_label(t: Translator, again: str) -> str:
    return t.gettext(AGAIN_LABELS[again]) if again in AGAIN_LABELS else again


class Problem(enum.Enum):
    MISSING = "missing"
    TOO_LONG = "too_long"
    UNKNOWN_CHOICE = "unknown_choice"


@dataclass(frozen=True)
class LearningDraft:
    """The form as it came: checked by `check` (a payload can be forged past Slack's limits)."""

    text: str = ""
    worked: str = ""
    did_not: str = ""
    again: str = ""


def draft_of(
    *, text: str | None, worked: str | None, did_not: str | None, again: str | None
) -> LearningDraft:
    return LearningDraft(clean_block(text), clean_block(worked), clean_block(did_not), again or "")


def check(draft: LearningDraft) -> dict[str, Problem]:
    """Problems by field; empty when the learning can be kept."""
    problems: dict[str, Problem] = {}
    if is_blank(draft.text):
        problems["text"] = Problem.MISSING
    for name in ("text", "worked", "did_not"):
        if len(getattr(draft, name)) > LEARNING_MAX:
            problems[name] = Problem.TOO_LONG
    if draft.again and draft.again not in AGAIN:
        problems["again"] = Problem.UNKNOWN_CHOICE
    return problems


class Outcome(enum.Enum):
    SHARED = "shared"
    # Shared before (a form sent twice, or by someone else): the first stays and nothing changes.
    ALREADY = "already"
    NOT_ALLOWED = "not_allowed"
    # No experiment of this workspace by that id (gone, another kind, a forged id).
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Shared:
    outcome: Outcome
    idea: IdeaData | None = None
    learning_id: int | None = None
    # The step to `learning shared`; None when the experiment was there already or moved meanwhile.
    moved: Moved | None = None


def experiment(session: Session, team_id: str, idea_id: int) -> IdeaData | None:
    idea = session.scalar(
        select(Idea).where(Idea.team_id == team_id, Idea.id == idea_id, Idea.kind == kinds.EXPERIMENT)
    )
    return None if idea is None else data_of(session, idea)


def may_share(session: Session, idea: IdeaData, *, team_id: str, user_id: str) -> bool:
    """The experiment's author, and the facilitators."""
    if idea.author_id == user_id:
        return True
    member = session.get(Member, (team_id, user_id))
    return member is not None and member.is_facilitator


def may_open(session: Session, *, team_id: str, user_id: str, idea_id: int) -> Shared:
    """Whether the form may open for this person: SHARED here means "go ahead", with the idea."""
    idea = experiment(session, team_id, idea_id)
    if idea is None:
        return Shared(Outcome.UNKNOWN)
    if not may_share(session, idea, team_id=team_id, user_id=user_id):
        return Shared(Outcome.NOT_ALLOWED, idea)
    if idea.learning is not None:
        return Shared(Outcome.ALREADY, idea)
    return Shared(Outcome.SHARED, idea)


def share(
    session: Session, *, team_id: str, user_id: str, idea_id: int, draft: LearningDraft, now: datetime
) -> Shared:
    """Keep a checked learning once and move the experiment to `learning shared`.

    The learning's unique idea id decides between two forms sent at once: the second finds it taken
    and changes nothing. A learning with the step missing (the status moved meanwhile) still counts
    as shared everywhere, as the ask and the overdue item look for the learning itself."""
    allowed = may_open(session, team_id=team_id, user_id=user_id, idea_id=idea_id)
    if allowed.outcome is not Outcome.SHARED or allowed.idea is None:
        return allowed
    idea = allowed.idea
    kept = insert_if_absent(
        session,
        Learning,
        team_id=team_id,
        idea_id=idea.id,
        author_id=user_id,
        text=draft.text,
        worked=draft.worked,
        did_not=draft.did_not,
        again=draft.again,
        created_at=now,
    )
    if not kept:
        return Shared(Outcome.ALREADY, idea)
    learning_id = session.scalar(select(Learning.id).where(Learning.idea_id == idea.id))
    moved = lifecycle.learning_shared(session, team_id=team_id, user_id=user_id, idea=idea)
    if isinstance(moved, Moved):
        return Shared(Outcome.SHARED, moved.idea, learning_id, moved)
    current = experiment(session, team_id, idea.id)
    return Shared(Outcome.SHARED, current or idea, learning_id, None)


def _not_shared() -> ColumnElement[bool]:
    return ~exists().where(Learning.idea_id == Idea.id)


def due_for_asking(session: Session, team_id: str, today: date) -> list[IdeaData]:
    """Experiments whose learning is due by `today`, still open, not shared, and whose author has
    not been asked yet (an erased author is never asked)."""
    found = session.scalars(
        select(Idea)
        .where(
            Idea.team_id == team_id,
            Idea.kind == kinds.EXPERIMENT,
            Idea.learning_due.is_not(None),
            Idea.learning_due <= today,
            Idea.learning_asked_at.is_(None),
            Idea.author_id.is_not(None),
            Idea.status.in_(statuses.OPEN),
            _not_shared(),
        )
        .order_by(Idea.learning_due, Idea.number)
    )
    return [data_of(session, idea, counts=False) for idea in found]


def claim_ask(session: Session, *, team_id: str, idea_id: int, now: datetime) -> bool:
    """Take the one ask of an experiment's learning; False when it was asked (or is being asked), or
    it was shared or parked since it was found due.

    Asking is not activity on the experiment: `updated_at` keeps its value."""
    claimed = session.execute(
        update(Idea)
        .where(
            Idea.team_id == team_id,
            Idea.id == idea_id,
            Idea.learning_asked_at.is_(None),
            Idea.status.in_(statuses.OPEN),
            _not_shared(),
        )
        .values(learning_asked_at=now, updated_at=Idea.updated_at)
        .returning(Idea.id)
    ).first()
    return claimed is not None


def release_ask(session: Session, *, team_id: str, idea_id: int, claimed_at: datetime) -> None:
    """Slack surely did not take the ask: the next run asks again."""
    session.execute(
        update(Idea)
        .where(Idea.team_id == team_id, Idea.id == idea_id, Idea.learning_asked_at == claimed_at)
        .values(learning_asked_at=None, updated_at=Idea.updated_at)
    )


def claim_post(session: Session, *, team_id: str, learning_id: int, now: datetime) -> bool:
    """Take the one post of a learning to the learnings channel."""
    claimed = session.execute(
        update(Learning)
        .where(
            Learning.team_id == team_id,
            Learning.id == learning_id,
            Learning.post_claimed_at.is_(None),
            Learning.message_ts.is_(None),
        )
        .values(post_claimed_at=now)
        .returning(Learning.id)
    ).first()
    return claimed is not None


def release_post(session: Session, *, team_id: str, learning_id: int) -> None:
    session.execute(
        update(Learning)
        .where(Learning.team_id == team_id, Learning.id == learning_id, Learning.message_ts.is_(None))
        .values(post_claimed_at=None)
    )


def overdue(session: Session, team_id: str, today: date) -> list[tuple[int, date]]:
    """Experiments (id, learning day) whose learning is a week or more overdue on `today`: still
    open and not shared, whether or not the author was asked."""
    rows = session.execute(
        select(Idea.id, Idea.learning_due).where(
            Idea.team_id == team_id,
            Idea.kind == kinds.EXPERIMENT,
            Idea.learning_due.is_not(None),
            Idea.learning_due <= today - OVERDUE_AFTER,
            Idea.status.in_(statuses.OPEN),
            _not_shared(),
        )
    ).all()
    return [(idea_id, due) for idea_id, due in rows if due is not None]
