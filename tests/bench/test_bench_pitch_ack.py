"""Benchmark: how fast `/pitch` is acknowledged and its form opened, 20 requests in flight, in both of
Slack's modes (HTTP and Socket Mode), next to a bare Bolt app measured in the same run.

Each app runs as its own process (`python app.py`, and `tests/bench/bare_bolt_app.py` over HTTP or
`tests/bench/bare_socket_app.py` over Socket Mode), as in production; the load and the fake Slack
run in the test process. Rounds alternate between the two apps, so a busy moment of the shared
machine hits both alike, and only ratios within one run are compared. Run on demand: `make bench`.
It prints figures and never fails on timing (target: ack p50 within 1.5x of the bare app in both
modes), only on correctness (every request acked once, one form each).
"""

from __future__ import annotations

import contextlib
import http.client
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tests.bench.settle import wait_settled
from tests.e2e.test_command_line import clean_env, slack_env
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.harness import BOT_TOKEN, SIGNING_SECRET, free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
CONCURRENCY = 20
REQUESTS = 1000
ROUNDS = 5
WARM_UP = 100
TARGET_P50_RATIO = 1.5
TIMEOUT = 60.0


@dataclass
class Figures:
    """One app's latencies over every round (seconds) and its process's CPU (milliseconds)."""

    acks: list[float] = field(default_factory=list)
    forms: list[float] = field(default_factory=list)
    cpu_ms: float = 0.0


Sender = Callable[[int], tuple[str, float]]  # request i → (its trigger_id, its ack latency)


def measure(send: Sender, fake: FakeSlack, count: int) -> tuple[list[float], list[float]]:
    """Ack latency (request sent → ack) and form latency (request sent → views.open at the fake)."""
    fake.reset()
    sent: dict[str, float] = {}
    acks: list[float] = []

    def one(i: int) -> None:
        started = time.perf_counter()
        trigger_id, ack = send(i)
        sent[trigger_id] = started
        acks.append(ack)

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(one, range(count)))
    opened = fake.wait_for("views.open", count=count, timeout=120)
    assert len(opened) == count, "every /pitch opens exactly one form"
    assert Counter(call.params["trigger_id"] for call in opened) == Counter(sent.keys()), "one form each"
    forms = [call.received_at - sent[call.params["trigger_id"]] for call in opened]
    return acks, forms


def http_sender(base_url: str) -> Sender:
    """Signed `/pitch` requests over HTTP, one kept-alive connection per sending thread (as Slack's
    own senders do: the load should cost the measuring process as little as possible)."""
    local = threading.local()
    host, port = base_url.removeprefix("http://").split(":")

    def send(i: int) -> tuple[str, float]:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        command = p.slash_command("/pitch", f"idea {i}", user_id=f"U0BENCH{i % 50:03d}")
        body, headers = p.signed_request(command, SIGNING_SECRET)
        started = time.perf_counter()
        local.conn.request("POST", "/slack/events", body=body.encode(), headers=headers)
        response = local.conn.getresponse()
        response.read()
        ack = time.perf_counter() - started
        assert response.status == 200
        return command["trigger_id"], ack

    return send


def socket_sender(fake: FakeSlack) -> Sender:
    """`/pitch` as `slash_commands` envelopes; each sending thread waits for its envelope's ack."""

    def send(i: int) -> tuple[str, float]:
        command = p.slash_command("/pitch", f"idea {i}", user_id=f"U0BENCH{i % 50:03d}")
        started = time.perf_counter()
        acked = fake.send_envelope("slash_commands", command, timeout=TIMEOUT)
        ack = time.perf_counter() - started
        assert acked is not None and "payload" not in acked, "/pitch is acked with no message"
        return command["trigger_id"], ack

    return send


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def _cpu_seconds(pid: int) -> float:
    """User and system CPU of the app's process (and its threads): what each request costs it."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def _healthy(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def stopped_at_end(process: subprocess.Popen[bytes]) -> Iterator[subprocess.Popen[bytes]]:
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def serve_http(
    script: Path, fake: FakeSlack, database: Path
) -> Iterator[tuple[subprocess.Popen[bytes], Sender]]:
    port = free_port()
    env = clean_env(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.api_url,
            "DATABASE_URL": f"sqlite:///{database}",
            "PORT": str(port),
            "LOG_LEVEL": "WARNING",
        }
    )
    with stopped_at_end(
        subprocess.Popen([sys.executable, str(script)], env=env, cwd=database.parent)
    ) as process:
        base_url = f"http://127.0.0.1:{port}"
        wait_until(lambda: _healthy(f"{base_url}/healthz"), timeout=30, message=f"{script.name} is up")
        yield process, http_sender(base_url)


@contextlib.contextmanager
def serve_socket(
    script: Path, fake: FakeSlack, database: Path
) -> Iterator[tuple[subprocess.Popen[bytes], Sender]]:
    env = slack_env(fake, database)
    env.update(THINKTANK_SCHEDULER="off", LOG_LEVEL="WARNING")
    process = subprocess.Popen([sys.executable, str(script)], env=clean_env(env), cwd=database.parent)
    with stopped_at_end(process):
        wait_until(
            lambda: fake.connected or process.poll() is not None, timeout=30, message=f"{script.name} is up"
        )
        assert process.poll() is None, f"{script.name} exited with status {process.returncode}"
        yield process, socket_sender(fake)


def run_both(mode: str, tmp_path: Path) -> dict[str, Figures]:
    """Both apps up at once, each with its own fake Slack (the fake sends envelopes to its newest
    connection, so two apps cannot share one in Socket Mode); warm-up, then alternating rounds."""
    bare = ROOT / ("tests/bench/bare_bolt_app.py" if mode == "HTTP" else "tests/bench/bare_socket_app.py")
    apps = {"think tank": ROOT / "app.py", "bare bolt": bare}
    serve = serve_http if mode == "HTTP" else serve_socket
    figures = {name: Figures() for name in apps}
    with contextlib.ExitStack() as stack:
        servers = {}
        for name, script in apps.items():
            fake = stack.enter_context(FakeSlack())
            directory = tmp_path / f"{mode}-{name.replace(' ', '_')}"
            directory.mkdir()
            process, send = stack.enter_context(serve(script, fake, directory / "app.db"))
            servers[name] = (process, send, fake)
        for _process, send, fake in servers.values():
            measure(send, fake, WARM_UP)
        # After the warm-up: Think Tank reads its dictionaries and the members' profiles meanwhile.
        for process, _send, _fake in servers.values():
            wait_settled(process.pid)
        for _round in range(ROUNDS):
            for name, (process, send, fake) in servers.items():
                before = _cpu_seconds(process.pid)
                acks, forms = measure(send, fake, REQUESTS // ROUNDS)
                figures[name].cpu_ms += (_cpu_seconds(process.pid) - before) * 1000
                figures[name].acks.extend(acks)
                figures[name].forms.extend(forms)
    return figures


def report(mode: str, figures: dict[str, Figures]) -> None:
    print(f"\n/pitch, {REQUESTS} requests, {CONCURRENCY} at a time, {mode}, each app in its own process")
    print(f"{'app':<12} {'ack p50':>9} {'ack p99':>9} {'form p50':>9} {'form p99':>9} {'CPU/req':>9}  (ms)")
    for name, run in figures.items():
        print(
            f"{name:<12} {percentile(run.acks, 50):9.1f} {percentile(run.acks, 99):9.1f} "
            f"{percentile(run.forms, 50):9.1f} {percentile(run.forms, 99):9.1f} {run.cpu_ms / REQUESTS:9.2f}"
        )
    ours, bare = figures["think tank"], figures["bare bolt"]
    p50 = percentile(ours.acks, 50) / percentile(bare.acks, 50)
    print(
        f"{mode}: think tank / bare: ack p50 {p50:.2f} (target ≤ {TARGET_P50_RATIO}: "
        f"{'met' if p50 <= TARGET_P50_RATIO else 'NOT met'}), "
        f"ack p99 {percentile(ours.acks, 99) / percentile(bare.acks, 99):.2f}, "
        f"form p50 {percentile(ours.forms, 50) / percentile(bare.forms, 50):.2f}, "
        f"form p99 {percentile(ours.forms, 99) / percentile(bare.forms, 99):.2f}"
    )


def test_pitch_ack_latency_http(tmp_path: Path) -> None:
    report("HTTP mode", run_both("HTTP", tmp_path))


def test_pitch_ack_latency_socket_mode(tmp_path: Path) -> None:
    report("Socket Mode", run_both("Socket Mode", tmp_path))
