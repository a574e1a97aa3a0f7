"""When the bot may write to a person unasked: weekdays, office hours, in their own zone.

Facilitators' reminders, members' daily digests and the ask for an experiment's learning all wait
for this, so a volunteer is never pinged at night or on a weekend by something that can wait.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

WORK_DAYS = range(0, 5)  # Monday to Friday
WORK_HOURS = range(9, 17)  # 09:00 to 16:59


def zone_named(name: str | None, fallback: ZoneInfo) -> ZoneInfo:
    """A person's zone as Slack names it, else `fallback` (none given, or one this machine lacks)."""
    try:
        return ZoneInfo(name) if name else fallback
    except (ValueError, KeyError):
        return fallback


def in_working_hours(now: datetime, zone: ZoneInfo) -> bool:
    local = now.astimezone(zone)
    return local.weekday() in WORK_DAYS and local.hour in WORK_HOURS
