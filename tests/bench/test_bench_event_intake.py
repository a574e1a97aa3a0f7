"""Benchmark: event intake through Socket Mode. 5,000 `message` events from 200 members go to the bot,
and each must be counted exactly once in `daily_activity`. A bare Bolt app with a no-op `message`
listener gets the same load in the same run as a baseline.

Each app runs as its own process (`python app.py` and `tests/bench/bare_socket_app.py`) against its
own fake Slack; the load and the fake run in the test process. Every event has its own event_id,
because the bot counts a retried event once. The bot's time runs from the first envelope sent until
the database holds all 5,000 counts. The bot writes them in batches off the request path, so this
waits for the database and not only for the acks. The bare app's time ends at its last ack.

Targets: at least 500 events/s, and at least 0.7 of the bare app's rate. Run on demand (`make bench`;
with TEST_DATABASE_URL=postgresql+psycopg://… for PostgreSQL). It prints figures and never fails on
timing, only on correctness: every envelope acked, exactly 5,000 counted (not one more).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from tests.bench.settle import wait_settled
from tests.e2e.test_command_line import clean_env, slack_env
from tests.support import slack_payloads as p
from tests.support.databases import own_database
from tests.support.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]
EVENTS = 5_000
# One event per member before measuring: connections, caches and the members' profiles are then warm.
WARM_UP = 200
USERS = tuple(f"U0BENCH{i:03d}" for i in range(200))
CHANNEL = "C0BENCH001"
# Envelopes awaiting their ack at any moment: each sender sends one and waits for its ack, as a few
# busy channels would. The same for both apps.
SENDERS = 20
TIMEOUT = 120.0
POLL_SECONDS = 0.01
TARGET_RATE = 500.0
TARGET_RATIO = 0.7
WIDTHS = (9, 8, 9, 9, 10, 9)  # of the printed table's columns after the app's name


@dataclass
class Run:
    """One app's measured run."""

    acks: int
    acked_after: float  # first envelope sent → last ack received
    done_after: float  # … → the app has done its work (the bot: all counted; the bare app: all acked)
    cpu_seconds: float  # the app process's user + system CPU during the run
    load_cpu_seconds: float  # the test process's (fake Slack + senders) during the run

    @property
    def rate(self) -> float:
        return self.acks / self.done_after

    @property
    def ack_rate(self) -> float:
        return self.acks / self.acked_after


def message_payloads(count: int, tag: str) -> list[dict[str, Any]]:
    """`count` event_callback payloads, each with its own event_id, round-robin over the members."""
    return [
        p.event_callback(
            p.message_event(f"message {i}", user_id=USERS[i % len(USERS)], channel_id=CHANNEL),
            event_id=f"Ev{tag}{i:06d}",
        )
        for i in range(count)
    ]


def send_all(fake: FakeSlack, payloads: list[dict[str, Any]]) -> tuple[float, float, int]:
    """Send every payload as an `events_api` envelope from SENDERS threads; (start, end, acks).

    Built beforehand, so only sending is timed. Each thread waits for the ack of its envelope
    before sending its next one. An envelope that is never acked fails the benchmark.
    """

    def one_sender(share: list[dict[str, Any]]) -> int:
        acked = 0
        for payload in share:
            ack = fake.send_envelope("events_api", payload, timeout=TIMEOUT)
            acked += ack is not None
        return acked

    shares = [payloads[i::SENDERS] for i in range(SENDERS)]
    with ThreadPoolExecutor(SENDERS) as pool:
        started = time.perf_counter()
        futures = [pool.submit(one_sender, share) for share in shares]
        acks = sum(future.result() for future in futures)
        ended = time.perf_counter()
    return started, ended, acks


def counted_messages(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT COALESCE(SUM(messages), 0) FROM daily_activity")).scalar_one())


def wait_counted(engine: Engine, expected: int, timeout: float = TIMEOUT) -> float:
    """Poll until the bot has counted `expected` messages; the moment it had (perf_counter)."""
    deadline = time.monotonic() + timeout
    while (counted := counted_messages(engine)) < expected:
        if time.monotonic() > deadline:
            raise AssertionError(f"only {counted} of {expected} messages counted within {timeout:.0f} s")
        time.sleep(POLL_SECONDS)
    return time.perf_counter()


def _cpu_seconds(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


@contextlib.contextmanager
def database(tmp_path: Path) -> Iterator[str]:
    """A fresh database for the bot: a SQLite file, or, with TEST_DATABASE_URL, a PostgreSQL
    database made for this run and dropped after it (as tests/conftest.py's `database_url` does).

    The session-wide one from conftest is not used: the other benchmarks fill and empty it, and
    5,000 counts left in it would change their figures."""
    with own_database(tmp_path, prefix="thinktank_bench") as url:
        yield url


@contextlib.contextmanager
def running(script: Path, fake: FakeSlack, database_url: str, cwd: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`script` as its own process, connected to `fake` over Socket Mode; stopped with SIGTERM."""
    env = slack_env(fake, cwd / "unused.db")
    env.update(DATABASE_URL=database_url, THINKTANK_SCHEDULER="off", LOG_LEVEL="WARNING")
    # cwd is an empty directory, so no .env of the developer's is read.
    process = subprocess.Popen([sys.executable, str(script)], env=clean_env(env), cwd=cwd)
    try:
        fake.wait_connected(timeout=30)
        assert process.poll() is None, f"{script.name} exited with status {process.returncode}"
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure(fake: FakeSlack, process: subprocess.Popen[bytes], tag: str, engine: Engine | None = None) -> Run:
    """Warm up, then send EVENTS events; with `engine` (the bot), wait until they are all counted."""
    already = WARM_UP
    send_all(fake, message_payloads(WARM_UP, f"{tag}W"))
    if engine is not None:
        wait_counted(engine, already)
    # Think Tank reads its dictionaries and the warm-up's members' profiles meanwhile: not per event.
    wait_settled(process.pid)
    fake.reset()
    payloads = message_payloads(EVENTS, tag)
    cpu_before, load_before = _cpu_seconds(process.pid), _cpu_seconds(os.getpid())
    if engine is None:
        started, acked_at, acks = send_all(fake, payloads)
        done_at = acked_at
    else:
        # Senders in a thread, polling here: counting can only finish after the last envelope is sent.
        with ThreadPoolExecutor(1) as pool:
            sending = pool.submit(send_all, fake, payloads)
            counted_at = wait_counted(engine, already + EVENTS)
            started, acked_at, acks = sending.result()
        done_at = max(counted_at, acked_at)
    run = Run(
        acks=acks,
        acked_after=acked_at - started,
        done_after=done_at - started,
        cpu_seconds=_cpu_seconds(process.pid) - cpu_before,
        load_cpu_seconds=_cpu_seconds(os.getpid()) - load_before,
    )
    # Every envelope of the run acked once, by id, and no stray frames in between.
    sent_ids = {envelope["envelope_id"] for envelope in fake.envelopes}
    acked_ids = [m.data.get("envelope_id") for m in fake.socket_messages if m.data is not None]
    assert len(sent_ids) == EVENTS and run.acks == EVENTS
    assert Counter(acked_ids) == Counter(sent_ids), "every envelope is acked exactly once"
    return run


def test_event_intake_throughput(tmp_path: Path) -> None:
    apps = {"think tank": ROOT / "app.py", "bare bolt": ROOT / "tests/bench/bare_socket_app.py"}
    runs: dict[str, Run] = {}
    per_user: dict[str, int] = {}
    with database(tmp_path) as database_url:
        engine = create_engine(database_url)
        try:
            # One app at a time, each with its own fake Slack, so neither competes with the other for
            # the machine's cores (or for the fake's connection: it sends to the newest one).
            with FakeSlack() as fake, running(apps["think tank"], fake, database_url, tmp_path) as process:
                runs["think tank"] = measure(fake, process, "BOT", engine)
                # Counting is done off the request path; a moment longer shows nothing is counted twice.
                time.sleep(1)
                total = counted_messages(engine)
                with engine.connect() as conn:
                    rows = conn.execute(
                        text("SELECT user_id, SUM(messages) FROM daily_activity GROUP BY user_id")
                    )
                    per_user = {user_id: int(messages) for user_id, messages in rows}
        finally:
            engine.dispose()
        with FakeSlack() as fake, running(apps["bare bolt"], fake, database_url, tmp_path) as process:
            runs["bare bolt"] = measure(fake, process, "BARE")

    backend = make_url(database_url).get_backend_name()
    print(
        f"\nevent intake, {EVENTS} message events from {len(USERS)} members over Socket Mode, "
        f"{SENDERS} envelopes in flight, each app in its own process ({backend})"
    )
    columns = ("acked in", "acks/s", "done in", "events/s", "CPU/event", "load CPU")
    print(
        f"{'app':<12} "
        + " ".join(f"{column:>{width}}" for column, width in zip(columns, WIDTHS, strict=True))
    )
    for name, run in runs.items():
        print(
            f"{name:<12} {run.acked_after:8.2f}s {run.ack_rate:8.0f} {run.done_after:8.2f}s {run.rate:9.0f} "
            f"{run.cpu_seconds / EVENTS * 1000:8.2f}ms {run.load_cpu_seconds:8.2f}s"
        )
    ours, bare = runs["think tank"], runs["bare bolt"]
    ratio = ours.rate / bare.rate
    print(
        f"think tank: {ours.rate:.0f} events/s (target ≥ {TARGET_RATE:.0f}: "
        f"{'met' if ours.rate >= TARGET_RATE else 'NOT met'}); "
        f"{ratio:.2f} of the bare app's rate (target ≥ {TARGET_RATIO}: "
        f"{'met' if ratio >= TARGET_RATIO else 'NOT met'})"
    )
    # Where the time goes: answering Slack (the acks) or writing the counts after answering.
    print(
        f"think tank acks at {ours.ack_rate / bare.ack_rate:.2f} of the bare app's rate; counting ends"
        f" {ours.done_after - ours.acked_after:.2f} s after the last ack"
    )

    assert total == WARM_UP + EVENTS, f"{total - WARM_UP} of {EVENTS} measured messages counted"
    # Round-robin over the members: each wrote one warm-up message and EVENTS / len(USERS) more.
    assert per_user == dict.fromkeys(USERS, 1 + EVENTS // len(USERS))
