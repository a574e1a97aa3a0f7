"""Benchmark: from `python app.py` to a live Socket Mode connection, and the idle bot's memory.

Targets: start-up under 3 s, resident memory under 150 MB. Printed, never asserted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from tests.support.fake_slack import FakeSlack
from tests.support.harness import APP_TOKEN, BOT_TOKEN

ROOT = Path(__file__).resolve().parents[2]
RUNS = 5
IDLE_SECONDS = 5


def test_start_up_and_idle_memory(tmp_path: Path) -> None:
    start_ups: list[float] = []
    rss: list[float] = []
    for run in range(RUNS):
        with FakeSlack() as fake:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
            env.update(
                SLACK_BOT_TOKEN=BOT_TOKEN,
                SLACK_APP_TOKEN=APP_TOKEN,
                SLACK_API_URL=fake.api_url,
                DATABASE_URL=f"sqlite:///{tmp_path}/bench{run}.db",
                PYTHONPATH=str(ROOT),
                LOG_LEVEL="WARNING",
            )
            began = time.perf_counter()
            process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, cwd=tmp_path)
            try:
                fake.wait_connected(timeout=30)
                start_ups.append(time.perf_counter() - began)
                time.sleep(IDLE_SECONDS)
                rss.append(psutil.Process(process.pid).memory_info().rss / 2**20)
            finally:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=15)
    # The first run also creates and migrates the database.
    print(
        f"\nstart-up to Socket Mode connection: first {start_ups[0]:.2f} s, "
        f"then median {sorted(start_ups[1:])[len(start_ups[1:]) // 2]:.2f} s (target < 3 s)"
    )
    print(f"idle resident memory after {IDLE_SECONDS} s: max {max(rss):.0f} MB (target < 150 MB)")
