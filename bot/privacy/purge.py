"""Deleting everything of one workspace (`purge --team T`), after the app was uninstalled there.

Every table of the app has a `team_id` (tests/core/test_database.py keeps it so), so walking the models
finds all of it; the search indexes follow their tables by trigger or by column, and the scheduled
jobs are named after the workspace.
"""

from __future__ import annotations

from sqlalchemy import Table, column, delete, func, select
from sqlalchemy import table as table_named
from sqlalchemy.orm import Session

from bot.core.db import ONE_OFF_JOBS, SCHEDULER_TABLE, WORKSPACE_JOBS, rows_changed
from models import Base

JOB_KINDS = WORKSPACE_JOBS + ONE_OFF_JOBS


def _tables() -> list[Table]:
    # Children before parents, so foreign keys never stand in the way.
    return [t for t in reversed(Base.metadata.sorted_tables) if "team_id" in t.c]


def rows_of(session: Session, team_id: str) -> dict[str, int]:
    """How many rows each table holds for the workspace (tables with none left out)."""
    counts = {
        table.name: session.scalar(select(func.count()).select_from(table).where(table.c.team_id == team_id))
        for table in _tables()
    }
    return {name: count for name, count in counts.items() if count}


def purge(session: Session, team_id: str) -> dict[str, int]:
    """Delete every row of the workspace in every table, and its scheduled jobs; rows per table."""
    deleted: dict[str, int] = {}
    for table in _tables():
        count = rows_changed(session.execute(delete(table).where(table.c.team_id == team_id)))
        if count:
            deleted[table.name] = count
    # APScheduler's own table (migration 0005): a running scheduler drops them too at its next resync.
    jobs = table_named(SCHEDULER_TABLE, column("id"))
    session.execute(delete(jobs).where(jobs.c.id.in_([f"{kind}:{team_id}" for kind in JOB_KINDS])))
    return deleted
