"""Benchmark for the similar ideas step before posting: a new pitch's lookup over 10,000 ideas.

Run on demand (`pytest tests/bench/test_bench_similar.py -s`; with TEST_DATABASE_URL for
PostgreSQL). Target: p95 under 100 ms. Printed, never asserted on time.
"""

from __future__ import annotations

import random
import statistics
import time

from bot.core.db import Database
from bot.ideas import similar
from bot.ideas.pitches import PitchDraft
from tests.bench.test_bench_ideas import IDEAS, TEAM, WORDS, p95, seed


def test_similar_ideas_for_a_new_pitch_among_ten_thousand(db: Database) -> None:
    seed(db)
    rng = random.Random(11)
    drafts = [
        PitchDraft(
            title=" ".join(rng.choices(WORDS, k=rng.choice((2, 3, 5)))),
            description=" ".join(rng.choices(WORDS, k=30)),
        )
        for _ in range(200)
    ]
    similar.query_of(drafts[0])  # the dictionaries load once, before anything is timed
    timings: list[float] = []
    offered = 0
    for draft in drafts:
        start = time.perf_counter()
        with db.read() as session:
            offered += len(similar.similar_ideas(session, TEAM, draft, view_id=None))
        timings.append(time.perf_counter() - start)
    assert offered > 0
    print(
        f"\nsimilar ideas over {IDEAS} ideas ({db.engine.dialect.name}): "
        f"p50 {statistics.median(timings) * 1000:.1f} ms, p95 {p95(timings):.1f} ms "
        f"over {len(timings)} pitches (target p95 < 100 ms)"
    )
