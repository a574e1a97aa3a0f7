"""Benchmarks for the ideas bank: search over 10,000 ideas, and building App Home with 10,000 ideas.

Run on demand (`make bench`; with TEST_DATABASE_URL for PostgreSQL). Targets: search p95 under
50 ms, App Home view built in under 200 ms. Printed, never asserted on time.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from sqlalchemy import insert

from bot.core.db import Database
from bot.core.runtime import Runtime
from bot.core.workspace_settings import ensure_workspace
from bot.ideas import queries
from handlers.home import build_home
from models import Idea, IdeaFollow, IdeaTheme
from tests.support.fake_slack import FakeSlack
from tests.support.harness import make_settings

IDEAS = 10_000
TEAM = "T0BENCH001"
MEMBER = "U0BENCH001"
WORDS = [
    "terveys",
    "hyvinvointi",
    "kulttuuri",
    "yhteisö",
    "kirjasto",
    "puutarha",
    "nuoret",
    "ikäihmiset",
    "kävely",
    "sauna",
    "musiikki",
    "taide",
    "health",
    "wellbeing",
    "culture",
    "community",
    "library",
    "garden",
    "youth",
    "elders",
    "walking",
    "music",
    "art",
    "repair",
    "food",
    "energy",
    "climate",
    "school",
    "learning",
    "volunteer",
    "neighbourhood",
    "sport",
    "dance",
    "reading",
    "bike",
    "tool",
    "swap",
    "digital",
    "skills",
]
QUERIES = (
    "terv",
    "garden",
    "kirjasto nuoret",
    "community music",
    "yhteisö",
    "repair bike",
    "ilmasto",
    "dance",
)


def seed(db: Database) -> None:
    rng = random.Random(7)
    with db.session() as session:
        ensure_workspace(session, TEAM)
        rows = [
            {
                "team_id": TEAM,
                "number": n,
                "kind": rng.choice(("idea", "challenge", "experiment")),
                "status": rng.choice(("new", "discussing", "developing", "funded", "done", "parked")),
                "title": " ".join(rng.choices(WORDS, k=4)).capitalize(),
                "description": " ".join(rng.choices(WORDS, k=60)),
                "believe": "",
                "outcome": "",
                "test": "",
                "share": "",
                "seeking": [],
                "author_id": MEMBER if n % 500 == 0 else f"U{n % 300:09d}",
            }
            for n in range(1, IDEAS + 1)
        ]
        session.execute(insert(Idea), rows)
        session.execute(
            insert(IdeaTheme),
            [
                {
                    "idea_id": i,
                    "team_id": TEAM,
                    "theme": rng.choice(("health", "culture", "work")),
                    "position": 0,
                }
                for i in _ids(session)
            ],
        )
        session.execute(
            insert(IdeaFollow),
            [{"idea_id": i, "team_id": TEAM, "user_id": MEMBER} for i in _ids(session)[::400]],
        )


def _ids(session) -> list[int]:
    from sqlalchemy import select

    return list(session.scalars(select(Idea.id).where(Idea.team_id == TEAM).order_by(Idea.id)))


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94] * 1000


def test_search_and_home_with_ten_thousand_ideas(db: Database, tmp_path: Path) -> None:
    began = time.perf_counter()
    seed(db)
    print(f"\nseeded {IDEAS} ideas in {time.perf_counter() - began:.1f} s ({db.engine.dialect.name})")

    timings: list[float] = []
    hits = 0
    for _round in range(25):
        for words in QUERIES:
            start = time.perf_counter()
            with db.read() as session:
                found = queries.search(session, TEAM, words).ideas
            timings.append(time.perf_counter() - start)
            hits += len(found)
    assert hits > 0
    print(
        f"search over {IDEAS} ideas: p50 {statistics.median(timings) * 1000:.1f} ms, "
        f"p95 {p95(timings):.1f} ms over {len(timings)} queries (target p95 < 50 ms)"
    )

    with FakeSlack() as fake:
        rt = Runtime.create(make_settings(fake, db.url, socket_mode=True), db)
        home_times = []
        for _ in range(50):
            start = time.perf_counter()
            view = build_home(rt, TEAM, MEMBER)
            home_times.append(time.perf_counter() - start)
        rt.member_sync.shutdown()
    assert len(view["blocks"]) > 10
    print(
        f"App Home view for a member, {IDEAS} ideas: p50 {statistics.median(home_times) * 1000:.1f} ms, "
        f"max {max(home_times) * 1000:.1f} ms (target < 200 ms)"
    )
