"""Benchmark: the weekly figures and the "in numbers" report over 1,000,000 recorded activities
(member-days) across 104 weeks and 10,000 members, and rendering the weekly chart and the report's
picture.

Targets: `stats show` for one week under 200 ms, `report` under 1 s for the whole life and for a
104-week period (`report --from --to`) (on SQLite and on PostgreSQL: run with TEST_DATABASE_URL
for the latter), the chart and the report's PNG card under 1 s each. Printed, never asserted on time;
the figures are checked for being right.

Each row of `daily_activity` is one member's counts on one day, so a million rows is the worst
case of a million activities: every one on a different member-day.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text

from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.weeks import Week, week_start
from bot.core.workspace_settings import ensure_workspace, set_value
from bot.pulse import chart, period_report, report_card, stats
from models import DailyActivity, Member

TEAM = "T0BENCH001"
MEMBERS = 10_000
WEEKS = 104
ACTIVITIES = 1_000_000
ZONE = ZoneInfo("Europe/Helsinki")
ROUNDS = 20


def fill(db: Database, last_monday: date) -> None:
    rng = random.Random(47)
    first_day = last_monday - timedelta(days=7 * (WEEKS - 1))
    days = [first_day + timedelta(days=n) for n in range(7 * WEEKS)]
    per_day = ACTIVITIES // len(days)
    extra = ACTIVITIES - per_day * len(days)
    with db.session() as session:
        ensure_workspace(session, TEAM)
        set_value(session, TEAM, "timezone", ZONE.key)
        session.execute(
            insert(Member),
            [
                {"team_id": TEAM, "user_id": f"U{n:08d}", "joined_at": None, "is_bot": n % 997 == 0}
                for n in range(MEMBERS)
            ],
        )
    batch: list[dict] = []
    for index, day in enumerate(days):
        users = rng.sample(range(MEMBERS), per_day + (1 if index < extra else 0))
        for user in users:
            talk = rng.random() < 0.2
            batch.append(
                {
                    "team_id": TEAM,
                    "day": day,
                    "user_id": f"U{user:08d}",
                    "week": week_start(day),
                    "messages": rng.randint(1, 5) if talk else 0,
                    "reactions": rng.randint(0, 3),
                    "home_opens": 0 if talk else 1,
                    "commands": 0,
                    "buttons": 0,
                    "perspectives": 1 if talk and rng.random() < 0.1 else 0,
                }
            )
        if len(batch) >= 50_000:
            with db.session() as session:
                session.execute(insert(DailyActivity), batch)
            batch = []
    if batch:
        with db.session() as session:
            session.execute(insert(DailyActivity), batch)


def settle(db: Database) -> None:
    """What the database does by itself after a bulk load: PostgreSQL's autovacuum sets the
    visibility map (so index-only scans need no heap fetches) and both engines gather statistics.
    Measured straight after a million-row insert, PostgreSQL's report takes about 1.2 s instead."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("VACUUM ANALYZE daily_activity"))
            conn.execute(text("VACUUM ANALYZE members"))
        else:
            conn.execute(text("ANALYZE"))


def timed(action, rounds: int = ROUNDS) -> tuple[float, float, object]:
    """Median and worst of `rounds` runs, in ms, after one warm-up run; and the last result."""
    result = action()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), result


def test_stats_and_report_over_a_million_activities(db: Database) -> None:
    this_week = Week.current(ZONE)
    last = this_week.previous()
    started = time.perf_counter()
    fill(db, last.monday)
    settle(db)
    filled = time.perf_counter() - started
    with db.read() as session:
        rows = session.scalar(select(func.count()).select_from(DailyActivity))
    assert rows == ACTIVITIES

    def one_week() -> dict:
        with db.read() as session:
            return stats.weekly(session, TEAM, last)

    def whole_life() -> dict:
        with db.read() as session:
            return period_report.report(session, TEAM, ZONE, now=datetime.now(UTC))

    first_monday = last.monday - timedelta(days=7 * (WEEKS - 1))

    def period() -> dict:
        with db.read() as session:
            return period_report.report(
                session,
                TEAM,
                ZONE,
                now=datetime.now(UTC),
                first=first_monday,
                last=last.monday + timedelta(days=6),
            )

    def series() -> list:
        with db.read() as session:
            return stats.chart_series(session, TEAM, last)

    week_p50, week_max, figures = timed(one_week)
    report_p50, report_max, report = timed(whole_life, rounds=5)
    period_p50, period_max, in_period = timed(period, rounds=5)
    series_p50, series_max, points = timed(series, rounds=5)
    t = translator("fi")
    chart_p50, chart_max, png = timed(lambda: chart.render(points, t), rounds=5)
    card_p50, card_max, card = timed(lambda: report_card.render(in_period, t), rounds=5)

    # Right as well as fast: the week's visitors are the distinct humans active that week.
    assert 0 < figures["visitors"] <= MEMBERS and figures["members"] == MEMBERS - 11
    assert report["since"] == (last.monday - timedelta(days=7 * (WEEKS - 1))).isoformat()
    assert report["weekly_visitors"][0] <= report["weekly_visitors"][1] <= MEMBERS
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG")
    assert isinstance(card, bytes) and card.startswith(b"\x89PNG")
    # The 104 weeks are all there is, so the period's figures are the whole life's.
    assert in_period["weekly_visitors"] == report["weekly_visitors"]
    assert in_period["members"] == report["members"]

    engine = db.engine.dialect.name
    print(
        f"\n{engine}: {ACTIVITIES:,} activities, {MEMBERS:,} members, {WEEKS} weeks "
        f"(filled in {filled:.0f} s)"
    )
    print(f"  stats show, one week  p50 {week_p50:7.1f} ms  max {week_max:7.1f} ms  (target < 200 ms)")
    print(f"  report, whole life    p50 {report_p50:7.1f} ms  max {report_max:7.1f} ms  (target < 1000 ms)")
    print(f"  report, 104 weeks     p50 {period_p50:7.1f} ms  max {period_max:7.1f} ms  (target < 1000 ms)")
    print(f"  chart data, 12 weeks  p50 {series_p50:7.1f} ms  max {series_max:7.1f} ms")
    print(f"  chart PNG rendering   p50 {chart_p50:7.1f} ms  max {chart_max:7.1f} ms  (target < 1000 ms)")
    print(f"  report card PNG       p50 {card_p50:7.1f} ms  max {card_max:7.1f} ms  (target < 1000 ms)")
    print(f"  week {last.label}: {figures['visitors']:,} visitors, {figures['active_commenters']:,} active")
