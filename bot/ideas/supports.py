"""Supports: one member's "I support this" on an idea, one each, undone by pressing again.

Nothing here imports Slack. A support is a row of `idea_supports` keyed by the idea and the member,
so two quick presses (two requests racing) can never make two rows: adding is an INSERT … ON
CONFLICT DO NOTHING, withdrawing a DELETE … RETURNING, and each says for certain whether it did
anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent
from models import Support


def toggle(session: Session, *, team_id: str, idea_id: int, user_id: str) -> bool:
    """Support the idea, or withdraw the support the member gave; True when they now support it.

    An author may support their own idea: a support says "I want this to happen", which its author
    surely does, and refusing it would only puzzle them; the count stays honest, as it is one each.

    Withdrawing comes first: when two presses race, one withdraws what the other added at most,
    and neither raises.
    """
    withdrawn = session.execute(
        delete(Support)
        .where(Support.team_id == team_id, Support.idea_id == idea_id, Support.user_id == user_id)
        .returning(Support.user_id)
    ).first()
    if withdrawn is not None:
        return False
    insert_if_absent(session, Support, team_id=team_id, idea_id=idea_id, user_id=user_id)
    return True


def supports(session: Session, *, team_id: str, idea_id: int, user_id: str) -> bool:
    """Whether the member supports the idea."""
    found = session.scalar(
        select(Support.user_id).where(
            Support.team_id == team_id, Support.idea_id == idea_id, Support.user_id == user_id
        )
    )
    return found is not None


def counts(session: Session, team_id: str, idea_ids: Iterable[int]) -> dict[int, int]:
    """How many supports each of these ideas has, in one grouped query; an idea with none is left out."""
    wanted = list(idea_ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Support.idea_id, func.count())
        .where(Support.team_id == team_id, Support.idea_id.in_(wanted))
        .group_by(Support.idea_id)
    )
    return {idea_id: count for idea_id, count in rows}


def count(session: Session, team_id: str, idea_id: int) -> int:
    return counts(session, team_id, (idea_id,)).get(idea_id, 0)
