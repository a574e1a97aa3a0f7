"""Finding ideas: by number, by kind, status, theme and tag (newest or most supported first), a
member's own and followed ones, and full text over ideas and learnings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bot.gatherings.records import IdeaGathering, of_idea
from bot.ideas import supports
from bot.ideas.data import IdeaData, IdeaRef, data_of, ref_of
from bot.ideas.search import IDEAS, LEARNINGS, NO_FILTERS, Filters, ranked
from models import Idea, IdeaFollow, IdeaTag, IdeaTheme, Learning, Partner, StatusChange, Support

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


def with_supports(session: Session, team_id: str, ideas: list[IdeaData]) -> list[IdeaData]:
    """The ideas with their support counts, read in one grouped query for the whole page."""
    found = supports.counts(session, team_id, (idea.id for idea in ideas))
    return [replace(idea, supports=found.get(idea.id, 0)) for idea in ideas]


def _page(
    session: Session, team_id: str, query: Select[Idea], offset: int, limit: int, ordered: bool = False
) -> Page:
    # One row more than shown tells whether there is a next page without counting them all.
    if not ordered:
        query = query.order_by(Idea.number.desc())
    rows = list(session.scalars(query.offset(offset).limit(limit + 1)))
    ideas = [data_of(session, i, counts=False) for i in rows[:limit]]
    return Page(with_supports(session, team_id, ideas), offset, len(rows) > limit)


def list_ideas(
    session: Session,
    team_id: str,
    *,
    kind: str | None = None,
    status: str | None = None,
    theme: str | None = None,
    tag: str | None = None,
    by_support: bool = False,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> Page:
    """Newest first (or the most supported first, then the newest), optionally of one kind, one
    status, one theme and one tag (each an indexed lookup)."""
    query = select(Idea).where(Idea.team_id == team_id)
    if kind:
        query = query.where(Idea.kind == kind)
    if status:
        query = query.where(Idea.status == status)
    if theme:
        query = query.where(
            Idea.id.in_(
                select(IdeaTheme.idea_id).where(IdeaTheme.team_id == team_id, IdeaTheme.theme == theme)
            )
        )
    if tag:
        query = query.where(
            Idea.id.in_(select(IdeaTag.idea_id).where(IdeaTag.team_id == team_id, IdeaTag.tag == tag))
        )
    if not by_support:
        return _page(session, team_id, query, offset, limit)
    counted = (
        select(Support.idea_id, func.count().label("n"))
        .where(Support.team_id == team_id)
        .group_by(Support.idea_id)
        .subquery()
    )
    query = query.outerjoin(counted, counted.c.idea_id == Idea.id).order_by(
        func.coalesce(counted.c.n, 0).desc(), Idea.number.desc()
    )
    return _page(session, team_id, query, offset, limit, ordered=True)


def authored_by(
    session: Session, team_id: str, user_id: str, offset: int = 0, limit: int = PAGE_SIZE
) -> Page:
    query = select(Idea).where(Idea.team_id == team_id, Idea.author_id == user_id)
    return _page(session, team_id, query, offset, limit)


def followed_by(
    session: Session, team_id: str, user_id: str, offset: int = 0, limit: int = PAGE_SIZE
) -> Page:
    followed = select(IdeaFollow.idea_id).where(IdeaFollow.team_id == team_id, IdeaFollow.user_id == user_id)
    query = select(Idea).where(Idea.team_id == team_id, Idea.id.in_(followed))
    return _page(session, team_id, query, offset, limit)


def search(
    session: Session,
    team_id: str,
    words: str,
    offset: int = 0,
    limit: int = SEARCH_LIMIT,
    filters: Filters = NO_FILTERS,
) -> Page:
    """Ideas of every kind whose words or their base forms begin with the query's (`terv`: *terveys*,
    `vanhus`: *vanhuksille*), their tags and a practice's fields included: those matching every word
    first, then those matching most of them; only those that pass `filters`."""
    found = ranked(session, IDEAS, team_id, words, limit, offset, filters)
    if not found.ids:
        return Page([], offset, False)
    query = select(Idea).where(Idea.team_id == team_id, Idea.id.in_(found.ids))
    rows = {i.id: i for i in session.scalars(query)}
    ideas = [data_of(session, rows[i], counts=False) for i in found.ids if i in rows]
    return Page(with_supports(session, team_id, ideas), offset, found.has_more)


LEARNINGS_FOUND = 5


@dataclass(frozen=True)
class FoundLearning:
    """A learning that matches a search: a pair's, or an experiment's (then `experiment` is it)."""

    id: int
    text: str
    author_id: str | None
    created_at: datetime
    experiment: IdeaRef | None = None


def search_learnings(
    session: Session, team_id: str, words: str, filters: Filters = NO_FILTERS, limit: int = LEARNINGS_FOUND
) -> list[FoundLearning]:
    """Learnings that match, best first, found as ideas are; an experiment's learning names its
    experiment. With filters, only experiments' learnings whose experiment passes them."""
    ids = ranked(session, LEARNINGS, team_id, words, limit, 0, filters).ids
    if not ids:
        return []
    rows = {
        row.id: row
        for row in session.scalars(select(Learning).where(Learning.team_id == team_id, Learning.id.in_(ids)))
    }
    experiment_ids = [row.idea_id for row in rows.values() if row.idea_id is not None]
    experiments = {
        idea.id: ref_of(idea)
        for idea in session.scalars(select(Idea).where(Idea.team_id == team_id, Idea.id.in_(experiment_ids)))
    }
    return [
        FoundLearning(
            row.id,
            row.text,
            row.author_id,
            row.created_at,
            experiments.get(row.idea_id) if row.idea_id is not None else None,
        )
        for row in (rows.get(i) for i in ids)
        if row is not None
    ]
