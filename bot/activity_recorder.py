"""Writing activity counts off the request path, in batches.

A request from Slack must be answered within three seconds even while another transaction holds
the database (SQLite's write lock), so the middleware only hands each count to this recorder. One
thread writes what has queued up in one transaction: under a burst of events that is hundreds of
counts a commit. A failed write is tried again; counts wait in memory meanwhile (at most
`MAX_WAITING`), and `close()` writes what is left before the process ends.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from bot import activity
from bot.activity import Activity
from bot.db import Database
from bot.workspace_settings import ensure_workspace

log = logging.getLogger(__name__)

BATCH = 500
MAX_WAITING = 100_000
RETRY_AFTER_SECONDS = (0.2, 1.0, 5.0)


class ActivityRecorder:
    def __init__(self, db: Database, zone_of: Callable[[str], ZoneInfo]) -> None:
        self._db = db
        self._zone_of = zone_of
        # Workspaces whose row is known to exist: counts need it (foreign key), checking costs a query.
        self._known_teams: set[str] = set()
        self._queue: queue.Queue[tuple[str, Activity] | None] = queue.Queue(maxsize=MAX_WAITING)
        self._thread = threading.Thread(target=self._run, name="activity-recorder", daemon=True)
        self._thread.start()

    def submit(self, team_id: str, counted: Activity) -> None:
        try:
            self._queue.put_nowait((team_id, counted))
        except queue.Full:
            log.error("the database has not taken counts for a while; dropped one %s", counted.kind)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything submitted so far is written (tests and shutdown); False on timeout."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.005)
        return not self._queue.unfinished_tasks

    def close(self, timeout: float = 10.0) -> None:
        self.flush(timeout)
        try:
            # Never wait long to stop: with the database down for a while the queue may be full.
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            log.error("stopping with %s activity counts not written", self._queue.qsize())
            return
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                self._queue.task_done()
                return
            batch = [first]
            stop = False
            while len(batch) < BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    self._queue.task_done()
                    break
                batch.append(item)
            self._write(batch)
            for _ in batch:
                self._queue.task_done()
            if stop:
                return

    def _write(self, batch: list[tuple[str, Activity]]) -> None:
        for attempt, pause in enumerate((*RETRY_AFTER_SECONDS, None)):
            try:
                with self._db.session() as session:
                    for team_id in {team_id for team_id, _ in batch} - self._known_teams:
                        ensure_workspace(session, team_id)
                    activity.record_many(session, batch, self._zone_of)
                self._known_teams.update(team_id for team_id, _ in batch)
                return
            except Exception:
                if pause is None:
                    log.exception("could not write %s activity counts; they are lost", len(batch))
                    return
                log.warning("could not write activity counts (attempt %s); trying again", attempt + 1)
                time.sleep(pause)
