"""Benchmark: a member's privacy document, erasing them, and purging a whole workspace, in a
workspace of 2,000 members with two years of activity (about 290,000 member-days) and 2,000 ideas.

No target is set by the issue; the figures are printed (never asserted on time) and recorded in
docs/benchmarks.md. What is checked is that the work is right: the erased member is gone from every
table and the weekly figures are unchanged; the purge leaves nothing of the workspace.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from bot.core.db import Database
from bot.core.weeks import Week, week_start
from bot.core.workspace_settings import ensure_workspace
from bot.privacy import erasure, export, purge
from bot.pulse import stats
from models import DailyActivity, Idea, IdeaFollow, Member, Perspective, utcnow

TEAM = "T0BENCH007"
MEMBERS = 2_000
DAYS = 730
IDEAS = 2_000
ZONE = ZoneInfo("UTC")
TARGET = "U00000042"


def fill(db: Database) -> date:
    rng = random.Random(7)
    last_monday = week_start(utcnow().date()) - timedelta(days=7)
    first = last_monday - timedelta(days=DAYS)
    users = [f"U{n:08d}" for n in range(MEMBERS)]
    with db.session() as session:
        ensure_workspace(session, TEAM)
        session.execute(insert(Member), [{"team_id": TEAM, "user_id": u, "joined_at": None} for u in users])
        session.execute(
            insert(Idea),
            [
                {
                    "team_id": TEAM,
                    "number": n + 1,
                    "kind": "idea",
                    "title": f"Idea {n}",
                    "author_id": rng.choice(users),
                    "seeking": [],
                }
                for n in range(IDEAS)
            ],
        )
        idea_ids = [i for (i,) in session.execute(Idea.__table__.select().with_only_columns(Idea.id))]
        session.execute(
            insert(IdeaFollow),
            [{"team_id": TEAM, "idea_id": i, "user_id": TARGET} for i in idea_ids[:200]],
        )
        session.execute(
            insert(Perspective),
            [
                {
                    "team_id": TEAM,
                    "idea_id": rng.choice(idea_ids),
                    "user_id": rng.choice([TARGET, *users[:50]]),
                    "source": "thread",
                    "message_ts": f"{n}.0001",
                }
                for n in range(20_000)
            ],
        )
    batch = []
    for offset in range(DAYS):
        day = first + timedelta(days=offset)
        for user in {TARGET, *rng.sample(users, 400)}:
            batch.append(
                {
                    "team_id": TEAM,
                    "day": day,
                    "user_id": user,
                    "week": week_start(day),
                    "messages": 1,
                    "reactions": 0,
                    "home_opens": 0,
                    "commands": 0,
                    "buttons": 0,
                    "perspectives": 0,
                }
            )
        if len(batch) > 50_000:
            with db.session() as session:
                session.execute(insert(DailyActivity), batch)
            batch = []
    with db.session() as session:
        session.execute(insert(DailyActivity), batch)
    return last_monday


def test_privacy_document_erasure_and_purge_in_a_large_workspace(db: Database) -> None:
    last_monday = fill(db)
    weeks = [Week.containing(last_monday - timedelta(days=7 * n), ZONE) for n in (0, 30, 90)]
    with db.read() as session:
        before = [stats.weekly(session, TEAM, w) for w in weeks]

    started = time.perf_counter()
    with db.read() as session:
        document = export.kept_about(session, TEAM, TARGET)
    kept_s = time.perf_counter() - started
    assert len(document["activity"]) >= 104 and len(document["follows"]) == 200

    started = time.perf_counter()
    with db.session() as session:
        touched = erasure.erase(session, TEAM, TARGET)
    erase_s = time.perf_counter() - started
    with db.read() as session:
        assert [stats.weekly(session, TEAM, w) for w in weeks] == before
        assert export.kept_about(session, TEAM, TARGET)["activity"] == []
        rows = purge.rows_of(session, TEAM)

    started = time.perf_counter()
    with db.session() as session:
        purge.purge(session, TEAM)
    purge_s = time.perf_counter() - started
    with db.read() as session:
        assert purge.rows_of(session, TEAM) == {}

    weeks_kept, erased = len(document["activity"]), sum(touched.values())
    print(
        f"\n[{db.engine.dialect.name}] privacy document of a member with {weeks_kept} weeks of activity: "
        f"{kept_s * 1000:.0f} ms; erasing them ({erased} rows): {erase_s * 1000:.0f} ms; "
        f"purging the workspace ({sum(rows.values()):,} rows): {purge_s:.2f} s"
    )
