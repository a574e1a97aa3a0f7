"""The report's edges a review found untested: **Post to channel** when Slack answers with a 5xx (the
post, or the picture uploaded with it), and a period's figures as the sum of its weeks when it starts
and ends mid-week and crosses the autumn clock change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.weeks import Week, parse_period
from bot.pulse import period_report, stats
from bot.pulse.report_claims import PeriodKey
from bot.pulse.views.report import report_posted, report_posted_without_picture
from models import Gathering, ReportPost
from tests.pulse.test_report_period import (
    HELSINKI,
    STATS_CHANNEL,
    TEAM,
    Community,
    press,
    some_weeks_in_slack,
)
from tests.support.harness import BotUnderTest

PERIOD = str(PeriodKey(date(2026, 10, 5), date(2026, 11, 15)))
CARD_UPLOAD = ("files.getUploadURLExternal", "files.completeUploadExternal")


def the_claim(bot: BotUnderTest) -> list[tuple[str, bool]]:
    """The period's claims: (period, whether Slack confirmed the post)."""
    with bot.db.read() as session:
        rows = session.execute(select(ReportPost.period, ReportPost.posted_at)).all()
    return [(period, posted_at is not None) for period, posted_at in rows]


# ---------------------------------------------------------------------- Post to channel, and a 5xx


# 500 and 503 are the ones slack_sdk's own handler would repeat; 504 comes from a proxy.
@pytest.mark.parametrize("status", [500, 503, 504])
def test_a_post_slack_answers_with_a_5xx_is_not_repeated_and_the_facilitator_hears_it_may_be_there(
    bot: BotUnderTest, status: int
) -> None:
    some_weeks_in_slack(bot)
    # Slack stores the card and answers with a 5xx: nobody can tell whether it is in the channel.
    bot.fake.queue("chat.postMessage", None, status=status)

    said = press(bot, PERIOD)

    assert len(bot.fake.calls_to("chat.postMessage")) == 1, "a post is never repeated after a 5xx"
    assert f"Slack failed while the card was being posted to <#{STATS_CHANNEL}>" in said
    assert "may be there already" in said
    # The picture goes with a post known to be out, so not with this one.
    assert all(bot.fake.calls_to(method) == [] for method in CARD_UPLOAD)
    # The claim is kept (the card may be out), unconfirmed.
    assert the_claim(bot) == [(PERIOD, False)]

    again = press(bot, PERIOD, name="again")

    # Pressed again, it does what the claim says: the card may be out, so it is not posted again.
    assert f"posted to <#{STATS_CHANNEL}> already" in again
    assert len(bot.fake.calls_to("chat.postMessage")) == 1
    assert all(bot.fake.calls_to(method) == [] for method in CARD_UPLOAD)


def test_a_card_upload_slack_answers_with_a_5xx_is_not_repeated_and_the_post_stands(
    bot: BotUnderTest,
) -> None:
    some_weeks_in_slack(bot)
    bot.fake.fail_next("files.completeUploadExternal", status=503)

    said = press(bot, PERIOD)

    (posted,) = bot.fake.calls_to("chat.postMessage")
    assert posted.ok and posted.params["channel"] == STATS_CHANNEL
    (completed,) = bot.fake.calls_to("files.completeUploadExternal")
    assert completed.status == 503, "sharing the file is not repeated after a 5xx"
    assert f"<#{STATS_CHANNEL}>" in said
    assert the_claim(bot) == [(PERIOD, True)]

    again = press(bot, PERIOD, name="again")

    assert "already" in again
    assert len(bot.fake.calls_to("chat.postMessage")) == 1
    assert len(bot.fake.calls_to("files.completeUploadExternal")) == 1


def test_the_facilitator_is_told_when_the_picture_did_not_go_with_the_post(bot: BotUnderTest) -> None:
    some_weeks_in_slack(bot)
    bot.fake.fail_next("files.completeUploadExternal", status=503)

    said = press(bot, PERIOD)

    assert said != report_posted(translator("en"), STATS_CHANNEL), "the answer of a complete post"
    assert said == report_posted_without_picture(translator("en"), STATS_CHANNEL)
    assert len(bot.fake.calls_to("chat.postMessage")) == 1, "the post stands, once"


# ---------------------------------------------------------------------- the period and its weeks

# From Wednesday 21 October 2026 (2026-W43) to Wednesday 4 November 2026 (2026-W45): the clocks go back
# on the night of Sunday 25 October, from 04:00 summer time (UTC+3) to 03:00 (UTC+2).
FROM, TO = date(2026, 10, 21), date(2026, 11, 4)
FIRST_WEEK, LAST_WEEK = Week.containing(FROM, HELSINKI), Week.containing(TO, HELSINKI)
COUNTED = (
    "ideas_total",
    "pairs_met",
    "learnings_shared",
    "supports",
    "challenge_answers",
    "gatherings",
    "attendees",
)


def local(day: date, hour: int, minute: int = 0, *, fold: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI, fold=fold).astimezone(UTC)


def moments_at_every_edge() -> list[datetime]:
    """Just outside and just inside each end, either side of the week boundaries, and the clock change's
    night (the hour 03:00 to 04:00 happens twice: `fold` 1 is its second time)."""
    return [
        local(FROM - timedelta(days=1), 23, 59),  # Tuesday: before the period, in its first week
        local(FROM, 0, 0),  # its first moment
        local(date(2026, 10, 25), 3, 30),  # the night of the change, the first 03:30 (summer time)
        local(date(2026, 10, 25), 3, 30, fold=1),  # and the second 03:30 (winter time)
        local(date(2026, 10, 25), 23, 30),  # Sunday's last hour, an hour later in UTC than a week before
        local(date(2026, 10, 26), 0, 0),  # Monday, the next week
        local(date(2026, 11, 1), 23, 59),
        local(TO, 23, 59),  # its last minute
        local(TO + timedelta(days=1), 0, 0),  # Thursday: after it, in its last week
    ]


def something_at_each(db: Database, moments: list[datetime]) -> None:
    """At each moment: an idea answering a challenge, support for it, a learning, a pair that met, and
    a gathering two came to; and a cancelled gathering, which counts for nothing."""
    with db.session() as session:
        c = Community(session)
        challenge = c.pitch("How do we reach the young?", local(date(2026, 9, 1), 12))
        for n, when in enumerate(moments):
            idea = c.pitch(f"Idea {n}", when, answers=challenge)
            c.supports(idea, f"U0FAN{n:05d}", when)
            c.learning(when)
            c.pair_met(when)
            c.active(f"U0PERSON{n:02d}", when)
            for cancelled in (None, when):
                session.add(
                    Gathering(
                        team_id=TEAM,
                        organiser_id="U0ORGAN001",
                        title=f"Gathering {n}",
                        place="Kallio",
                        starts_at=when,
                        channel_id="C0MEET0001",
                        attendance=2,
                        cancelled_at=cancelled,
                    )
                )


def counts(figures: dict[str, Any]) -> dict[str, int]:
    """The report's counts, or a week's under the report's names (a week's new ideas are its ideas)."""
    return {
        key: figures["ideas_new" if key == "ideas_total" and "ideas_new" in figures else key]
        for key in COUNTED
    }


def added(*many: dict[str, int]) -> dict[str, int]:
    return {key: sum(one[key] for one in many) for key in COUNTED}


def test_a_mid_week_period_across_the_autumn_change_is_its_days_and_its_whole_weeks(db: Database) -> None:
    moments = moments_at_every_edge()
    something_at_each(db, moments)
    now = local(date(2026, 12, 1), 12)

    def period(first: date, last: date) -> dict[str, int]:
        with db.read() as session:
            return counts(period_report.report(session, TEAM, HELSINKI, now=now, first=first, last=last))

    weeks = [FIRST_WEEK, Week.containing(date(2026, 10, 26), HELSINKI), LAST_WEEK]
    with db.read() as session:
        weekly = [counts(stats.weekly(session, TEAM, w)) for w in weeks]

    # Its weeks, Monday to Sunday, as `--from 2026-W43 --to 2026-W45` reads them: the sum of the weeks.
    assert parse_period("2026-W43", "2026-W45", HELSINKI, now.date()) == (
        FIRST_WEEK.monday,
        date(2026, 11, 8),
    )
    assert period(FIRST_WEEK.monday, LAST_WEEK.monday + timedelta(days=6)) == added(*weekly)
    # A mid-week date is that day: the period is the days it names of its first and last weeks, and
    # the whole weeks between.
    whole = period(FROM, TO)
    first_days = period(FROM, FIRST_WEEK.monday + timedelta(days=6))
    last_days = period(LAST_WEEK.monday, TO)
    assert whole == added(first_days, weekly[1], last_days)
    # The days cut off each end are what the first and last weeks have beyond the period.
    assert added(period(FIRST_WEEK.monday, FROM - timedelta(days=1)), first_days) == weekly[0]
    assert added(last_days, period(TO + timedelta(days=1), LAST_WEEK.monday + timedelta(days=6))) == weekly[2]
    # And by hand: every moment but the two outside the period, each counted once, the clock change's
    # doubled hour twice; gatherings that were cancelled for nothing.
    inside = len(moments) - 2
    assert whole == {
        "ideas_total": inside,
        "pairs_met": inside,
        "learnings_shared": inside,
        "supports": inside,
        "challenge_answers": inside,
        "gatherings": inside,
        "attendees": 2 * inside,
    }
    assert (first_days["gatherings"], weekly[1]["gatherings"], last_days["gatherings"]) == (4, 2, 1)
