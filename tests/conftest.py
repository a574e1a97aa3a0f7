"""Fixtures: a database of the run's own (SQLite, or PostgreSQL with TEST_DATABASE_URL), a fake Slack,
and the real bot serving HTTP or connected over Socket Mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.db import Database
from models import Base
from tests.support.databases import own_database
from tests.support.fake_slack import FakeSlack
from tests.support.harness import BotUnderTest, start_http_bot, start_socket_bot

# `listener_rt`: a runtime for calling one listener directly (tests/support/listeners.py).
pytest_plugins = ["tests.support.listeners"]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database for this run, dropped at the end, so leftovers of another run never matter."""
    with own_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def migrated_url(database_url: str) -> str:
    db = Database(database_url)
    try:
        db.upgrade()
    finally:
        db.dispose()
    return database_url


@pytest.fixture
def db(migrated_url: str) -> Iterator[Database]:
    """The run's database, emptied after each test."""
    database = Database(migrated_url)
    try:
        yield database
    finally:
        with database.engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
        database.dispose()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def http_bot(db: Database, fake_slack: FakeSlack) -> Iterator[BotUnderTest]:
    bot = start_http_bot(db, fake_slack)
    try:
        yield bot
    finally:
        bot.stop()


@pytest.fixture
def socket_bot(db: Database, fake_slack: FakeSlack) -> Iterator[BotUnderTest]:
    bot = start_socket_bot(db, fake_slack)
    try:
        yield bot
    finally:
        bot.stop()


@pytest.fixture(params=["http", "socket"])
def bot(request: pytest.FixtureRequest, db: Database, fake_slack: FakeSlack) -> Iterator[BotUnderTest]:
    """The same bot driven both ways Slack drives it: signed HTTP requests and Socket Mode envelopes."""
    start = start_http_bot if request.param == "http" else start_socket_bot
    bot = start(db, fake_slack)
    try:
        yield bot
    finally:
        bot.stop()


@pytest.fixture(scope="session")
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
