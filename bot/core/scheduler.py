"""Scheduled jobs: the weekly stats post, facilitators' reminders and check-ins, pairing rounds,
asking for experiments' learnings, the daily digests of what members follow, reading the member list,
housekeeping.

APScheduler keeps the jobs in the app's own database (SQLAlchemy job store), so a run missed while
the bot was down is caught up once when it starts again (coalesced; misfire grace of a week).
Every job has a fixed id and is per workspace, at the workspace's schedule and in its zone.

Only one process should run the scheduler (`THINKTANK_SCHEDULER=off` on the others); if two do,
each job may run in both, and what a job does is safe twice over: the stats post claims its week
in the database before posting, the member list read is idempotent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient

from bot.core import workspace_settings
from bot.core.db import SCHEDULER_TABLE, WORKSPACE_JOBS
from bot.core.i18n import operator_translator
from bot.core.runtime import Runtime
from bot.facilitation import reminders
from bot.gatherings import run as gatherings_run
from bot.ideas import digest_run, learning_run
from bot.pairing import run as pairing_run
from bot.pulse import activity, stats_posting
from bot.pulse.views.stats import stats_not_posted

log = logging.getLogger(__name__)

# A week: the latest missed run of a weekly job is always less than a week old, so it is caught up.
MISFIRE_GRACE = timedelta(days=7)
# Settings changed from another process (`settings set`) reach the jobs within this time.
RESYNC_EVERY = timedelta(minutes=5)
REMINDERS_AT_MINUTE = 5
PAIRING_AT_MINUTE = 10
# Hourly too: each follower's digest goes in their own working hours, whatever their zone.
DIGESTS_AT_MINUTE = 15
GATHERINGS_EVERY = "*/5"
# Experiments' authors are asked for their learning on the day it is due, within their working hours.
LEARNINGS_AT_MINUTE = 30
MEMBERS_AT = (3, 17)  # hour and minute in the workspace zone: a quiet time to read the member list

# Stored jobs name their function by reference ("bot.core.scheduler:weekly_stats"), not by object, so
# they find the running bot here.
_runtime: Runtime | None = None


def _job(name: str, body: Callable[[Runtime], Any]) -> None:
    rt = _runtime
    if rt is None:
        log.warning("job %s ran with no bot running; skipped", name)
        return
    try:
        body(rt)
    except NoToken as exc:
        log.warning("job %s skipped: workspace %s has no bot token (uninstalled?)", name, exc)
    except Exception:
        # A failing job logs and runs again at its next time; it never stops the process.
        log.exception("job %s failed; it will run again at its next time", name)


class NoToken(Exception):
    """The workspace has no bot token now: its jobs wait for a reinstall."""


def _client(rt: Runtime, team_id: str) -> WebClient:
    client = rt.client_for(team_id)
    if client is None:
        raise NoToken(team_id)
    return client


def weekly_stats(team_id: str) -> None:
    def body(rt: Runtime) -> None:
        client = _client(rt, team_id)
        outcome = stats_posting.post_week(rt.db, client, team_id)
        if stats_posting.left_unconfirmed(outcome):
            # The post may or may not be out, and nobody will look unless told: the log says it
            # loudly each run, and the admins hear it once, with the fix.
            stats_posting.report_unconfirmed(rt.db, client, team_id, outcome)
        elif outcome.result == "claimed_unconfirmed":
            log.info("weekly stats %s of %s are being posted by another process", outcome.week, team_id)
        elif outcome.refused:
            reason = stats_not_posted(operator_translator(), outcome.channel_id, outcome.result, outcome.week)
            log.warning("weekly stats %s of %s not posted: %s", outcome.week, team_id, reason)

    _job(f"stats:{team_id}", body)


def remind(team_id: str) -> None:
    def body(rt: Runtime) -> None:
        client = _client(rt, team_id)

        def read_profiles(user_ids: list[str]) -> None:
            for user_id in user_ids:
                rt.member_sync.refresh_now(client, team_id, user_id)

        report = reminders.run(rt.db, client, team_id, scheduled=True, read_profiles=read_profiles)
        if report.sent or report.checkins_asked or report.checkins_reminded:
            log.info(
                "reminders for %s: %s digest(s), %s check-in(s) asked, %s reminded",
                team_id,
                len(report.sent),
                len(report.checkins_asked),
                len(report.checkins_reminded),
            )

    _job(f"reminders:{team_id}", body)


def pair(team_id: str) -> None:
    def body(rt: Runtime) -> None:
        report = pairing_run.run(rt.db, _client(rt, team_id), team_id, scheduled=True)
        if report.made or report.heads_up or report.intros_sent or report.followups_sent:
            log.info(
                "pairing for %s: %s group(s) made, %s heads-up(s), %s introduced, %s asked",
                team_id,
                len(report.made.groups) if report.made else 0,
                len(report.heads_up),
                report.intros_sent,
                report.followups_sent,
            )

    _job(f"pairing:{team_id}", body)


def gatherings_pass(team_id: str) -> None:
    def body(rt: Runtime) -> None:
        report = gatherings_run.run(rt, _client(rt, team_id), team_id)
        if report.announced or report.reminded:
            log.info(
                "gatherings of %s: %s announced, %s reminded",
                team_id,
                len(report.announced),
                len(report.reminded),
            )

    _job(f"gatherings:{team_id}", body)


def ask_for_learnings(team_id: str) -> None:
    def body(rt: Runtime) -> None:
        report = learning_run.ask_due(rt, _client(rt, team_id), team_id)
        if report.asked or report.not_sent:
            log.info(
                "learnings of %s: %s author(s) asked, %s to ask again",
                team_id,
                len(report.asked),
                len(report.not_sent),
            )

    _job(f"learnings:{team_id}", body)


def send_digests(team_id: str) -> None:
    def body(rt: Runtime) -> None:
        sent = digest_run.send_digests(rt, team_id)
        if sent:
            log.info("digests of %s: %s sent", team_id, sent)

    _job(f"digests:{team_id}", body)


def read_members(team_id: str) -> None:
    _job(f"members:{team_id}", lambda rt: rt.member_sync.sync_all(_client(rt, team_id), team_id))


def housekeeping() -> None:
    def body(rt: Runtime) -> None:
        with rt.db.session() as session:
            activity.forget_old_event_ids(session)
        report_left_behind(rt)

    _job("housekeeping", body)


def report_left_behind(rt: Runtime) -> None:
    """Weekly posts cut short (a crash between claim and confirmation), whatever the week: APScheduler
    has moved each workspace's next run on before the job ended, so the week's own run never sees a
    killed week again. Each is logged as an error, and the admins told once."""
    for team_id, outcome in stats_posting.claims_left_behind(rt.db):
        client = rt.client_for(team_id)
        if client is None:
            log.warning("weekly stats %s of %s left unconfirmed; no bot token to tell", outcome.week, team_id)
            continue
        try:
            stats_posting.report_unconfirmed(rt.db, client, team_id, outcome)
        except Exception:
            log.exception("could not report the unconfirmed weekly stats %s of %s", outcome.week, team_id)


def resync() -> None:
    _job("resync", lambda rt: rt.scheduler.sync_jobs() if rt.scheduler else None)


def stats_trigger(schedule: str, timezone: str) -> CronTrigger:
    day, hour, minute = workspace_settings.schedule_parts(schedule)
    return CronTrigger(day_of_week=day, hour=hour, minute=minute, timezone=timezone)


def reminders_trigger(timezone: str) -> CronTrigger:
    # Hourly: each facilitator is written to within their own working hours, whatever their zone.
    return CronTrigger(minute=REMINDERS_AT_MINUTE, timezone=timezone)


def pairing_trigger(timezone: str) -> CronTrigger:
    # Hourly: heads-ups, rounds (10:00 in the workspace zone) and follow-ups go out within the hour.
    return CronTrigger(minute=PAIRING_AT_MINUTE, timezone=timezone)


def gatherings_trigger(timezone: str) -> CronTrigger:
    # Every few minutes: a reminder is due an hour before, and the next week's gathering is
    # announced as this week's begins.
    return CronTrigger(minute=GATHERINGS_EVERY, timezone=timezone)


def learnings_trigger(timezone: str) -> CronTrigger:
    # Hourly: each author is asked within their own working hours, whatever their zone.
    return CronTrigger(minute=LEARNINGS_AT_MINUTE, timezone=timezone)


def digests_trigger(timezone: str) -> CronTrigger:
    return CronTrigger(minute=DIGESTS_AT_MINUTE, timezone=timezone)


def members_trigger(timezone: str) -> CronTrigger:
    return CronTrigger(hour=MEMBERS_AT[0], minute=MEMBERS_AT[1], timezone=timezone)


class Scheduler:
    def __init__(self, rt: Runtime) -> None:
        self._rt = rt
        self._sync_lock = threading.Lock()
        self._scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=rt.db.engine, tablename=SCHEDULER_TABLE)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(MISFIRE_GRACE.total_seconds()),
            },
            timezone="UTC",
        )

    @property
    def jobs(self) -> BackgroundScheduler:
        return self._scheduler

    def start(self, read_members_now: bool = True) -> None:
        global _runtime
        _runtime = self._rt
        self._rt.scheduler = self
        # Paused while the jobs are brought in line with the settings, so nothing runs half-set.
        self._scheduler.start(paused=True)
        self._scheduler.add_job(
            housekeeping, IntervalTrigger(hours=6), id="housekeeping", replace_existing=True
        )
        self._scheduler.add_job(
            resync, IntervalTrigger(seconds=RESYNC_EVERY.total_seconds()), id="resync", replace_existing=True
        )
        teams = self.sync_jobs()
        if read_members_now:
            for team_id in teams:
                self._scheduler.add_job(
                    read_members, args=[team_id], id=f"members-now:{team_id}", replace_existing=True
                )
        self._scheduler.resume()
        log.info("scheduler started for %s workspace(s)", len(teams))

    def sync_jobs(self) -> list[str]:
        """Each installed workspace's jobs at its own schedule and zone; uninstalled ones have none.

        Called from the resync job and from listeners (an install, an uninstall), perhaps at once:
        one at a time, so that two never remove or add the same job twice."""
        with self._sync_lock:
            return self._sync_jobs()

    def _sync_jobs(self) -> list[str]:
        with self._rt.db.read() as session:
            teams = workspace_settings.installed_team_ids(session)
            settings = {team_id: workspace_settings.load(session, team_id) for team_id in teams}
        wanted: dict[str, tuple[Callable[..., None], CronTrigger, str]] = {}
        for team_id, current in settings.items():
            wanted[f"stats:{team_id}"] = (
                weekly_stats,
                stats_trigger(current.stats_schedule, current.timezone),
                team_id,
            )
            wanted[f"members:{team_id}"] = (read_members, members_trigger(current.timezone), team_id)
            wanted[f"reminders:{team_id}"] = (remind, reminders_trigger(current.timezone), team_id)
            wanted[f"pairing:{team_id}"] = (pair, pairing_trigger(current.timezone), team_id)
            wanted[f"gatherings:{team_id}"] = (gatherings_pass, gatherings_trigger(current.timezone), team_id)
            wanted[f"learnings:{team_id}"] = (ask_for_learnings, learnings_trigger(current.timezone), team_id)
            wanted[f"digests:{team_id}"] = (send_digests, digests_trigger(current.timezone), team_id)
        for job in self._scheduler.get_jobs():
            if job.id.startswith(tuple(f"{kind}:" for kind in WORKSPACE_JOBS)) and job.id not in wanted:
                job.remove()
        for job_id, (func, trigger, team_id) in wanted.items():
            existing = self._scheduler.get_job(job_id)
            # An unchanged job is left alone: replacing it would move a missed run into the future.
            if existing is not None and _same_trigger(existing.trigger, trigger):
                continue
            self._scheduler.add_job(func, trigger, args=[team_id], id=job_id, replace_existing=True)
        return list(settings)

    def shutdown(self) -> None:
        global _runtime
        if self._scheduler.running:
            # APScheduler looks for due jobs once more while it stops, and a job it finds then is
            # marked done without running. Detached first, the store keeps such a job due, so the
            # next start catches it up. (Detaching also keeps it from disposing the app's engine.)
            self._scheduler.pause()
            self._scheduler.remove_jobstore("default", shutdown=False)
            self._scheduler.shutdown(wait=True)
        if _runtime is self._rt:
            _runtime = None
        self._rt.scheduler = None


def _same_trigger(old: Any, new: CronTrigger) -> bool:
    return str(old) == str(new) and str(getattr(old, "timezone", "")) == str(new.timezone)
