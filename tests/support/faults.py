"""Faults from the database, on demand, for the fault-injection tests: the same on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event

from bot.core.db import Database


class Outage:
    """The database refuses every new connection until `end()`, as PostgreSQL does while it restarts.

    Connections in the pool are closed at the start, so nothing already open slips through; each
    refused attempt is counted, so a test can wait for the bot to have tried (a positive signal).
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._refused = 0
        self._changed = threading.Condition()
        self.active = False

    def _refuse(self, dialect: Any, _record: Any, _cargs: Any, _cparams: Any) -> None:
        with self._changed:
            self._refused += 1
            self._changed.notify_all()
        # The driver's own error, which SQLAlchemy wraps as for a real refusal.
        raise dialect.loaded_dbapi.OperationalError("connection refused (a test's database outage)")

    def begin(self) -> Outage:
        event.listen(self._db.engine, "do_connect", self._refuse)
        self.active = True
        self._db.engine.dispose()
        return self

    def end(self) -> None:
        if self.active:
            event.remove(self._db.engine, "do_connect", self._refuse)
            self.active = False

    @property
    def refused(self) -> int:
        with self._changed:
            return self._refused

    def wait_refused(self, count: int = 1, timeout: float = 30.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: self._refused >= count, timeout):
                raise AssertionError(f"the bot did not try the database {count} times within {timeout}s")


@contextlib.contextmanager
def database_outage(db: Database) -> Iterator[Outage]:
    outage = Outage(db).begin()
    try:
        yield outage
    finally:
        outage.end()
