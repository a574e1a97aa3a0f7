"""Finding ideas: by number, by status and theme, a member's own and followed ones, and full text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from bot.gatherings.records import IdeaGathering, of_idea
from bot.ideas.data import IdeaData, data_of
from bot.ideas.search import IDEAS, ranked
from models import Idea, IdeaFollow, IdeaTheme, Partner, StatusChange

PAGE_SIZE = 10
SEARCH_LIMIT = 10


@dataclass(frozen=True)
class Page:
    ideas: list[IdeaData]
    offset: int
    has_more: bool


@dataclass(frozen=True)
class StatusStep:
    user_id: str | None
    from_status: str
    to_status: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class IdeaDetail:
    idea: IdeaData
    history: list[StatusStep]
    partners: list[str]
    # Gatherings that discussed it and have been recorded, with the organiser's note.
    gatherings: list[IdeaGathering] = field(default_factory=list)


def by_number(session: Session, team_id: str, number: int) -> IdeaData | None:
    idea = session.scalar(select(Idea).where(Idea.team_id == team_id, Idea.number == number))
    return None if idea is None else data_of(session, idea)


def detail(session: Session, team_id: str, number: int) -> IdeaDetail | None:
    idea = by_number(session, team_id, number)
    if idea is None:
        return None
    steps = session.scalars(
        select(StatusChange)
        .where(StatusChange.team_id == team_id, StatusChange.idea_id == idea.id)
        .order_by(StatusChange.created_at, StatusChange.id)
    )
    history = [StatusStep(s.user_id, s.from_status, s.to_status, s.note, s.created_at) for s in steps]
    met = of_idea(session, team_id, idea.id)
    return IdeaDetail(idea, history, partners_of(session, team_id, idea.id), met)


def partners_of(session: Session, team_id: str, idea_id: int) -> list[str]:
    query = (
        select(Partner.name)
        .where(Partner.team_id == team_id, Partner.idea_id == idea_id)
        .order_by(Partner.position)
    )
    return list(session.scalars(query))


def _page(session: Session, query: Select[Idea], offset: int, limit: int) -> Page:
    # One row more than shown tells whether there is a next page without counting them all.
    rows = list(session.scalars(query.order_by(Idea.number.desc()).offset(offset).limit(limit + 1)))
    return Page([data_of(session, i, counts=False) for i in rows[:limit]], offset, len(rows) > limit)


def list_ideas(
    session: Session,
    team_id: str,
    *,
    status: str | None = None,
    theme: str | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> Page:
    """Newest first, optionally of one status and one theme."""
    query = select(Idea).where(Idea.team_id == team_id)
    if status:
        query = query.where(Idea.status == status)
    if theme:
        query = query.where(
            Idea.id.in_(
                select(IdeaTheme.idea_id).where(IdeaTheme.team_id == team_id, IdeaTheme.theme == theme)
            )
        )
    return _page(session, query, offset, limit)


def authored_by(
    session: Session, team_id: str, user_id: str, offset: int = 0, limit: int = PAGE_SIZE
) -> Page:
    query = select(Idea).where(Idea.team_id == team_id, Idea.author_id == user_id)
    return _page(session, query, offset, limit)


def followed_by(
    session: Session, team_id: str, user_id: str, offset: int = 0, limit: int = PAGE_SIZE
) -> Page:
    followed = select(IdeaFollow.idea_id).where(IdeaFollow.team_id == team_id, IdeaFollow.user_id == user_id)
    query = select(Idea).where(Idea.team_id == team_id, Idea.id.in_(followed))
    return _page(session, query, offset, limit)


def search(session: Session, team_id: str, words: str, offset: int = 0, limit: int = SEARCH_LIMIT) -> Page:
    """Ideas whose words or their base forms begin with the query's (`terv`: *terveys*, `vanhus`:
    *vanhuksille*): those matching every word first, then those matching most of them."""
    found = ranked(session, IDEAS, team_id, words, limit, offset)
    if not found.ids:
        return Page([], offset, False)
    query = select(Idea).where(Idea.team_id == team_id, Idea.id.in_(found.ids))
    rows = {i.id: i for i in session.scalars(query)}
    ideas = [data_of(session, rows[i], counts=False) for i in found.ids if i in rows]
    return Page(ideas, offset, found.has_more)
