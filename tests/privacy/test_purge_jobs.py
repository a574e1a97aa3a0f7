"""Purging a workspace deletes its scheduled jobs too, every kind of them, and no other workspace's."""

from __future__ import annotations

from sqlalchemy import column, delete, insert, select
from sqlalchemy import table as table_named

from bot.core.db import ONE_OFF_JOBS, SCHEDULER_TABLE, WORKSPACE_JOBS, Database
from bot.privacy import purge

GONE, STAYING = "T0GONE", "T0STAYING"
jobs = table_named(SCHEDULER_TABLE, column("id"), column("next_run_time"), column("job_state"))


def test_purging_a_workspace_deletes_every_job_of_its_own_and_keeps_the_others(db: Database) -> None:
    ids = [f"{kind}:{team}" for kind in WORKSPACE_JOBS + ONE_OFF_JOBS for team in (GONE, STAYING)]
    with db.session() as session:
        session.execute(insert(jobs), [{"id": i, "next_run_time": 0.0, "job_state": b"x"} for i in ids])
    try:
        with db.session() as session:
            purge.purge(session, GONE)
        with db.read() as session:
            # Only this test's jobs: other tests' schedulers may have left theirs in the table.
            left = set(session.scalars(select(jobs.c.id).where(jobs.c.id.in_(ids))))
        assert left == {i for i in ids if i.endswith(STAYING)}
        assert f"gatherings:{STAYING}" in left and f"gatherings:{GONE}" not in left
    finally:
        with db.session() as session:
            session.execute(delete(jobs).where(jobs.c.id.in_(ids)))
