"""The database: engine set-up per engine, short transactions, migrations and a health check."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import CursorResult, Engine, Result, create_engine, event, inspect, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

log = logging.getLogger(__name__)

READ_ONLY = "thinktank_read_only"
SCHEDULER_TABLE = "apscheduler_jobs"
# A workspace's scheduled jobs are stored as `{kind}:{team_id}`: the ones the scheduler keeps in step
# with the settings, and the one-off ones; purging a workspace deletes them all.
WORKSPACE_JOBS: tuple[str, ...] = (
    "stats",
    "members",
    "reminders",
    "pairing",
    "gatherings",
    "learnings",
    "digests",
)
ONE_OFF_JOBS: tuple[str, ...] = ("members-now",)
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def make_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15}, **kwargs)
        _tune_sqlite(engine)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        # A database that does not answer should fail a health check, not hang it.
        connect_args={"connect_timeout": 5},
        **kwargs,
    )


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(READ_ONLY):
            # In WAL mode a reader never waits for a writer, so reads begin deferred.
            conn.exec_driver_sql("BEGIN")
        else:
            # IMMEDIATE takes the write lock up front: a deferred transaction that reads and then writes
            # fails at once with "database is locked" when another writer got there first.
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """For autogenerate: the search indexes are the engines' own (migrations 0003 and 0007), not the
    models', and the scheduler's table is APScheduler's (migration 0005)."""
    if (
        type_ == "table"
        and name
        and (name.startswith(("ideas_fts", "learnings_fts")) or name == SCHEDULER_TABLE)
    ):
        return False
    if type_ == "index" and name == "ix_apscheduler_jobs_next_run_time":
        return False
    return not (type_ in ("column", "index") and name in ("search", "ix_ideas_search", "ix_learnings_search"))


def is_outage(error: BaseException) -> bool:
    """The database not answering (down, restarting, locked, out of connections), as opposed to
    something wrong with what was written or asked (a bad statement, a broken constraint, bad data)."""
    return isinstance(error, (OperationalError, InterfaceError, PoolTimeout)) or bool(
        getattr(error, "connection_invalidated", False)
    )


def insert_if_absent(session: Session, model: type[DeclarativeBase], **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when the row went in.

    Two requests that both find a row missing (a double click, a retried event, two threads meeting
    a new member) would otherwise race each other into a unique-key error.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    # RETURNING says for certain whether a row went in; rowcount is unreliable with implicit RETURNING.
    primary_key = inspect(model).primary_key[0]
    statement = insert(model).values(**values).on_conflict_do_nothing().returning(primary_key)
    return session.execute(statement).first() is not None


class Database:
    """One engine and its sessions; services get a session, handlers get a `Database`."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_engine = self.engine.execution_options(**{READ_ONLY: True})
        self._read_sessions = sessionmaker(self._read_engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only look: never waits for a writer (SQLite), never commits."""
        with self._read_sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def ping(self) -> bool:
        try:
            with self._read_engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except (SQLAlchemyError, OSError) as exc:
            log.warning("database is not reachable: %s", exc)
            return False

    def upgrade(self) -> None:
        """Apply pending migrations (idempotent; safe when several processes start at once)."""
        with self.engine.begin() as conn:
            config = alembic_config(self.url)
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # `%` is ConfigParser interpolation; a password may contain one.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


# Searchable rows keep their words' base forms beside them; `bot.ideas.search` fills them on every write.
import bot.ideas.search  # noqa: E402, F401


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed. `Session.execute` is typed as giving a plain
    `Result`; for those statements it is a `CursorResult`, which counts them."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"a {type(result).__name__} does not count the rows changed")
    return result.rowcount
