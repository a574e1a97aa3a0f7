"""Weeks in the workspace's zone: ISO weeks, exact across the clock changes of Europe/Helsinki."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.db import Database
from bot.core.weeks import Week
from bot.core.workspace_settings import ensure_workspace, set_value
from bot.ideas import pitches
from bot.ideas.pitches import PitchDraft
from bot.pulse import activity, stats
from models import Idea

HELSINKI = ZoneInfo("Europe/Helsinki")
TEAM = "T0WEEKS01"


def test_the_autumn_week_has_an_hour_more() -> None:
    # Clocks go back from 04:00 to 03:00 on Sunday 25 October 2026.
    week = Week.parse("2026-W43", HELSINKI)
    assert week.start.isoformat() == "2026-10-19T00:00:00+03:00"
    assert week.end.isoformat() == "2026-10-26T00:00:00+02:00"
    start, end = week.utc_bounds()
    assert end - start == timedelta(hours=169)


def test_the_spring_week_has_an_hour_less() -> None:
    # Clocks go forward from 03:00 to 04:00 on Sunday 29 March 2026.
    week = Week.parse("2026-W13", HELSINKI)
    assert week.start.isoformat() == "2026-03-23T00:00:00+02:00"
    assert week.end.isoformat() == "2026-03-30T00:00:00+03:00"
    start, end = week.utc_bounds()
    assert end - start == timedelta(hours=167)


@pytest.mark.parametrize("label", ["2026-W47", "2026-w47", " 2026-W47 "])
def test_a_week_is_written_the_iso_way(label: str) -> None:
    assert Week.parse(label, HELSINKI).label == "2026-W47"


@pytest.mark.parametrize("label", ["2026-47", "2026-W5", "W47", "2025-W53", "2026-W00", "2026-W47-1", ""])
def test_anything_else_is_not_a_week(label: str) -> None:
    with pytest.raises(ValueError):
        Week.parse(label, HELSINKI)


def test_a_year_with_53_weeks_has_its_53rd() -> None:
    assert Week.parse("2026-W53", HELSINKI).monday.isoformat() == "2026-12-28"


def test_the_week_before_the_first_of_a_year_is_the_last_of_the_year_before() -> None:
    assert Week.parse("2027-W01", HELSINKI).previous().label == "2026-W53"


def at_helsinki(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HELSINKI)


@pytest.mark.parametrize(
    ("before", "after", "weeks"),
    [
        # Half an hour before and after midnight, on either side of each clock change.
        ("2026-10-25 23:30", "2026-10-26 00:30", ("2026-W43", "2026-W44")),
        ("2026-03-29 23:30", "2026-03-30 00:30", ("2026-W13", "2026-W14")),
    ],
)
def test_activity_and_ideas_fall_into_the_week_of_their_local_time(
    db: Database, before: str, after: str, weeks: tuple[str, str]
) -> None:
    with db.session() as session:
        ensure_workspace(session, TEAM)
        set_value(session, TEAM, "timezone", "Europe/Helsinki")
        for user, moment in (("U0LATE0001", before), ("U0EARLY001", after)):
            activity.add(session, TEAM, user, "messages", at_helsinki(moment), HELSINKI)
            idea = pitches.create_pitch(
                session, team_id=TEAM, author_id=user, draft=PitchDraft(title=moment), origin_channel_id=None
            )
            session.get(Idea, idea.id).created_at = at_helsinki(moment).astimezone(UTC)
    with db.read() as session:
        first = stats.weekly(session, TEAM, Week.parse(weeks[0], HELSINKI))
        second = stats.weekly(session, TEAM, Week.parse(weeks[1], HELSINKI))
    assert (first["messages"], first["active_commenters"], first["ideas_new"]) == (1, 1, 1)
    assert (second["messages"], second["active_commenters"], second["ideas_new"]) == (1, 1, 1)
    # Ideas in all, at the end of each week.
    assert (first["ideas_total"], second["ideas_total"]) == (1, 2)
    assert first["end"] == second["start"]
