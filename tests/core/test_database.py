"""The schema: migrations reach head on the engine under test, and the models match them exactly."""

from __future__ import annotations

import threading

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select

from bot.core.db import Database, alembic_config, include_object
from bot.ideas import pitches
from bot.ideas.pitches import PitchDraft
from models import Base, Idea


def test_migrations_reach_head(db: Database) -> None:
    head = ScriptDirectory.from_config(alembic_config(db.url)).get_current_head()
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head
    db.upgrade()  # a second run finds nothing to do


def test_models_and_migrations_do_not_drift(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_every_table_belongs_to_a_workspace(db: Database) -> None:
    tables = inspect(db.engine).get_table_names()
    # Outside the models: the search indexes, Alembic's version and APScheduler's jobs (ids name the team).
    assert not [
        t
        for t in tables
        if t not in Base.metadata.tables
        and not t.startswith(("ideas_fts", "learnings_fts", "alembic", "apscheduler"))
    ]
    for table in Base.metadata.sorted_tables:
        assert table.name in tables
        # An install's state is made before anyone knows which workspace will be chosen.
        if table.name != "slack_oauth_states":
            assert "team_id" in table.columns, f"{table.name} has no team_id"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(db: Database) -> None:
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_pitches_submitted_at_once_get_distinct_numbers(db: Database) -> None:
    failures: list[BaseException] = []

    def pitch(i: int) -> None:
        try:
            with db.session() as session:
                pitches.create_pitch(
                    session,
                    team_id="T1",
                    author_id=f"U{i}",
                    draft=PitchDraft(title=f"n{i}"),
                    origin_channel_id="C1",
                )
        except BaseException as exc:  # said below, where the test can show it
            failures.append(exc)

    with db.session() as session:
        from bot.core.workspace_settings import ensure_workspace

        ensure_workspace(session, "T1")
    threads = [threading.Thread(target=pitch, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [], "every pitch is kept, however many come at once"
    with db.session() as session:
        numbers = sorted(session.scalars(select(Idea.number)))
    assert numbers == list(range(1, 21))


def test_a_perspective_is_counted_once_per_message(db: Database) -> None:
    with db.session() as session:
        idea = pitches.create_pitch(
            session, team_id="T1", author_id="U1", draft=PitchDraft(title="x"), origin_channel_id="C1"
        )
        first = pitches.add_perspective(
            session, team_id="T1", idea_id=idea.id, user_id="U2", message_ts="9.1", source="thread"
        )
        again = pitches.add_perspective(
            session, team_id="T1", idea_id=idea.id, user_id="U2", message_ts="9.1", source="thread"
        )
    assert (first, again) == (True, False)
    with db.session() as session:
        assert pitches.get(session, "T1", idea.id).perspectives == 1
