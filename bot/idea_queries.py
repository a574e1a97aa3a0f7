"""Finding ideas: by number, by status and theme, a member's own and followed ones, and full text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from bot.ideas import IdeaData, data_of
from models import Idea, IdeaFollow, IdeaTheme, Partner, StatusChange

PAGE_SIZE = 10
SEARCH_LIMIT = 10
_WORD = re.compile(r"\w+", re.UNICODE)


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
    return IdeaDetail(idea, history, partners_of(session, team_id, idea.id))


def partners_of(session: Session, team_id: str, idea_id: int) -> list[str]:
    query = (
        select(Partner.name)
        .where(Partner.team_id == team_id, Partner.idea_id == idea_id)
        .order_by(Partner.position)
    )
    return list(session.scalars(query))


def _page(session: Session, query: Select[tuple[Idea]], offset: int, limit: int) -> Page:
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


def search_words(words: str) -> list[str]:
    """The words of a query, lowercased: only letters and digits, so no query syntax gets through."""
    return [w.lower() for w in _WORD.findall(words)][:12]


def matching_ids(
    session: Session, team_id: str, words: str, limit: int, *, postgresql: str, sqlite: str
) -> list[int]:
    """Ids of rows matching every word, as a whole word or the start of one, best first. `postgresql`
    and `sqlite` are the engine's own full-text query, taking :query, :team_id and :limit."""
    terms = search_words(words)
    if not terms:
        return []
    if session.get_bind().dialect.name == "postgresql":
        query, match = postgresql, " & ".join(f"{term}:*" for term in terms)
    else:
        query, match = sqlite, " ".join(f'"{term}"*' for term in terms)
    return list(session.scalars(text(query), {"query": match, "team_id": team_id, "limit": limit}))


def search(session: Session, team_id: str, words: str, limit: int = SEARCH_LIMIT) -> list[IdeaData]:
    """Best matches first; every word must match, as a whole word or the start of one (`terv`: `terveys`)."""
    ids = matching_ids(
        session,
        team_id,
        words,
        limit,
        postgresql="SELECT id FROM ideas, to_tsquery('simple', :query) AS q "
        "WHERE team_id = :team_id AND search @@ q "
        "ORDER BY ts_rank_cd(search, q) DESC, number DESC LIMIT :limit",
        sqlite="SELECT ideas.id FROM ideas_fts JOIN ideas ON ideas.id = ideas_fts.rowid "
        "WHERE ideas_fts MATCH :query AND ideas.team_id = :team_id "
        "ORDER BY bm25(ideas_fts, 10.0, 4.0, 1.0, 1.0, 1.0, 1.0), ideas.number DESC LIMIT :limit",
    )
    if not ids:
        return []
    found = {i.id: i for i in session.scalars(select(Idea).where(Idea.team_id == team_id, Idea.id.in_(ids)))}
    return [data_of(session, found[i], counts=False) for i in ids if i in found]
