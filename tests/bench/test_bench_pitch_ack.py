"""Benchmark: how fast `/pitch` is acknowledged and its form opened, under 20 concurrent requests
through HTTP mode, next to a bare Bolt app with a no-op handler measured in the same run.

Each app runs as its own process (`python app.py`, and `tests/bench/bare_bolt_app.py`), as in
production; the load and the fake Slack run in the test process. Run on demand: `make bench`. It
prints figures and never fails on timing (targets: p99 within 100 ms and within 2x of the bare
app), only on correctness (every request acked, one form each).
"""

from __future__ import annotations

import http.client
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

from tests.e2e.test_command_line import clean_env
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.harness import BOT_TOKEN, SIGNING_SECRET, free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
CONCURRENCY = 20
REQUESTS = 1000
ROUNDS = 5
WARM_UP = 100


def measure(base_url: str, fake: FakeSlack, count: int) -> tuple[list[float], list[float]]:
    """Ack latency (request sent → HTTP answer) and form latency (request sent → views.open at Slack)."""
    fake.reset()
    sent: dict[str, float] = {}
    acks: list[float] = []
    local = threading.local()
    host, port = base_url.removeprefix("http://").split(":")

    def one(i: int) -> None:
        # One kept-alive connection per worker, as Slack's own senders do: the load should cost
        # the measuring process as little as possible, since it shares the machine's two cores.
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        command = p.slash_command("/pitch", f"idea {i}", user_id=f"U0BENCH{i % 50:03d}")
        body, headers = p.signed_request(command, SIGNING_SECRET)
        sent[command["trigger_id"]] = time.perf_counter()
        local.conn.request("POST", "/slack/events", body=body.encode(), headers=headers)
        response = local.conn.getresponse()
        response.read()
        acks.append(time.perf_counter() - sent[command["trigger_id"]])
        assert response.status == 200

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(one, range(count)))
    opened = fake.wait_for("views.open", count=count, timeout=120)
    assert len(opened) == count, "every /pitch opens exactly one form"
    forms = [call.received_at - sent[call.params["trigger_id"]] for call in opened]
    return acks, forms


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


def serve(script: Path, fake: FakeSlack, database: Path) -> tuple[subprocess.Popen[bytes], str]:
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
    process = subprocess.Popen([sys.executable, str(script)], env=env, cwd=database.parent)
    base_url = f"http://127.0.0.1:{port}"
    wait_until(lambda: _healthy(f"{base_url}/healthz"), timeout=30, message=f"{script.name} is up")
    return process, base_url


def test_pitch_ack_latency(tmp_path: Path) -> None:
    apps = {"think tank": ROOT / "app.py", "bare bolt": ROOT / "tests/bench/bare_bolt_app.py"}
    results: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in apps}
    cpu_ms: dict[str, float] = dict.fromkeys(apps, 0.0)
    with FakeSlack() as fake:
        servers = {
            name: serve(script, fake, tmp_path / f"{name.replace(' ', '_')}.db")
            for name, script in apps.items()
        }
        try:
            for _process, base_url in servers.values():
                measure(base_url, fake, WARM_UP)
            # Rounds alternate between the apps, so a busy moment of the machine hits both alike.
            for _round in range(ROUNDS):
                for name, (process, base_url) in servers.items():
                    before = _cpu_seconds(process.pid)
                    acks, forms = measure(base_url, fake, REQUESTS // ROUNDS)
                    cpu_ms[name] += (_cpu_seconds(process.pid) - before) * 1000
                    results[name][0].extend(acks)
                    results[name][1].extend(forms)
        finally:
            for process, _url in servers.values():
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=15)

    print(f"\n/pitch, {REQUESTS} requests, {CONCURRENCY} at a time, HTTP mode, each app in its own process")
    print(f"{'app':<12} {'ack p50':>9} {'ack p99':>9} {'form p50':>9} {'form p99':>9} {'CPU/req':>9}  (ms)")
    for name, (acks, forms) in results.items():
        print(
            f"{name:<12} {percentile(acks, 50):9.1f} {percentile(acks, 99):9.1f} "
            f"{percentile(forms, 50):9.1f} {percentile(forms, 99):9.1f} {cpu_ms[name] / REQUESTS:9.2f}"
        )
    ours, bare = results["think tank"], results["bare bolt"]
    print(
        f"p99 think tank / bare: ack {percentile(ours[0], 99) / percentile(bare[0], 99):.2f}, "
        f"form {percentile(ours[1], 99) / percentile(bare[1], 99):.2f} (target ≤ 2; p99 target ≤ 100 ms)"
    )
