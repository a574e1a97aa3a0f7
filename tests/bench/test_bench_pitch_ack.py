"""Benchmark: how fast `/pitch` is acknowledged and its form opened, under 20 concurrent requests
through HTTP mode, next to a bare Bolt app with a no-op handler measured in the same run.

Run on demand: `make bench`. It prints figures; it never fails on timing (targets: p99 within
100 ms and within 2x of the bare app), only on correctness (every request acked, one form each).
"""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App

from bot.db import Database
from bot.http_server import create_server, serve_until_closed, wsgi_app
from bot.slack_client import build_client
from tests import slack_payloads as p
from tests.fake_slack import FakeSlack
from tests.harness import SIGNING_SECRET, free_port, make_settings, post_signed, start_http_bot

CONCURRENCY = 20
REQUESTS = 400
WARM_UP = 40


def bare_app(fake: FakeSlack, db: Database) -> tuple[str, Any]:
    """Bolt with the same client, server and threads, and a handler that only acks and opens a form."""
    settings = make_settings(fake, db.url, socket_mode=False)
    app = App(client=build_client(settings), signing_secret=SIGNING_SECRET, token_verification_enabled=False)

    @app.command("/pitch")
    def no_op(ack, command, client) -> None:
        ack()
        client.views_open(
            trigger_id=command["trigger_id"],
            view={"type": "modal", "title": {"type": "plain_text", "text": "Pitch"}, "blocks": []},
        )

    port = free_port()
    server = create_server(wsgi_app(app, db), port, host="127.0.0.1", threads=8)
    threading.Thread(target=serve_until_closed, args=(server,), daemon=True).start()
    return f"http://127.0.0.1:{port}", server


def measure(base_url: str, fake: FakeSlack, count: int) -> tuple[list[float], list[float]]:
    """Ack latency (request sent → HTTP answer) and form latency (request sent → views.open at Slack)."""
    fake.reset()
    sent: dict[str, float] = {}
    acks: list[float] = []

    def one(i: int) -> None:
        command = p.slash_command("/pitch", f"idea {i}", user_id=f"U0BENCH{i % 50:03d}")
        sent[command["trigger_id"]] = time.perf_counter()
        reply = post_signed(base_url, command)
        acks.append(time.perf_counter() - sent[command["trigger_id"]])
        assert reply.status == 200

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(one, range(count)))
    opened = fake.wait_for("views.open", count=count, timeout=60)
    assert len(opened) == count, "every /pitch opens exactly one form"
    forms = [call.received_at - sent[call.params["trigger_id"]] for call in opened]
    return acks, forms


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def test_pitch_ack_latency(db: Database) -> None:
    with FakeSlack() as fake:
        bot = start_http_bot(db, fake)
        bare_url, bare_server = bare_app(fake, db)
        try:
            results = {}
            for name, url in (("think tank", bot.base_url), ("bare bolt", bare_url)):
                measure(url, fake, WARM_UP)
                results[name] = measure(url, fake, REQUESTS)
        finally:
            bot.stop()
            bare_server.close()

    print(
        f"\n/pitch under {CONCURRENCY} concurrent requests, {REQUESTS} each, HTTP mode, "
        f"{db.engine.dialect.name}"
    )
    print(f"{'app':<12} {'ack p50':>9} {'ack p99':>9} {'form p50':>9} {'form p99':>9}  (ms)")
    for name, (acks, forms) in results.items():
        print(
            f"{name:<12} {percentile(acks, 50):9.1f} {percentile(acks, 99):9.1f} "
            f"{percentile(forms, 50):9.1f} {percentile(forms, 99):9.1f}"
        )
    ours, bare = results["think tank"][1], results["bare bolt"][1]
    print(f"form p99 ratio think tank / bare: {percentile(ours, 99) / percentile(bare, 99):.2f} (target ≤ 2)")
