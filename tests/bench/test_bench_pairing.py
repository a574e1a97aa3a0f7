"""Benchmark: a pairing round for 10,000 participants with 50 past rounds of history (250,000 groups,
500,000 memberships), on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.

Target: under 2 s for the whole round as `pair` makes it (count last round's unanswered follow-ups,
read who takes part and who met whom, make the groups, store them), with the number of repeat pairs
reported (target 0 when the pool allows it, as a pool of 10,000 does). Printed, never asserted on
time; the groups are checked for being right. Sending the introductions is Slack's time, not ours.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select, text

from bot.core.db import Database
from bot.core.workspace_settings import ensure_workspace, load
from bot.pairing import grouping, schedule
from bot.pairing.matching import Candidate, make_groups
from models import Member, PairingGroup, PairingMember, PairingParticipant, PairingRound

TEAM = "T0BENCH001"
PEOPLE = 10_000
PAST_ROUNDS = 50
THEMES = ("health", "wellbeing", "culture", "environment", "work", "other")
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
MEASURED = 3


def fill(db: Database) -> dict[str, dict[str, int]]:
    """Participants, and 50 past rounds made by the same matching (as they would have been). Returns
    who met whom over all 50 rounds, in rounds ago."""
    rng = random.Random(6)
    people = [Candidate(f"U{n:08d}", frozenset(rng.sample(THEMES, rng.randint(0, 3)))) for n in range(PEOPLE)]
    with db.session() as session:
        ensure_workspace(session, TEAM)
        session.execute(insert(Member), [{"team_id": TEAM, "user_id": c.user_id} for c in people])
        session.execute(
            insert(PairingParticipant),
            [
                {"team_id": TEAM, "user_id": c.user_id, "interests": ",".join(sorted(c.interests))}
                for c in people
            ],
        )
    # Who met whom, by the number (1..50) of the round they last met in.
    last_met: dict[str, dict[str, int]] = {}
    group_id = 0
    for number in range(1, PAST_ROUNDS + 1):
        moment = NOW - timedelta(days=14 * (PAST_ROUNDS + 1 - number))
        groups = make_groups(
            people,
            _RoundsAgo(last_met, number),
            window=grouping.WINDOW_ROUNDS,
            rng=random.Random(number),
        ).groups
        last = number == PAST_ROUNDS
        rows, members = [], []
        for group in groups:
            group_id += 1
            rows.append(
                {
                    "id": group_id,
                    "team_id": TEAM,
                    "round_id": number,
                    "language": "en",
                    "intro_claimed_at": moment,
                    "intro_sent_at": moment,
                    "followup_claimed_at": moment + timedelta(days=7),
                    "followup_sent_at": moment + timedelta(days=7),
                    "met_at": moment + timedelta(days=8) if rng.random() < 0.6 else None,
                }
            )
            for user_id in group:
                answered = rng.random() < 0.7
                members.append(
                    {
                        "group_id": group_id,
                        "user_id": user_id,
                        "team_id": TEAM,
                        "round_id": number,
                        "answer": "met" if answered else None,
                    }
                )
                last_met.setdefault(user_id, {}).update(
                    {other: number for other in group if other != user_id}
                )
        with db.session() as session:
            session.execute(
                insert(PairingRound),
                [
                    {
                        "id": number,
                        "team_id": TEAM,
                        "moment": moment,
                        "made_at": moment,
                        # The last round's unanswered follow-ups are counted by the measured round.
                        "settled_at": None if last else moment + timedelta(days=14),
                    }
                ],
            )
            session.execute(insert(PairingGroup), rows)
            session.execute(insert(PairingMember), members)
    if db.engine.dialect.name == "postgresql":
        with db.session() as session:
            session.execute(text("SELECT setval('pairing_rounds_id_seq', 1000)"))
            session.execute(text("SELECT setval('pairing_groups_id_seq', 10000000)"))
    # The database as it settles by itself after a bulk load: statistics gathered, and on PostgreSQL
    # the visibility map set (autovacuum) and the load's WAL checkpointed, so the round is not
    # measured while half a million rows are still being written out.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("VACUUM ANALYZE"))
            conn.execute(text("CHECKPOINT"))
        else:
            conn.execute(text("ANALYZE"))
    return {a: {b: PAST_ROUNDS + 1 - n for b, n in partners.items()} for a, partners in last_met.items()}


class _RoundsAgo:
    """`met[a][b]` in rounds ago as seen from round `now`, read lazily from the round numbers (copying
    10,000 members' histories for each of 50 rounds would take longer than the rounds)."""

    def __init__(self, last_met: dict[str, dict[str, int]], now: int) -> None:
        self._last_met, self._now = last_met, now

    def get(self, a: str, default: object = None) -> _RoundsAgoOf:
        return _RoundsAgoOf(self._last_met.get(a, {}), self._now)


class _RoundsAgoOf:
    def __init__(self, partners: dict[str, int], now: int) -> None:
        self._partners, self._now = partners, now

    def get(self, b: str, default: int | None = None) -> int | None:
        number = self._partners.get(b)
        return default if number is None else self._now - number


def test_a_round_for_10000_participants_with_50_past_rounds(db: Database) -> None:
    started = time.perf_counter()
    met = fill(db)
    filled = time.perf_counter() - started
    with db.read() as session:
        settings = load(session, TEAM)
        assert session.scalar(select(func.count()).select_from(PairingMember)) == PEOPLE * PAST_ROUNDS

    def one_round(commit: bool) -> tuple[float, grouping.MadeRound]:
        start = time.perf_counter()
        with db.session() if commit else db.read() as session:
            round_ = schedule.round_now(session, TEAM, NOW)
            assert round_ is not None
            made = grouping.make_round(session, TEAM, round_.id, NOW, settings)
        assert made is not None
        return time.perf_counter() - start, made

    # Rolled back (as `pair --dry-run`), then once for real.
    trials = [one_round(commit=False) for _ in range(MEASURED)]
    committed, made = one_round(commit=True)
    times = [t for t, _m in trials] + [committed]

    groups = [g.user_ids for g in made.groups]
    placed = [u for g in groups for u in g]
    assert sorted(placed) == sorted(f"U{n:08d}" for n in range(PEOPLE)), "everyone in exactly one group"
    assert all(len(g) == 2 for g in groups), "an even pool makes pairs only"
    in_window = sum(
        1 for g in groups if g[1] in met.get(g[0], {}) and met[g[0]][g[1]] <= grouping.WINDOW_ROUNDS
    )
    ever = sum(1 for g in groups if g[1] in met.get(g[0], {}))
    shared = sum(1 for g in made.groups if g.shared_interests)
    with db.read() as session:
        stored = session.scalar(select(func.count()).where(PairingGroup.round_id == made.round_id))
    assert stored == len(groups)
    assert in_window == 0, "a pool of 10,000 allows no repeat within the window"

    print(
        f"\n{db.engine.dialect.name}: {PEOPLE:,} participants, {PAST_ROUNDS} past rounds "
        f"({PEOPLE * PAST_ROUNDS:,} memberships; filled in {filled:.0f} s)"
    )
    print(
        f"  a round (settle, read, match, store)  median {statistics.median(times) * 1000:7.0f} ms  "
        f"max {max(times) * 1000:7.0f} ms  committed {committed * 1000:7.0f} ms  (target < 2000 ms)"
    )
    print(
        f"  {len(groups):,} pairs; repeats within the last {grouping.WINDOW_ROUNDS} rounds: "
        f"{in_window} (target 0); pairs who met at any time in the 50 rounds: {ever}"
    )
    print(f"  pairs sharing an interest: {shared:,} of {len(groups):,} ({shared / len(groups):.0%})")
    print(f"  paused for three unanswered rounds: {len(made.auto_paused):,}")
