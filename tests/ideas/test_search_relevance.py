"""The relevance set (tests/support/relevance_set.py) on the engine under test: a fall in recall or precision
fails here, not only in the benchmark. The figures are counts of ideas, not times."""

from __future__ import annotations

import pytest

from bot.core.db import Database
from tests.support.relevance_set import figures, misses, search_all, seed

TEAM = "T0RELEVANT"


@pytest.fixture
def results(db: Database):
    return search_all(db, TEAM, seed(db, TEAM))


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_search_finds_what_speakers_of_each_language_look_for(results, language: str) -> None:
    found = figures(results, language)
    assert found.recall >= 0.9, misses(results)
    assert found.precision >= 0.8, misses(results)


def test_the_set_is_as_large_as_promised() -> None:
    from tests.support.relevance_set import IDEAS, QUERIES

    assert len(IDEAS) >= 200 and len(QUERIES) >= 60
    assert {query.language for query in QUERIES} == {"fi", "sv", "en"}
    assert all(query.relevant <= IDEAS.keys() and query.relevant for query in QUERIES)
