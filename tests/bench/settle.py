"""Waiting for an app's process to settle before it is measured.

Think Tank does work of its own in its first seconds: it reads the search dictionaries (two or three
seconds of one core, `bot/ideas/search_terms.py`) and, after the warm-up, the profiles of the members
it has just seen (`MemberSync`). Measured during that, a benchmark of requests measures start-up (its
own benchmark, `test_bench_startup.py`); so the load waits until the process is quiet.
"""

from __future__ import annotations

import time

import psutil

QUIET_SHARE = 0.05  # of one core, over WINDOW seconds
WINDOW = 0.5


def wait_settled(pid: int, timeout: float = 30.0) -> float:
    """Block until process `pid` has used under QUIET_SHARE of a core for WINDOW seconds; returns the
    seconds waited (at most `timeout`, after which the benchmark goes on and says so)."""
    process = psutil.Process(pid)
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        before = process.cpu_times()
        time.sleep(WINDOW)
        after = process.cpu_times()
        used = (after.user + after.system) - (before.user + before.system)
        if used < QUIET_SHARE * WINDOW:
            return time.monotonic() - started
    print(f"process {pid} was still busy after {timeout:.0f} s; measuring anyway")
    return timeout
