"""Similar ideas before posting: a new pitch's closest matches among the workspace's ideas.

The same language-aware ranked search as `/idea search` (`bot.ideas.search`), so a new "Työkalujen
lainaus kirjastosta" finds "Kirjasto lainaa työkaluja". Its threshold is the search's own: an idea
must match every word of a short query, a majority of a longer one. The step is a kindness, never a
gate: a lookup that fails or takes longer than its budget finds nothing, and the pitch is posted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as LookupTimeout

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.db import is_outage
from bot.ideas.data import IdeaData, data_of
from bot.ideas.pitches import PitchDraft
from bot.ideas.search import IDEAS, query_words, ranked
from models import Idea

log = logging.getLogger(__name__)

# The form shows at most this many.
SHOWN = 3
# Within Slack's three seconds for answering a form, with room for storing and acking after it.
BUDGET_SECONDS = 1.0
# A title shorter than this (in searched words) is filled up with the description's first words.
QUERY_WORDS = 3

Lookup = Callable[[], list[IdeaData]]
# A few workers: lookups wait their turn rather than crowd the database; a slow one is abandoned.
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="similar")


def query_of(draft: PitchDraft) -> str:
    """What a pitch is searched by: its title's words; a short title gets the description's first."""
    words = query_words(draft.title)
    for word in query_words(draft.description):
        if len(words) >= QUERY_WORDS:
            break
        if word not in words:
            words.append(word)
    return " ".join(words)


def similar_ideas(
    session: Session, team_id: str, draft: PitchDraft, *, view_id: str | None, limit: int = SHOWN
) -> list[IdeaData]:
    """The workspace's ideas closest to `draft`, best first; never one made from the form `view_id`
    (Slack sends a form again when its first ack was late, and the idea may already be kept)."""
    query = query_of(draft)
    if not query:
        return []
    found = ranked(session, IDEAS, team_id, query, limit + 1)
    if not found.ids:
        return []
    rows = {
        row.id: row
        for row in session.scalars(select(Idea).where(Idea.team_id == team_id, Idea.id.in_(found.ids)))
        if view_id is None or row.view_id != view_id
    }
    return [data_of(session, rows[i], counts=False) for i in found.ids if i in rows][:limit]


def within_budget(lookup: Lookup, budget: float = BUDGET_SECONDS) -> list[IdeaData]:
    """What `lookup` finds within `budget` seconds; nothing when it fails or is slower."""
    future = _pool.submit(lookup)
    try:
        return future.result(timeout=budget)
    except LookupTimeout:
        future.cancel()
        log.info("similar ideas took longer than %ss; the pitch is posted without them", budget)
    except Exception as exc:
        if is_outage(exc):
            # Storing the pitch meets the same outage next, and its answer tells the member.
            log.warning("similar ideas not looked up: the database is unreachable")
        else:
            log.exception("similar ideas could not be looked up; the pitch goes on without them")
    return []
