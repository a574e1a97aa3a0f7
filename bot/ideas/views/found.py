"""`/idea search`: ideas of every kind that match, best first, with **More**; then the learnings that
match (a pair's, or an experiment's, named by its experiment)."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from bot.core.i18n import Translator
from bot.core.text import escape, escape_and_truncate, truncate
from bot.ideas.queries import FoundLearning, Page
from bot.ideas.search import Filters
from bot.ideas.views.browse import filters_text, idea_line, more_button


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, 3000)}}


def search_query(words: list[str], filters: Filters) -> dict[str, Any]:
    """What the More button carries: the words searched by (`search.query_words`, at most 12 of 64
    characters) and the filters' keys, so it stays well under Slack's 2,000 characters."""
    return {"q": "search", "words": " ".join(words), **filters.as_dict()}


def search_message(
    t: Translator,
    words: str,
    page: Page,
    learnings: list[FoundLearning],
    *,
    searched_by: list[str],
    filters: Filters,
    zone: tzinfo | None = None,
) -> dict[str, Any]:
    """Ideas that match, best first, with **More** past the first page; then (on the first page only)
    the learnings that match."""
    paged = page.has_more or page.offset > 0
    heading = search_heading(t, words, len(page.ideas), bool(learnings), paged=paged)
    if filters:
        heading += "\n" + t.gettext("Showing only: %(filters)s") % {"filters": filters_text(t, filters)}
    blocks = [_section(heading), *(_section(idea_line(t, idea)) for idea in page.ideas)]
    blocks += learnings_blocks(t, learnings, zone)
    if page.has_more:
        blocks.append(more_button(t, page, search_query(searched_by, filters)))
    return {"text": heading, "blocks": blocks}


def search_heading(
    t: Translator, words: str, found: int, learnings: bool = False, *, paged: bool = False
) -> str:
    values = {"words": escape(truncate(words, 100)), "count": found}
    if not found and learnings:
        return t.gettext("No ideas match “%(words)s”, but these learnings do:") % values
    if not found:
        return t.gettext("Nothing matches “%(words)s”. Try fewer or shorter words.") % values
    if paged:
        return t.gettext("*Ideas matching “%(words)s”, best first*") % values
    return (
        t.ngettext("*%(count)s idea matches “%(words)s”*", "*%(count)s ideas match “%(words)s”*", found)
        % values
    )


def learnings_blocks(t: Translator, found: list[FoundLearning], zone: tzinfo | None) -> list[dict[str, Any]]:
    if not found:
        return []
    heading = t.ngettext("*%(count)s learning matches*", "*%(count)s learnings match*", len(found)) % {
        "count": t.number(len(found))
    }
    blocks: list[dict[str, Any]] = [{"type": "divider"}, _section(heading)]
    for learning in found:
        values = {
            "learning": escape_and_truncate(" ".join(learning.text.split()), 500),
            "date": t.date(learning.created_at, zone, "medium"),
        }
        if learning.experiment is not None:
            line = t.gettext("💡 %(learning)s — experiment #%(number)s %(title)s, %(date)s") % {
                **values,
                "number": learning.experiment.number,
                "title": escape_and_truncate(learning.experiment.title, 150),
            }
        else:
            by = f"<@{learning.author_id}>" if learning.author_id else t.gettext("a former member")
            line = t.gettext("💡 %(learning)s — %(person)s, %(date)s") % {**values, "person": by}
        blocks.append(_section(line))
    return blocks
