"""Weeks and periods: an ISO week (Monday 00:00 to Sunday 24:00) in a workspace's zone, and the
`FROM`/`TO` of `report`, as dates or ISO weeks. Every domain counts in these weeks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.workspace_settings import WEEKDAYS, schedule_parts
from models import utcnow

WEEK_LABEL = re.compile(r"^(\d{4})-W(\d{2})$")
# ASCII digits only: `\d` would take other scripts' digits, which date.fromisoformat refuses anyway.
DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Week:
    label: str
    monday: date
    start: datetime
    end: datetime

    @classmethod
    def containing(cls, day: date, zone: ZoneInfo) -> Week:
        monday = week_start(day)
        year, number, _ = monday.isocalendar()
        return cls(
            label=f"{year}-W{number:02d}",
            monday=monday,
            start=datetime.combine(monday, time(0), tzinfo=zone),
            end=datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone),
        )

    @classmethod
    def parse(cls, label: str, zone: ZoneInfo) -> Week:
        """`2026-W47`; ValueError for anything else, or a week its year does not have."""
        match = WEEK_LABEL.match(label.strip().upper())
        if not match:
            raise ValueError(label)
        return cls.containing(date.fromisocalendar(int(match[1]), int(match[2]), 1), zone)

    @classmethod
    def current(cls, zone: ZoneInfo, now: datetime | None = None) -> Week:
        return cls.containing((now or utcnow()).astimezone(zone).date(), zone)

    @property
    def zone(self) -> ZoneInfo:
        zone = self.start.tzinfo
        if not isinstance(zone, ZoneInfo):  # every Week is made by `containing`, with a ZoneInfo
            raise TypeError(f"week {self.label} has no zone")
        return zone

    def previous(self) -> Week:
        return Week.containing(self.monday - timedelta(days=7), self.zone)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        return self.start.astimezone(UTC), self.end.astimezone(UTC)


def period_day(text: str, zone: ZoneInfo, *, last: bool) -> date:
    """A period's first or `last` day from `2026-03-01` or an ISO week `2026-W09` (its Monday, or its
    Sunday when it ends the period). ValueError for anything else."""
    value = text.strip()
    if WEEK_LABEL.match(value.upper()):
        week = Week.parse(value, zone)
        return week.monday + timedelta(days=6) if last else week.monday
    if not DAY.match(value):
        raise ValueError(text)
    return date.fromisoformat(value)


class PeriodError(ValueError):
    """A period that cannot be read: `word` is not a date or a week, or (`word` None) it starts after it
    ends."""

    def __init__(self, word: str | None, first: date | None = None, last: date | None = None) -> None:
        super().__init__(word)
        self.word, self.first, self.last = word, first, last


def parse_period(
    first: str | None, last: str | None, zone: ZoneInfo, today: date
) -> tuple[date | None, date]:
    """The days of `report [FROM] [TO]`: no FROM reaches back to the beginning, no TO ends today."""
    try:
        start = period_day(first, zone, last=False) if first else None
    except ValueError:
        raise PeriodError(first) from None
    try:
        end = period_day(last, zone, last=True) if last else today
    except ValueError:
        raise PeriodError(last) from None
    if start is not None and start > end:
        raise PeriodError(None, start, end)
    return start, end


def week_due(schedule: str, zone: ZoneInfo, now: datetime | None = None) -> Week:
    """The week the scheduled post is for: the one before the latest `schedule` moment up to now.

    A run caught up late (Tuesday, or even the next Monday before 09:00) still posts the week it
    was due for, not the week before whenever it happens to run.
    """
    day, hour, minute = schedule_parts(schedule)
    local = (now or utcnow()).astimezone(zone)
    back = (local.weekday() - WEEKDAYS.index(day)) % 7
    moment_day = local.date() - timedelta(days=back)
    if datetime.combine(moment_day, time(hour, minute), tzinfo=zone) > local:
        moment_day -= timedelta(days=7)
    return Week.containing(moment_day, zone).previous()
