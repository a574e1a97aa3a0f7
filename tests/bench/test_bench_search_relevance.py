"""The search relevance benchmark: recall and precision on the relevance set (tests/support/relevance_set.py),
before (the old rule) and now, and search time over 10,000 ideas. Figures go to docs/search.md.

Run on demand: `pytest tests/bench/test_bench_search_relevance.py -s`, with TEST_DATABASE_URL for
PostgreSQL. Printed, never asserted on time.
"""

from __future__ import annotations

import re
import statistics
import time

from bot.core.db import Database
from bot.ideas import queries
from tests.support.relevance_set import IDEAS, QUERIES, Query, figures, misses, search_all, seed

TEAM, BIG_TEAM = "T0RELEVANT", "T0RELBIG01"
COPIES = 50  # 200 ideas × 50 = 10,000


def old_rule() -> dict[Query, list[str]]:
    """What search did before base forms: every query word the beginning of a word as written, all
    words needed, ten ideas at most (the old engines' rule, applied here without them)."""
    found: dict[Query, list[str]] = {}
    for query in QUERIES:
        words = [w.lower() for w in re.findall(r"\w+", query.words)]
        hits = [
            key
            for key, (title, description) in IDEAS.items()
            if all(
                any(written.startswith(w) for written in re.findall(r"\w+", f"{title} {description}".lower()))
                for w in words
            )
        ]
        found[query] = hits[:10]
    return found


def table(name: str, results: dict[Query, list[str]]) -> None:
    print(f"\n{name}")
    print("| language | queries | relevant | found | right | recall | precision |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for language in ("fi", "sv", "en", None):
        f = figures(results, language)
        print(
            f"| {language or 'all'} | {f.queries} | {f.relevant} | {f.found} | {f.right} "
            f"| {f.recall:.3f} | {f.precision:.3f} |"
        )


def test_relevance_before_and_after_and_time_over_ten_thousand_ideas(db: Database) -> None:
    engine = db.engine.dialect.name
    print(f"\n{len(IDEAS)} ideas, {len(QUERIES)} queries, {engine}")
    table("before (words as written, every word needed, first ten)", old_rule())
    now = search_all(db, TEAM, seed(db, TEAM))
    table("now (base forms, word beginnings, ranked, every page)", now)
    print("\nimperfect queries now:\n" + "\n".join(misses(now)))

    began = time.perf_counter()
    seed(db, BIG_TEAM, copies=COPIES)
    print(f"\nseeded {len(IDEAS) * COPIES} ideas in {time.perf_counter() - began:.1f} s")
    timings = []
    for _round in range(5):
        for query in QUERIES:
            start = time.perf_counter()
            with db.read() as session:
                queries.search(session, BIG_TEAM, query.words)
            timings.append(time.perf_counter() - start)
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94] * 1000
    print(
        f"search over {len(IDEAS) * COPIES} ideas ({engine}): "
        f"p50 {statistics.median(timings) * 1000:.1f} ms, "
        f"p95 {p95:.1f} ms, max {max(timings) * 1000:.1f} ms over {len(timings)} queries (target p95 < 50 ms)"
    )
