"""An idea's way along its kind's path (statuses.PATHS): who may move it, the history of each step, and
partners. An experiment reaches `learning shared` only through `bot.ideas.learning.share`."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.ideas import statuses
from bot.ideas.data import IdeaData, data_of
from models import Idea, IdeaFollow, Member, Partner, StatusChange
from models.idea import NOTE_MAX, PARTNER_MAX

MAX_PARTNERS = 20
_PARTNER_SEPARATORS = re.compile(r"[\n;,]+")


class Refusal(enum.Enum):
    NOT_ALLOWED = "not_allowed"
    UNKNOWN_STATUS = "unknown_status"
    SAME_STATUS = "same_status"
    NOTE_TOO_LONG = "note_too_long"
    # A status of another kind's path (an experiment is never "developing", an idea never "testing").
    NOT_ON_PATH = "not_on_path"
    # A status reached only by doing what it says: "learning shared" by sharing the learning.
    SHARE_THE_LEARNING = "share_the_learning"


# Typing these is refused: an experiment's learning is shared through its form
# (`bot.ideas.learning.share`), which keeps the learning and makes this same step.
REACHED_BY_SHARING: tuple[str, ...] = (statuses.LEARNING_SHARED,)


@dataclass(frozen=True)
class Moved:
    """A status change that happened: the idea as it is now, and who should hear of it."""

    idea: IdeaData
    from_status: str
    to_status: str
    by_user_id: str | None
    note: str
    # The author and the followers, without whoever made the change.
    to_tell: list[str]


def needs_partners(status: str) -> bool:
    """Moving into a project status asks who the partner organisations are."""
    return status in statuses.PROJECTS


def may_change_status(session: Session, idea: IdeaData, *, team_id: str, user_id: str) -> bool:
    """The author, facilitators, and workspace admins and owners."""
    if idea.author_id == user_id:
        return True
    member = session.get(Member, (team_id, user_id))
    return member is not None and (member.is_facilitator or member.is_admin or member.is_owner)


def may_edit(session: Session, team_id: str, user_id: str, idea: IdeaData) -> bool:
    """Editing a pitch: the same people who may move it on."""
    return may_change_status(session, idea, team_id=team_id, user_id=user_id)


def check_change(
    session: Session, *, team_id: str, user_id: str, idea: IdeaData, to_status: str, note: str = ""
) -> Refusal | None:
    if to_status not in statuses.ALL:
        return Refusal.UNKNOWN_STATUS
    if not may_change_status(session, idea, team_id=team_id, user_id=user_id):
        return Refusal.NOT_ALLOWED
    if idea.status == to_status:
        return Refusal.SAME_STATUS
    if to_status not in statuses.of_kind(idea.kind):
        return Refusal.NOT_ON_PATH
    if to_status in REACHED_BY_SHARING:
        return Refusal.SHARE_THE_LEARNING
    if len(note) > NOTE_MAX:
        return Refusal.NOTE_TOO_LONG
    return None


def change_status(
    session: Session, *, team_id: str, user_id: str | None, idea: IdeaData, to_status: str, note: str = ""
) -> Moved | Refusal:
    """Move an idea and keep the step; a refusal changes nothing.

    `user_id` None is the community itself (a first perspective moving a pitch to `discussing`); it
    too keeps to the idea's path.
    """
    if user_id is not None:
        refusal = check_change(
            session, team_id=team_id, user_id=user_id, idea=idea, to_status=to_status, note=note
        )
        if refusal is not None:
            return refusal
    elif to_status not in statuses.of_kind(idea.kind):
        return Refusal.NOT_ON_PATH
    return _move(session, team_id=team_id, user_id=user_id, idea=idea, to_status=to_status, note=note)


def learning_shared(session: Session, *, team_id: str, user_id: str, idea: IdeaData) -> Moved | Refusal:
    """The step an experiment makes when its learning is shared (`bot.ideas.learning.share`, which
    has checked who may share it): kept in the history as any other change."""
    to_status = statuses.LEARNING_SHARED
    if to_status not in statuses.of_kind(idea.kind):
        return Refusal.NOT_ON_PATH
    if idea.status == to_status:
        return Refusal.SAME_STATUS
    return _move(session, team_id=team_id, user_id=user_id, idea=idea, to_status=to_status, note="")


def _move(
    session: Session, *, team_id: str, user_id: str | None, idea: IdeaData, to_status: str, note: str
) -> Moved | Refusal:
    # The WHERE on the old status makes a concurrent change of the same idea lose cleanly.
    moved = session.execute(
        update(Idea)
        .where(Idea.team_id == team_id, Idea.id == idea.id, Idea.status == idea.status)
        .values(status=to_status)
        .returning(Idea.id)
    ).first()
    if moved is None:
        return Refusal.SAME_STATUS
    session.add(
        StatusChange(
            team_id=team_id,
            idea_id=idea.id,
            user_id=user_id,
            from_status=idea.status,
            to_status=to_status,
            note=note,
        )
    )
    session.flush()
    current = session.scalar(select(Idea).where(Idea.id == idea.id))
    if current is None:
        raise RuntimeError(f"idea {idea.id} of {team_id} vanished while its status was changed")
    audience = [idea.author_id, *followers_of(session, team_id, idea.id)]
    to_tell = [u for u in dict.fromkeys(audience) if u and u != user_id]
    return Moved(data_of(session, current), idea.status, to_status, user_id, note, to_tell)


def first_perspective(session: Session, *, team_id: str, idea: IdeaData) -> Moved | None:
    """A pitch's first perspective moves it from `new` on by itself, where its kind's path says
    (`discussing`); an experiment stays `new` until it is being tested."""
    to_status = statuses.after_first_perspective(idea.kind)
    if idea.status != statuses.FIRST or to_status is None:
        return None
    moved = change_status(session, team_id=team_id, user_id=None, idea=idea, to_status=to_status)
    return moved if isinstance(moved, Moved) else None


def followers_of(session: Session, team_id: str, idea_id: int) -> list[str]:
    query = select(IdeaFollow.user_id).where(IdeaFollow.team_id == team_id, IdeaFollow.idea_id == idea_id)
    return list(session.scalars(query.order_by(IdeaFollow.created_at)))


def parse_partners(raw: str) -> list[str]:
    """Organisations from free text: one per line, or separated by commas or semicolons."""
    names: list[str] = []
    for part in _PARTNER_SEPARATORS.split(raw or ""):
        name = " ".join(part.split())[:PARTNER_MAX]
        if name and name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    return names[:MAX_PARTNERS]


def set_partners(session: Session, *, team_id: str, idea_id: int, names: list[str]) -> None:
    session.execute(delete(Partner).where(Partner.team_id == team_id, Partner.idea_id == idea_id))
    session.add_all(
        Partner(team_id=team_id, idea_id=idea_id, name=name, position=i) for i, name in enumerate(names)
    )
