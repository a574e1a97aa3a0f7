"""The weekly stats post: what it says, the chart, at most once per week and channel, and the scheduler."""

from __future__ import annotations

import io
import logging
import threading
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from PIL import Image
from sqlalchemy import select

from bot.core import scheduler, weeks
from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.core.scheduler import Scheduler
from bot.core.weeks import Week
from bot.core.workspace_settings import ensure_workspace, load, set_value
from bot.ideas import pitches
from bot.ideas.pitches import PitchDraft
from bot.pulse import activity, chart, counts, stats, stats_posting
from models import Idea, StatsPost, utcnow
from tests.support.fake_slack import FakeSlack
from tests.support.harness import make_settings, wait_until
from tests.support.views_check import assert_valid_message

TEAM = "T0TEAM001"  # the fake Slack's own workspace
STATS_CHANNEL = "C0STATS001"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def rt(db: Database, fake_slack: FakeSlack):
    runtime = Runtime.create(make_settings(fake_slack, db.url, socket_mode=True), db)
    with db.session() as session:
        ensure_workspace(session, TEAM)
        set_value(session, TEAM, "stats_channel", STATS_CHANNEL)
    yield runtime
    if runtime.scheduler is not None:
        runtime.scheduler.shutdown()
    runtime.member_sync.shutdown()
    runtime.recorder.close()


def last_week(db: Database) -> Week:
    with db.read() as session:
        zone = load(session, TEAM).zone
    return Week.current(zone).previous()


def a_busier_week_than_the_one_before(db: Database, week: Week) -> None:
    zone = week.start.tzinfo
    with db.session() as session:
        for user in ("U0A0000001", "U0B0000001", "U0C0000001"):
            activity.add(session, TEAM, user, "messages", week.start + timedelta(days=1), zone)
        activity.add(
            session, TEAM, "U0A0000001", "reactions", week.previous().start + timedelta(days=2), zone
        )
        idea = pitches.create_pitch(
            session,
            team_id=TEAM,
            author_id="U0A0000001",
            draft=PitchDraft(title="Tool library"),
            origin_channel_id=None,
        )
        pitches.record_post(
            session, team_id=TEAM, idea_id=idea.id, channel_id="C0IDEAS001", message_ts="1700000002.000100"
        )
        session.get(Idea, idea.id).created_at = week.start + timedelta(days=2)


def test_the_weekly_post_shows_the_week_against_the_one_before_with_a_chart(rt, fake_slack, db) -> None:
    week = last_week(db)
    a_busier_week_than_the_one_before(db, week)

    outcome = stats_posting.post_week(db, rt.client, TEAM, week)

    assert outcome.posted and outcome.week == week.label
    (post,) = fake_slack.calls_to("chat.postMessage")
    assert post.params["channel"] == STATS_CHANNEL
    blocks = post.json("blocks")
    assert_valid_message(post.params["text"], blocks)
    shown = str(blocks)
    assert week.label in shown
    assert "▲ 3 more than the week before" in shown  # three active commenters against none
    assert "▼ 1 fewer than the week before" in shown  # no reactions against one
    assert "#1 Tool library" in shown and "archives/C0IDEAS001/p1700000002000100" in shown
    assert "floor, not a census" in shown

    (upload,) = fake_slack.calls_to("files.completeUploadExternal")
    assert upload.params["channel_id"] == STATS_CHANNEL
    (png,) = fake_slack.uploads.values()
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        image.verify()
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (800, 450)


def test_the_post_speaks_the_workspace_language(rt, fake_slack, db) -> None:
    with db.session() as session:
        set_value(session, TEAM, "language", "fi")
    stats_posting.post_week(db, rt.client, TEAM)
    (post,) = fake_slack.calls_to("chat.postMessage")
    assert "Viikko" in post.params["text"]


def test_a_week_is_posted_once_per_channel_unless_forced(rt, fake_slack, db) -> None:
    first = stats_posting.post_week(db, rt.client, TEAM)
    again = stats_posting.post_week(db, rt.client, TEAM)
    assert (first.result, again.result) == ("posted", "already_posted")
    assert len(fake_slack.calls_to("chat.postMessage")) == 1

    forced = stats_posting.post_week(db, rt.client, TEAM, force=True)
    assert forced.posted and len(fake_slack.calls_to("chat.postMessage")) == 2


def test_two_processes_posting_at_the_same_moment_post_once(rt, fake_slack, db) -> None:
    # Each "process" has its own engine and connections, as two replicas would.
    others = [Database(db.url) for _ in range(4)]
    start = threading.Barrier(len(others))
    outcomes: list[str] = []

    def post(database: Database) -> None:
        start.wait()
        outcomes.append(stats_posting.post_week(database, rt.client, TEAM).result)

    threads = [threading.Thread(target=post, args=(database,)) for database in others]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for database in others:
        database.dispose()

    # The others find the week taken: posted already, or still being posted.
    assert outcomes.count("posted") == 1
    assert set(outcomes) - {"posted"} <= {"already_posted", "claimed_unconfirmed"}
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_stats_channel_the_bot_is_not_in_is_not_claimed_and_is_retried(rt, fake_slack, db, caplog) -> None:
    Scheduler(rt).start(read_members_now=False)
    fake_slack.error_next("chat.postMessage", "not_in_channel")
    with caplog.at_level(logging.WARNING, logger="bot.core.scheduler"):
        scheduler.weekly_stats(TEAM)
    assert "/invite @Think Tank" in caplog.text
    assert not fake_slack.calls_to("files.completeUploadExternal")
    with db.read() as session:
        assert session.scalars(select(StatsPost)).all() == []

    # Once someone invites the bot, the next run posts the week.
    assert stats_posting.post_week(db, rt.client, TEAM).posted


def test_a_post_cut_short_is_not_posted_again_by_itself(rt, fake_slack, db) -> None:
    # Slack answers 500 every time: the message may or may not have gone out, so no second try.
    for _ in range(5):
        fake_slack.fail_next("chat.postMessage", 500)
    assert stats_posting.post_week(db, rt.client, TEAM).result == "unconfirmed"
    assert stats_posting.post_week(db, rt.client, TEAM).result == "claimed_unconfirmed"


def test_without_a_stats_channel_nothing_is_posted_and_the_log_says_why(rt, fake_slack, db, caplog) -> None:
    with db.session() as session:
        set_value(session, TEAM, "stats_channel", "none")
    Scheduler(rt).start(read_members_now=False)
    with caplog.at_level(logging.WARNING, logger="bot.core.scheduler"):
        scheduler.weekly_stats(TEAM)
    assert "No stats channel is set" in caplog.text
    assert not fake_slack.calls_to("chat.postMessage")


def test_a_chart_that_cannot_be_uploaded_leaves_the_post_in_place(rt, fake_slack, db) -> None:
    fake_slack.error_next("files.getUploadURLExternal", "not_allowed_token_type")
    assert stats_posting.post_week(db, rt.client, TEAM).posted
    assert stats_posting.post_week(db, rt.client, TEAM).result == "already_posted"


def test_the_chart_is_labelled_in_the_workspace_language_and_tells_series_apart_without_colour(db) -> None:
    week = Week.current(ZoneInfo("Europe/Helsinki"))
    with db.read() as session:
        points = stats.chart_series(session, TEAM, week)
    figure = chart.build_figure(points, translator("fi"))
    (axes,) = figure.axes
    legend = [text.get_text() for text in axes.get_legend().get_texts()]
    assert legend == ["Jäsenet", "Aktiiviset kommentoijat", "Kävijät", "Näkökulmat"]
    assert len(points) == 12 and points[-1].week == week
    lines = axes.get_lines()
    assert len({line.get_linestyle() for line in lines}) == 4
    assert len({line.get_marker() for line in lines}) == 4


# ---------------------------------------------------------------------- the scheduler


def job_ids(sched: Scheduler) -> set[str]:
    return {job.id for job in sched.jobs.get_jobs()}


def test_jobs_have_fixed_ids_and_follow_the_workspace_schedule_and_zone(rt, db) -> None:
    with db.session() as session:
        set_value(session, TEAM, "timezone", "Europe/Helsinki")
        set_value(session, TEAM, "stats_schedule", "fri 16:30")
    sched = Scheduler(rt)
    sched.start(read_members_now=False)
    assert job_ids(sched) == {
        "housekeeping",
        "resync",
        f"stats:{TEAM}",
        f"members:{TEAM}",
        f"reminders:{TEAM}",
        f"pairing:{TEAM}",
        f"gatherings:{TEAM}",
        f"learnings:{TEAM}",
        f"digests:{TEAM}",
    }
    reminders_due = sched.jobs.get_job(f"reminders:{TEAM}").next_run_time
    assert (reminders_due.minute, reminders_due - utcnow() <= timedelta(hours=1)) == (5, True), "hourly"
    job = sched.jobs.get_job(f"stats:{TEAM}")
    due = job.next_run_time.astimezone(ZoneInfo("Europe/Helsinki"))
    assert (due.strftime("%a %H:%M"), str(job.trigger.timezone)) == ("Fri 16:30", "Europe/Helsinki")

    # A new schedule reaches the job; starting again replaces the jobs rather than adding more.
    with db.session() as session:
        set_value(session, TEAM, "stats_schedule", "mon 08:15")
    sched.sync_jobs()
    due = sched.jobs.get_job(f"stats:{TEAM}").next_run_time.astimezone(ZoneInfo("Europe/Helsinki"))
    assert due.strftime("%a %H:%M") == "Mon 08:15"
    sched.shutdown()
    again = Scheduler(rt)
    again.start(read_members_now=False)
    assert job_ids(again) == {
        "housekeeping",
        "resync",
        f"stats:{TEAM}",
        f"members:{TEAM}",
        f"reminders:{TEAM}",
        f"pairing:{TEAM}",
        f"gatherings:{TEAM}",
        f"learnings:{TEAM}",
        f"digests:{TEAM}",
    }


def make_the_stats_job_overdue(rt: Runtime, by: timedelta) -> None:
    """As if the bot had been down when the job was due."""
    sched = Scheduler(rt)
    sched.start(read_members_now=False)
    sched.jobs.pause()
    sched.jobs.modify_job(f"stats:{TEAM}", next_run_time=utcnow() - by)
    sched.shutdown()


def test_a_run_missed_while_the_bot_was_down_is_caught_up_once(rt, fake_slack, db) -> None:
    # Down for two weeks and a day: two runs missed, one post (coalesced), of the week last due.
    make_the_stats_job_overdue(rt, timedelta(days=15))
    sched = Scheduler(rt)
    ran = job_runs(sched)
    sched.start(read_members_now=False)
    (post,) = fake_slack.wait_for("chat.postMessage")
    assert weeks.week_due("mon 09:00", ZoneInfo("UTC")).label in post.params["text"]
    # APScheduler reports a run once all the run times it was handed are done: a missed run that
    # was not coalesced would have posted again before this.
    assert ran.wait(10), "the stats job did not report its run"
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert sched.jobs.get_job(f"stats:{TEAM}").next_run_time > utcnow()


def test_two_schedulers_catching_up_at_once_post_once(rt, fake_slack, db, monkeypatch) -> None:
    make_the_stats_job_overdue(rt, timedelta(hours=2))
    second_db = Database(db.url)
    second = Runtime.create(rt.settings, second_db)
    first_scheduler, second_scheduler = Scheduler(rt), Scheduler(second)
    looked = stores_that_looked_for_due_jobs(monkeypatch)
    try:
        first_scheduler.start(read_members_now=False)
        second_scheduler.start(read_members_now=False)
        fake_slack.wait_for("chat.postMessage")
        # Both have looked for due jobs and handed what they found to their workers; stopping them
        # waits for those workers, so any second post would be in by then.
        wait_until(lambda: len(looked) >= 2, message="both schedulers looking for due jobs")
        first_scheduler.shutdown()
        second_scheduler.shutdown()
        assert len(fake_slack.calls_to("chat.postMessage")) == 1
    finally:
        second_scheduler.shutdown()
        second.close()


def job_runs(sched: Scheduler, job_id: str = f"stats:{TEAM}") -> threading.Event:
    """Set when APScheduler reports that a run of the job has finished (well or badly)."""
    finished = threading.Event()

    def listener(event: JobExecutionEvent) -> None:
        if event.job_id == job_id:
            finished.set()

    sched.jobs.add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    return finished


def stores_that_looked_for_due_jobs(monkeypatch: pytest.MonkeyPatch) -> set[int]:
    """The job stores (one per scheduler) that have finished a pass over their due jobs.

    APScheduler asks its store for the next run time at the end of every pass, after the due jobs
    are handed to its workers; that call is the signal.
    """
    looked: set[int] = set()
    next_run_time = SQLAlchemyJobStore.get_next_run_time

    def noting(store: SQLAlchemyJobStore):  # type: ignore[no-untyped-def]
        looked.add(id(store))
        return next_run_time(store)

    monkeypatch.setattr(SQLAlchemyJobStore, "get_next_run_time", noting)
    return looked


def test_a_failing_job_logs_and_the_scheduler_goes_on(rt, db, monkeypatch, caplog) -> None:
    sched = Scheduler(rt)
    sched.start(read_members_now=False)

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(stats_posting, "post_week", broken)
    with caplog.at_level(logging.ERROR, logger="bot.core.scheduler"):
        scheduler.weekly_stats(TEAM)
    assert "will run again at its next time" in caplog.text
    assert sched.jobs.running and f"stats:{TEAM}" in job_ids(sched)


def test_an_uninstalled_workspace_has_no_jobs(rt, db) -> None:
    from bot.core.workspace_settings import mark_uninstalled

    sched = Scheduler(rt)
    sched.start(read_members_now=False)
    with db.session() as session:
        mark_uninstalled(session, TEAM)
    sched.sync_jobs()
    assert job_ids(sched) == {"housekeeping", "resync"}


def test_the_member_list_is_read_page_by_page(rt, fake_slack, db, monkeypatch) -> None:
    monkeypatch.setattr("bot.slack.member_sync.SYNC_PAGE_SIZE", 2)
    for number in range(5):
        fake_slack.add_user(f"U0PERSON0{number}")
    fake_slack.add_user("U0GONE0001", deleted=True)
    fake_slack.add_user("U0ROBOT001", is_bot=True)

    assert rt.member_sync.sync_all(rt.client, TEAM) == 7
    assert len(fake_slack.calls_to("users.list")) == 4
    with db.read() as session:
        got = stats.weekly(session, TEAM, Week.current(ZoneInfo("UTC")))
    # Already there when first read: members, not new ones.
    assert (got["members"], got["new_members"]) == (5, 0)

    # Someone who turns up after the list was read has joined since.
    fake_slack.add_user("U0NEWCOMER")
    rt.member_sync.sync_all(rt.client, TEAM)
    with db.read() as session:
        got = stats.weekly(session, TEAM, Week.current(ZoneInfo("UTC")))
    assert (got["members"], got["new_members"]) == (6, 1)


def test_the_bot_reads_the_member_list_when_it_starts(rt, fake_slack, db) -> None:
    fake_slack.add_user("U0PERSON01")
    Scheduler(rt).start()
    wait_until(lambda: fake_slack.calls_to("users.list"), message="users.list at start")


def test_a_failure_before_slack_is_asked_leaves_the_week_unclaimed(rt, fake_slack, db, monkeypatch) -> None:
    def locked(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(stats, "chart_series", locked)
    with pytest.raises(RuntimeError):
        stats_posting.post_week(db, rt.client, TEAM)
    monkeypatch.undo()
    assert stats_posting.post_week(db, rt.client, TEAM).posted


def test_an_account_deleted_before_the_bot_came_was_never_a_member(rt, fake_slack, db) -> None:
    fake_slack.add_user("U0PRESENT1")
    fake_slack.add_user("U0LONGGONE", deleted=True)
    rt.member_sync.sync_all(rt.client, TEAM)
    # Deleted later: a member until then.
    rt.member_sync.apply(TEAM, {"id": "U0PRESENT1", "deleted": True})
    with db.read() as session:
        assert counts.members_at(session, TEAM, utcnow() - timedelta(days=30)) == 1
        assert counts.members_at(session, TEAM, utcnow() + timedelta(seconds=1)) == 0
