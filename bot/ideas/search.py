"""Search that understands Finnish, Swedish and English words: lemmas, word beginnings, ranking.

Each searchable row keeps a copy of its text as *terms* (`bot.ideas.search_terms`): every word as written
plus its base forms in Finnish, Swedish and English and, for a compound, the base form of its last
part, in column defaults on insert and in an ORM hook on update. A query word becomes the same kind
of forms, each matched as the beginning of a term, so `vanhus` finds *vanhuksille*, `skolorna`
finds *skola* and `terv` still finds *terveys*. Both engines match the same stored terms, so they
find the same rows: FTS5 on SQLite, a `tsvector` of the 'simple' configuration on PostgreSQL
(migration 0009).

Results are ranked, not all-or-nothing: rows matching every query word first, then those matching
most of them (a majority), each group by the engine's own relevance.

Nothing here imports Slack.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session

from bot.ideas.search_terms import base_forms, fold, terms
from bot.ideas.search_terms import words as words_of
from models import Idea, Learning
from models.idea import BODY_FIELDS, TITLE_FIELDS
from models.pairing import LEARNING_FIELDS

MAX_QUERY_WORDS = 12
# No word a person writes is longer; a longer run is cut, so a query stays small enough to carry on
# the More button (Slack allows 2,000 characters there).
MAX_WORD = 64
# Shorter query forms match whole terms only: `ai` should not find every *aika* and *aikuinen*.
PREFIX_FROM = 3

# Words too common to tell ideas apart; dropped from a query that has other words.
_FINNISH_STOPWORDS = (
    "ja tai sekä on ovat ei se ne että kun jos niin myös kuin mutta vai joka jotka mikä mitä olla oli "
    "ole tämä tuo nämä sen sitä siitä siihen hän me te he minä sinä kanssa varten"
)
_SWEDISH_STOPWORDS = (
    "och eller att är en ett som det den de på av för med till i om inte har var vi ni jag du hur vad kan ska"
)
_ENGLISH_STOPWORDS = (
    "the a an and or of for to in on at by with is are be was it this that from as we our how what can"
)
STOPWORDS = frozenset(" ".join((_FINNISH_STOPWORDS, _SWEDISH_STOPWORDS, _ENGLISH_STOPWORDS)).split())


def query_words(words: str) -> list[str]:
    """The words a query is searched by: no stopwords (unless nothing else), at most
    MAX_QUERY_WORDS of them, each at most MAX_WORD long. Searching by these again finds the same
    rows, so they are what the More button carries."""
    all_words = list(dict.fromkeys(w[:MAX_WORD] for w in words_of(words)))
    kept = [w for w in all_words if w not in STOPWORDS] or all_words
    return kept[:MAX_QUERY_WORDS]


def query_forms(words: str) -> list[tuple[str, ...]]:
    """Each query word as the forms that may stand for it.

    A form is kept to letters, digits and spaces, as both engines' tokenisers read the stored terms:
    a base form may carry punctuation (simplemma gives `apua!` for `apuva`), and folding turns some
    letters into punctuation (`⑴` → `(1)`); either would otherwise be query syntax to PostgreSQL.
    """
    found = []
    for word in query_words(words):
        forms = (" ".join(words_of(fold(form))) for form in base_forms(word))
        kept = tuple(dict.fromkeys(form for form in forms if form))
        if kept:
            found.append(kept)
    return found


def needed(word_count: int) -> int:
    """How many query words a row must match: all of one or two, else a majority."""
    return word_count if word_count <= 2 else word_count // 2 + 1


@dataclass(frozen=True)
class Index:
    """A searchable table: its full-text objects and how ties are broken."""

    table: str
    fts: str
    # FTS5's bm25 weights, one per indexed column (lower bm25 is better).
    weights: str
    # Among equals, the higher first: the newest.
    newest: str


IDEAS = Index("ideas", "ideas_fts", "10.0, 1.0", "number")
LEARNINGS = Index("learnings", "learnings_fts", "1.0", "id")


@dataclass(frozen=True)
class Filters:
    """What a search or a list may be narrowed to: a kind, a status, a theme, a tag (each a key)."""

    kind: str | None = None
    status: str | None = None
    theme: str | None = None
    tag: str | None = None

    def __bool__(self) -> bool:
        return any((self.kind, self.status, self.theme, self.tag))

    def as_dict(self) -> dict[str, str]:
        """The filters that are set, by name (what a More button carries)."""
        named = {"kind": self.kind, "status": self.status, "theme": self.theme, "tag": self.tag}
        return {name: value for name, value in named.items() if value}

    def on_ideas(self, alias: str) -> tuple[str, dict[str, object]]:
        """SQL that keeps the ideas (`alias` the ideas table) that pass, and its parameters; the
        values are bound, never written into the SQL."""
        parts: list[str] = []
        params: dict[str, object] = {}
        if self.kind:
            parts.append(f"{alias}.kind = :f_kind")
            params["f_kind"] = self.kind
        if self.status:
            parts.append(f"{alias}.status = :f_status")
            params["f_status"] = self.status
        if self.theme:
            parts.append(
                f"{alias}.id IN (SELECT idea_id FROM idea_themes "
                "WHERE team_id = :team_id AND theme = :f_theme)"
            )
            params["f_theme"] = self.theme
        if self.tag:
            parts.append(
                f"{alias}.id IN (SELECT idea_id FROM idea_tags WHERE team_id = :team_id AND tag = :f_tag)"
            )
            params["f_tag"] = self.tag
        return " AND ".join(parts), params

    def on(self, index: Index, alias: str) -> tuple[str, dict[str, object]]:
        """The same for a searched table: ideas themselves, or learnings by the experiment they
        belong to (a pairing's learning belongs to none, so any filter leaves it out)."""
        if not self:
            return "", {}
        if index.table == IDEAS.table:
            return self.on_ideas(alias)
        where, params = self.on_ideas("fi")
        return (
            f"{alias}.idea_id IN (SELECT fi.id FROM ideas AS fi WHERE fi.team_id = :team_id AND {where})",
            params,
        )


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Found:
    ids: list[int]
    offset: int
    has_more: bool


# Each form is quoted (a form of two words is a phrase), so nothing in it is read as query syntax.
def _fts5_match(forms: Iterable[str]) -> str:
    return " OR ".join(f'"{f}"*' if len(f) >= PREFIX_FROM else f'"{f}"' for f in forms)


def _tsquery(forms: Iterable[str]) -> str:
    return " | ".join(f"'{f}':*" if len(f) >= PREFIX_FROM else f"'{f}'" for f in forms)


def ranked(
    session: Session,
    index: Index,
    team_id: str,
    words: str,
    limit: int,
    offset: int = 0,
    filters: Filters = NO_FILTERS,
) -> Found:
    """Ids of the rows of one workspace that match (and pass `filters`), best first, one page of them.

    Rows matching every word come from one indexed query, ranked by the engine. Only when they run
    out on this page (and the query has three words or more) are the rows matching most words
    looked for, which costs a pass per word: common words then stay as quick as before.
    """
    forms = query_forms(words)
    if not forms:
        return Found([], offset, False)
    postgresql = session.get_bind().dialect.name == "postgresql"
    each = [_tsquery(word) if postgresql else _fts5_match(word) for word in forms]
    every = (" & " if postgresql else " AND ").join(f"({q})" for q in each)
    narrow, narrow_params = filters.on(index, "t")
    narrowed = f" AND {narrow}" if narrow else ""
    params: dict[str, object] = {"team_id": team_id, "every": every, **narrow_params}
    if postgresql:
        matching = (
            f"FROM {index.table} AS t, to_tsquery('simple', :every) AS q "
            f"WHERE t.team_id = :team_id AND t.search @@ q{narrowed}"
        )
        best = f"SELECT t.id {matching} ORDER BY ts_rank(t.search, q) DESC, t.{index.newest} DESC"
    else:
        matching = (
            f"FROM {index.fts} JOIN {index.table} AS t ON t.id = {index.fts}.rowid "
            f"WHERE {index.fts} MATCH :every AND t.team_id = :team_id{narrowed}"
        )
        best = f"SELECT t.id {matching} ORDER BY bm25({index.fts}, {index.weights}), t.{index.newest} DESC"
    ids = list(
        session.scalars(
            text(f"{best} LIMIT :limit OFFSET :offset"), {**params, "limit": limit + 1, "offset": offset}
        )
    )
    if len(ids) > limit or needed(len(forms)) == len(forms):
        return Found(ids[:limit], offset, len(ids) > limit)

    # Those matching every word end on this page; then come those matching most words.
    full = (
        offset + len(ids)
        if ids or not offset
        else session.scalar(text(f"SELECT count(*) {matching}"), params) or 0
    )
    rest = _most_words(
        session, index, team_id, each, postgresql, max(offset - full, 0), limit + 1 - len(ids), filters
    )
    ids += rest
    return Found(ids[:limit], offset, len(ids) > limit)


def _most_words(
    session: Session,
    index: Index,
    team_id: str,
    each: list[str],
    postgresql: bool,
    offset: int,
    limit: int,
    filters: Filters = NO_FILTERS,
) -> list[int]:
    """Rows matching at least `needed` of the query's words but not all, most words first."""
    narrow, narrow_params = filters.on(index, "t")
    narrowed = f" AND {narrow}" if narrow else ""
    params: dict[str, object] = {
        **narrow_params,
        "team_id": team_id,
        "needed": needed(len(each)),
        "all": len(each),
        "limit": limit,
        "offset": offset,
        **{f"q{n}": q for n, q in enumerate(each)},
    }
    if postgresql:
        hits = " + ".join(f"(search @@ to_tsquery('simple', :q{n}))::int" for n in range(len(each)))
        params["any"] = " | ".join(f"({q})" for q in each)
        sql = (
            f"SELECT id FROM (SELECT t.id AS id, t.{index.newest} AS newest, {hits} AS hits, "
            f"ts_rank(t.search, q) AS score FROM {index.table} AS t, to_tsquery('simple', :any) AS q "
            f"WHERE t.team_id = :team_id AND t.search @@ q{narrowed}) AS m "
            "WHERE hits >= :needed AND hits < :all ORDER BY hits DESC, score DESC, newest DESC "
            "LIMIT :limit OFFSET :offset"
        )
    else:
        # One MATCH per query word; a row's hits are the words it matched.
        union = " UNION ALL ".join(
            f"SELECT rowid AS id, bm25({index.fts}, {index.weights}) AS score "
            f"FROM {index.fts} WHERE {index.fts} MATCH :q{n}"
            for n in range(len(each))
        )
        # Materialised, so that SQLite does not fold the MATCHes into the join, where bm25() cannot run.
        sql = (
            f"WITH m AS MATERIALIZED ({union}) "
            f"SELECT t.id FROM m JOIN {index.table} AS t ON t.id = m.id "
            f"WHERE t.team_id = :team_id{narrowed} "
            "GROUP BY t.id HAVING count(*) >= :needed AND count(*) < :all "
            f"ORDER BY count(*) DESC, sum(m.score), t.{index.newest} DESC LIMIT :limit OFFSET :offset"
        )
    return list(session.scalars(text(sql), params))


# --------------------------------------------------------------------------- keeping terms in step


def _idea_terms(idea: Idea) -> None:
    idea.title_terms = terms(*(getattr(idea, field) for field in TITLE_FIELDS))
    idea.body_terms = terms(*(getattr(idea, field) for field in BODY_FIELDS))


def _learning_terms(learning: Learning) -> None:
    learning.body_terms = terms(*(getattr(learning, field) for field in LEARNING_FIELDS))


_SOURCES = {
    Idea: ((*TITLE_FIELDS, *BODY_FIELDS), _idea_terms),
    Learning: (LEARNING_FIELDS, _learning_terms),
}


def _register() -> None:
    # Inserts get their terms from the columns' defaults (`bot.ideas.search_terms.terms_of`); an edit made
    # through the ORM gets them here.
    for model, (fields, fill) in _SOURCES.items():

        def on_update(_mapper, _connection, target, fields=fields, fill=fill) -> None:  # type: ignore[no-untyped-def]
            state = inspect(target)
            if any(state.attrs[f].history.has_changes() for f in fields):
                fill(target)

        event.listen(model, "before_update", on_update)


_register()
