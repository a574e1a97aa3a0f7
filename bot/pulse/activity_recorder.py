"""Writing activity counts off the request path, in batches, and through a database outage.

A request from Slack must be answered within three seconds even while another transaction holds
the database (SQLite's write lock), so the middleware only hands each count to this recorder. One
thread writes what has queued up in one transaction, waiting `BATCH_WINDOW` (20 ms) after the first
count so that more come along: under a burst of events that is hundreds of counts a commit.

When the database is down, the batch in hand is tried again and again (backing off to once every
`LONGEST_PAUSE` seconds) for as long as the outage lasts, while new counts wait in memory. Memory,
not a spool file: a waiting count takes about 300 bytes (measured), so `MAX_WAITING` (200,000)
holds at most ~60 MB, ten minutes at 330 counts a second and hours at a community's usual pace; a
spool would need a disk that outlives the database's trouble and a second store to keep "each event
once" with. Only when that many wait are new ones dropped, and
the log says so at once (CRITICAL) and again when the database is back. `close()` writes what is
left before the process ends, and says how many it could not.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from bot.core.db import Database, is_outage
from bot.core.workspace_settings import ensure_workspace
from bot.pulse import activity
from bot.pulse.activity import Activity

log = logging.getLogger(__name__)

BATCH = 500
# After the first count of a batch the writer waits this long (seconds) for more before it writes.
# Each transaction costs the interpreter, which the request handlers share, about the same however
# few counts it carries (a session, two statements, a commit), so under a burst fewer, larger ones
# leave more of it to the acks; a count reaches the database at most this much later. Not waited
# for when a full batch is already queued, nor once the recorder is stopping.
BATCH_WINDOW = 0.02
MAX_WAITING = 200_000
# Pauses between attempts while the database does not answer; the last one repeats.
RETRY_AFTER_SECONDS = (0.2, 1.0, 2.0, 5.0, 10.0)
LONGEST_PAUSE = RETRY_AFTER_SECONDS[-1]
# While it lasts, an outage is reported again this often (seconds), so it never goes quiet.
REPORT_EVERY = 60.0


class ActivityRecorder:
    def __init__(
        self,
        db: Database,
        zone_of: Callable[[str], ZoneInfo],
        *,
        pause: Callable[[float], object] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._zone_of = zone_of
        self._stopping = threading.Event()
        # Waiting between attempts ends early when the process stops (tests pass a clock of their own).
        self._pause = pause or self._stopping.wait
        self._clock = clock
        # Workspaces whose row is known to exist: counts need it (foreign key), checking costs a query.
        self._known_teams: set[str] = set()
        self._queue: queue.Queue[tuple[str, Activity] | None] = queue.Queue(maxsize=MAX_WAITING)
        self._dropped = 0
        self._dropped_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="activity-recorder", daemon=True)
        self._thread.start()

    def submit(self, team_id: str, counted: Activity) -> None:
        try:
            self._queue.put_nowait((team_id, counted))
        except queue.Full:
            with self._dropped_lock:
                self._dropped += 1
                first = self._dropped == 1
            if first:
                log.critical(
                    "the database has not taken activity counts for a long time and %s are waiting, "
                    "the most this process keeps: from now on new counts are DROPPED until it answers",
                    MAX_WAITING,
                )

    @property
    def waiting(self) -> int:
        return self._queue.unfinished_tasks

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything submitted so far is written (tests and shutdown); False on timeout."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.005)
        return not self._queue.unfinished_tasks

    def close(self, timeout: float = 10.0) -> None:
        self.flush(timeout)
        # A writer still trying (the database is down) gives up now instead of at the outage's end.
        self._stopping.set()
        try:
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
            if self._queue.qsize() < BATCH - 1:
                # Sleeping rather than waiting on the queue: a get with a timeout would wake this
                # thread (and take the interpreter from the handlers) for every count submitted.
                self._stopping.wait(BATCH_WINDOW)
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
        failed_since: float | None = None
        reported_at = 0.0
        attempt = 0
        while True:
            try:
                with self._db.session() as session:
                    for team_id in {team_id for team_id, _ in batch} - self._known_teams:
                        ensure_workspace(session, team_id)
                    activity.record_many(session, batch, self._zone_of)
                self._known_teams.update(team_id for team_id, _ in batch)
                if failed_since is not None:
                    self._report_recovery(self._clock() - failed_since)
                return
            except Exception as exc:
                if not is_outage(exc) and attempt >= len(RETRY_AFTER_SECONDS):
                    # Not the database being away but something wrong with these counts: trying
                    # for ever would hold up every count after them.
                    log.exception("could not write %s activity counts; they are lost", len(batch))
                    return
                now = self._clock()
                if failed_since is None:
                    failed_since = reported_at = now
                    log.warning("could not write activity counts (%s); they wait and are tried again", exc)
                elif now - reported_at >= REPORT_EVERY:
                    reported_at = now
                    log.error(
                        "the database has not taken activity counts for %.0f s; %s wait in memory (of %s)",
                        now - failed_since,
                        self._queue.qsize() + len(batch),
                        MAX_WAITING,
                    )
                if self._stopping.is_set():
                    log.error(
                        "stopping while the database is unreachable: %s activity counts are lost",
                        len(batch) + self._drop_waiting(),
                    )
                    return
                self._pause(RETRY_AFTER_SECONDS[min(attempt, len(RETRY_AFTER_SECONDS) - 1)])
                attempt += 1

    def _drop_waiting(self) -> int:
        """Empty the queue when stopping with the database away (one log line for all, not one a
        batch); the stop signal is put back for the writer's loop. Returns how many were dropped."""
        dropped, stop = 0, False
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            self._queue.task_done()
            if item is None:
                stop = True
            else:
                dropped += 1
        if stop:
            self._queue.put_nowait(None)
        return dropped

    def _report_recovery(self, outage_seconds: float) -> None:
        with self._dropped_lock:
            dropped, self._dropped = self._dropped, 0
        if dropped:
            log.critical(
                "the database takes activity counts again after %.0f s; %s counts were dropped meanwhile",
                outage_seconds,
                dropped,
            )
        else:
            log.warning("the database takes activity counts again after %.0f s; none lost", outage_seconds)
