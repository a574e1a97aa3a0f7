"""Who looks after what: each new pitch gets the least loaded facilitator, who may hand it on."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.core.db import rows_changed
from bot.ideas import statuses
from bot.members import roster
from models import AttentionItem, Idea

# Ideas in these statuses still need someone; done and parked ones do not weigh on a facilitator.
# The one kind of attention item about a member rather than an idea (see bot.facilitation.attention).
UNWELCOMED = "unwelcomed"


def loads(session: Session, team_id: str) -> dict[str, tuple[int, int]]:
    """Each facilitator's (open ideas and members to welcome, all ideas ever) assigned to them."""
    result = {user_id: (0, 0) for user_id in roster.facilitators(session, team_id)}
    welcoming = dict(
        session.execute(
            select(AttentionItem.facilitator_id, func.count())
            .where(
                AttentionItem.team_id == team_id,
                AttentionItem.kind == UNWELCOMED,
                AttentionItem.state == "open",
                AttentionItem.facilitator_id.in_(list(result)),
            )
            .group_by(AttentionItem.facilitator_id)
        ).all()
    )
    rows = session.execute(
        select(
            Idea.facilitator_id,
            func.count().filter(Idea.status.in_(statuses.OPEN)),
            func.count(),
        )
        .where(Idea.team_id == team_id, Idea.facilitator_id.in_(list(result)))
        .group_by(Idea.facilitator_id)
    )
    # Both queries name only the facilitators asked about, so no user id below is None.
    for user_id, open_count, total in rows:
        if user_id is not None:
            result[user_id] = (open_count, total)
    for user_id, count in welcoming.items():
        if user_id is not None:
            result[user_id] = (result[user_id][0] + count, result[user_id][1])
    return result


def least_loaded(session: Session, team_id: str, *, besides: str | None = None) -> str | None:
    """The facilitator with the fewest open ideas (then fewest ever, so turns go round); None if none."""
    candidates = {user_id: load for user_id, load in loads(session, team_id).items() if user_id != besides}
    if not candidates:
        return None
    return min(candidates, key=lambda user_id: (*candidates[user_id], user_id))


def assign_new_idea(session: Session, team_id: str, idea_id: int, author_id: str | None = None) -> str | None:
    """Give a new pitch its facilitator; returns who, or None when the workspace has none yet.

    A facilitator's own pitch goes to another facilitator when there is one: a second pair of eyes.
    """
    chosen = least_loaded(session, team_id, besides=author_id) or least_loaded(session, team_id)
    if chosen is not None:
        session.execute(
            update(Idea)
            .where(Idea.team_id == team_id, Idea.id == idea_id)
            .values(facilitator_id=chosen, updated_at=Idea.updated_at)
        )
    return chosen


def facilitator_of(session: Session, team_id: str, idea_id: int) -> str | None:
    return session.scalar(select(Idea.facilitator_id).where(Idea.team_id == team_id, Idea.id == idea_id))


# A change of facilitator is not activity on the idea: `updated_at` keeps its value, so a quiet idea
# stays quiet (and its item the same item) when it changes hands.


def hand_over_idea(session: Session, team_id: str, idea_id: int, to_user: str) -> bool:
    """The idea and its open items go to `to_user`; False when the idea is unknown."""
    moved = rows_changed(
        session.execute(
            update(Idea)
            .where(Idea.team_id == team_id, Idea.id == idea_id)
            .values(facilitator_id=to_user, updated_at=Idea.updated_at)
        )
    )
    if not moved:
        return False
    session.execute(
        update(AttentionItem)
        .where(
            AttentionItem.team_id == team_id,
            AttentionItem.subject == str(idea_id),
            AttentionItem.kind != UNWELCOMED,
            AttentionItem.state == "open",
        )
        .values(facilitator_id=to_user, last_sent_at=None)
    )
    return True


def reassign_from(session: Session, *, team_id: str, user_id: str) -> None:
    """Someone left the role: their open ideas and items go to the least loaded of the others."""
    for idea_id in session.scalars(
        select(Idea.id).where(
            Idea.team_id == team_id, Idea.facilitator_id == user_id, Idea.status.in_(statuses.OPEN)
        )
    ).all():
        successor = least_loaded(session, team_id, besides=user_id)
        if successor is None:
            session.execute(
                update(Idea)
                .where(Idea.team_id == team_id, Idea.id == idea_id)
                .values(facilitator_id=None, updated_at=Idea.updated_at)
            )
        else:
            hand_over_idea(session, team_id, idea_id, successor)
    session.execute(
        update(AttentionItem)
        .where(
            AttentionItem.team_id == team_id,
            AttentionItem.facilitator_id == user_id,
            AttentionItem.state == "open",
            AttentionItem.kind == UNWELCOMED,
        )
        .values(facilitator_id=least_loaded(session, team_id, besides=user_id), last_sent_at=None)
    )


def set_role(session: Session, team_id: str, user_id: str, on: bool) -> bool:
    """Give or take the role; what someone leaving looked after goes to the others at once."""
    changed = roster.set_facilitator(session, team_id, user_id, on)
    if changed and not on:
        reassign_from(session, team_id=team_id, user_id=user_id)
    return changed


def set_facilitators(session: Session, team_id: str, user_ids: list[str]) -> None:
    """Make exactly these members the facilitators (the settings form's choice)."""
    wanted = set(user_ids)
    for user_id in sorted(set(roster.facilitators(session, team_id)) - wanted):
        set_role(session, team_id, user_id, False)
    for user_id in sorted(wanted):
        set_role(session, team_id, user_id, True)


def may_facilitate(session: Session, team_id: str, user_id: str) -> bool:
    """Facilitators, and workspace admins and owners, who may always step in."""
    return roster.is_facilitator(session, team_id, user_id) or roster.is_workspace_admin(
        session, team_id, user_id
    )
