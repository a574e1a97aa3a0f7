"""Benchmark: the personal feed and the daily digest run, on SQLite and, with TEST_DATABASE_URL, on
PostgreSQL (`make bench`, or `pytest tests/bench/test_bench_feed.py -s -o addopts=""`).

- The feed of one member over a bank of 10,000 ideas (a year of them, with themes, tags,
  challenges and their answers, experiments and their learnings) and 1,000 topic follows: p50 and
  p95 for a day's window (the digest) and a week's (the Home tab). Target: p95 under 100 ms.
- The digest run for 2,000 followers against the fake Slack, with a 429 every 100 calls: each
  follower gets exactly one digest, and a second run sends none. The time is printed.

Printed, never asserted on time.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from bot.core.db import Database
from bot.core.runtime import Runtime
from bot.core.workspace_settings import ensure_workspace
from bot.ideas import digest_run, feed
from models import Idea, IdeaFollow, IdeaTheme, Learning, Member, TopicFollow
from models.knowledge import IdeaTag
from tests.support.fake_slack import FakeSlack
from tests.support.harness import make_settings

TEAM = "T0BENCH001"
IDEAS = 10_000
TOPIC_FOLLOWS = 1_000
FOLLOWERS = 2_000
THEMES = ("health", "wellbeing", "culture", "environment", "work", "other")
TAGS = (*(f"aihe{n}" for n in range(60)), "nuoret", "vanhukset", "lähiöt", "kulttuuri")
# A Wednesday, 10:00 in Helsinki.
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
YEAR = timedelta(days=365)
MEASURED = 200


def seed_bank(db: Database, rng: random.Random) -> None:
    """10,000 ideas over a year: a tenth challenges, a fifth answering one, a fifth experiments with a
    learning shared on half of them; each with a theme and up to three tags."""
    with db.session() as session:
        ensure_workspace(session, TEAM)
        moments = sorted((NOW - YEAR * rng.random() for _ in range(IDEAS)), reverse=False)
        kinds = [
            rng.choices(("idea", "challenge", "experiment", "practice"), (5, 1, 2, 2))[0] for _ in moments
        ]
        session.execute(
            insert(Idea),
            [
                {
                    "team_id": TEAM,
                    "number": n + 1,
                    "kind": kinds[n],
                    "status": "new",
                    "title": f"Idea {n + 1} {rng.choice(TAGS)}",
                    "author_id": f"U{rng.randrange(600):08d}",
                    "created_at": moments[n],
                    "seeking": [],
                }
                for n in range(IDEAS)
            ],
        )
        ids = list(session.scalars(select(Idea.id).where(Idea.team_id == TEAM).order_by(Idea.number)))
        challenges = [i for i, kind in zip(ids, kinds, strict=True) if kind == "challenge"]
        session.execute(
            insert(IdeaTheme),
            [{"idea_id": i, "team_id": TEAM, "theme": rng.choice(THEMES), "position": 0} for i in ids],
        )
        session.execute(
            insert(IdeaTag),
            [
                {"idea_id": i, "team_id": TEAM, "tag": tag, "position": p}
                for i in ids
                for p, tag in enumerate(rng.sample(TAGS, rng.randint(0, 3)))
            ],
        )
        for n, idea_id in enumerate(ids):
            earlier = [c for c in challenges if c < idea_id]
            if kinds[n] != "challenge" and earlier and rng.random() < 0.2:
                session.get_one(Idea, idea_id).challenge_id = rng.choice(earlier[-200:])
        experiments = [(i, m) for i, m, kind in zip(ids, moments, kinds, strict=True) if kind == "experiment"]
        shared = [(i, at + timedelta(days=rng.randint(7, 60))) for i, at in experiments if rng.random() < 0.5]
        session.execute(
            insert(Learning),
            [
                {
                    "team_id": TEAM,
                    "idea_id": i,
                    "author_id": f"U{rng.randrange(600):08d}",
                    "text": "What we learned",
                    "created_at": at,
                }
                for i, at in shared
                if at < NOW
            ],
        )
        # Members follow ideas too (challenges and experiments among them).
        session.execute(
            insert(IdeaFollow),
            [
                {"idea_id": i, "team_id": TEAM, "user_id": f"U{rng.randrange(400):08d}"}
                for i in rng.sample(ids, 1_500)
            ],
        )


def seed_topic_follows(db: Database, rng: random.Random, members: int, follows: int) -> list[str]:
    """`follows` topic follows spread over `members` members (each at least one), a week old."""
    users = [f"U{n:08d}" for n in range(members)]
    pairs: set[tuple[str, str]] = set()
    for user in users:
        pairs.add((user, f"theme:{rng.choice(THEMES)}"))
    while len(pairs) < follows:
        topic = f"tag:{rng.choice(TAGS)}" if rng.random() < 0.7 else f"theme:{rng.choice(THEMES)}"
        pairs.add((rng.choice(users), topic))
    with db.session() as session:
        session.execute(
            insert(TopicFollow),
            [
                {"team_id": TEAM, "user_id": u, "topic": t, "created_at": NOW - timedelta(days=30)}
                for u, t in sorted(pairs)
            ],
        )
    return users


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94] * 1000


def test_the_feed_of_a_member_with_ten_thousand_ideas_and_a_thousand_follows(db: Database) -> None:
    rng = random.Random(17)
    began = time.perf_counter()
    seed_bank(db, rng)
    users = seed_topic_follows(db, rng, members=400, follows=TOPIC_FOLLOWS)
    print(
        f"\nseeded {IDEAS} ideas and {TOPIC_FOLLOWS} follows in {time.perf_counter() - began:.1f} s "
        f"({db.engine.dialect.name})"
    )
    for label, reach, limit in (
        ("a day (digest)", 1, feed.DIGEST_ITEMS),
        ("a week (Home)", 7, feed.HOME_ITEMS),
    ):
        timings, items = [], 0
        for _ in range(MEASURED):
            user = rng.choice(users)
            start = time.perf_counter()
            with db.read() as session:
                found = feed.feed_of(
                    session,
                    team_id=TEAM,
                    user_id=user,
                    since=NOW - timedelta(days=reach),
                    until=NOW,
                    limit=limit,
                )
            timings.append(time.perf_counter() - start)
            items += found.total
        assert items > 0
        print(
            f"feed over {label}: p50 {statistics.median(timings) * 1000:.1f} ms, p95 {p95(timings):.1f} ms "
            f"over {MEASURED} members, {items / MEASURED:.1f} items each (target p95 < 100 ms)"
        )


def test_the_daily_digest_run_for_two_thousand_followers_sends_each_exactly_once(db: Database) -> None:
    rng = random.Random(25)
    seed_bank(db, rng)
    users = seed_topic_follows(db, rng, members=FOLLOWERS, follows=FOLLOWERS + 1_000)
    with db.session() as session:
        session.execute(
            insert(Member), [{"team_id": TEAM, "user_id": u, "timezone": "Europe/Helsinki"} for u in users]
        )
    with FakeSlack() as fake:
        rt = Runtime.create(make_settings(fake, db.url, socket_mode=True), db)
        try:
            # Slack answers every 100th call with a 429: the client waits it out and tries again.
            fake.rate_limit_every(100, retry_after=0)
            start = time.perf_counter()
            sent = digest_run.send_digests(rt, TEAM, NOW)
            took = time.perf_counter() - start
            again = digest_run.send_digests(rt, TEAM, NOW + timedelta(hours=1))
        finally:
            rt.close()
        delivered = [c.params["channel"] for c in fake.successful_calls_to("chat.postMessage")]
        limited = len(fake.calls_to("chat.postMessage")) - len(delivered)
    assert sent == FOLLOWERS and again == 0
    assert sorted(delivered) == sorted(users)
    print(
        f"\ndigest run for {FOLLOWERS} followers ({db.engine.dialect.name}): {sent} sent, each once, in "
        f"{took:.1f} s ({took / sent * 1000:.1f} ms a digest, {limited} answers of 429 waited out); "
        f"a second run an hour later sent {again}"
    )
