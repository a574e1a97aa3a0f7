"""Alembic environment: runs on the connection the app hands over, or on `sqlalchemy.url`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from bot.core.db import include_object, make_engine
from models import Base

config = context.config
target_metadata = Base.metadata


def run(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Several replicas may start together; one migrates while the others wait, then find nothing to do.
        connection.execute(text("SELECT pg_advisory_xact_lock(7211853)"))
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with engine.begin() as conn:
            run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
