"""Workspace settings: the keys of the interface, their defaults, and checking a new value."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent
from bot.core.i18n import N_, available_languages
from bot.core.text import clean_block, clean_line, is_blank, whole_number
from bot.ideas.themes import DEFAULT as DEFAULT_THEMES
from models import Workspace, WorkspaceSetting, utcnow
from models.idea import THEME_MAX

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{6,20}$")
SCHEDULE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):([0-5]\d)$")
COMMUNITY_NAME_MAX = 80  # a header takes 150; the card's title must fit one line
# Languages with a welcome text of their own: every catalogue's (checked in tests/members/test_welcome.py).
WELCOME_LANGUAGES = ("en", "fi", "sv")
WELCOME_TEXT_MAX = 1_000  # well inside a section's 3,000 characters, and short to read
MAX_THEMES = 30  # a multi-select offers at most 100 options; 30 keeps the pitch form readable


@dataclass(frozen=True)
class WorkspaceSettings:
    language: str = "en"
    timezone: str = "UTC"
    ideas_channel: str | None = None
    stats_channel: str | None = None
    stats_schedule: str = "mon 09:00"
    # When facilitators are asked for the week's figures: late in the week, so the answers are in
    # before the weekly post, and the one reminder a day later still falls on a weekday.
    checkin_schedule: str = "thu 14:00"
    reminder_after_hours: int = 48
    stale_after_days: int = 14
    themes: tuple[str, ...] = DEFAULT_THEMES
    learnings_channel: str | None = None
    pairing_every_days: int = 14
    # What the community is for, in the newcomer's welcome DM, one per language (`bot.members.welcome`);
    # None: the catalogue's default.
    welcome_text_en: str | None = None
    welcome_text_fi: str | None = None
    welcome_text_sv: str | None = None
    # The community's own name on the report and the weekly post; None: the workspace's name.
    community_name: str | None = None
    # The community's first day when it began before the bot; None: the first recorded activity.
    since: date | None = None
    # Who may plan gatherings: `everyone` or `facilitators` (workspace admins always may).
    gatherings_by: str = "everyone"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class InvalidSetting(ValueError):
    """A refused key or value; `allowed` describes what would be accepted."""

    def __init__(self, key: str, allowed: str) -> None:
        super().__init__(key)
        self.key = key
        self.allowed = allowed


def _language(raw: str) -> str:
    value = raw.strip().lower()
    if value not in available_languages():
        raise ValueError
    return value


def _timezone(raw: str) -> str:
    value = raw.strip()
    if value not in available_timezones():
        raise ValueError
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError from None
    return value


def _channel(raw: str) -> str | None:
    value = raw.strip().upper()
    if value in ("", "NONE", "-"):
        return None
    if not CHANNEL_ID.match(value):
        raise ValueError
    return value


def _schedule(raw: str) -> str:
    value = " ".join(raw.strip().lower().split())
    if not SCHEDULE.match(value):
        raise ValueError
    return value


def schedule_parts(schedule: str) -> tuple[str, int, int]:
    """A checked `stats_schedule` or `checkin_schedule` as (day, hour, minute): ("mon", 9, 0)."""
    match = SCHEDULE.match(schedule)
    if not match:
        raise ValueError(schedule)
    return match[1], int(match[2]), int(match[3])


def _whole(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        value = raw.strip()
        number = whole_number(value, max_digits=len(str(high)))
        if number is None or not low <= number <= high:
            raise ValueError
        return number

    return parse


def _themes(raw: str) -> tuple[str, ...]:
    themes: list[str] = []
    for part in raw.split(","):
        theme = " ".join(part.split()).lower()
        if theme and theme not in themes:
            if len(theme) > THEME_MAX:
                raise ValueError
            themes.append(theme)
    if not themes or len(themes) > MAX_THEMES:
        raise ValueError
    return tuple(themes)


def _community_name(raw: str) -> str | None:
    # One line, spaces tidied; Slack markup stays as typed and is escaped wherever it is shown.
    value = clean_line(raw)
    if value in ("", "-"):
        return None
    if len(value) > COMMUNITY_NAME_MAX or is_blank(value):
        raise ValueError
    return value


def _gatherings_by(raw: str) -> str:
    value = raw.strip().lower()
    if value not in ("everyone", "facilitators"):
        raise ValueError
    return value


def _day(raw: str) -> date | None:
    value = raw.strip()
    if value in ("", "-"):
        return None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError
    day = date.fromisoformat(value)
    # A day after tomorrow is in the future in every zone on Earth.
    if day > utcnow().date() + timedelta(days=1):
        raise ValueError
    return day


def _welcome_text(raw: str) -> str | None:
    # Several lines are fine; Slack markup stays as typed (an admin writes it for their community).
    value = clean_block(raw)
    if value in ("", "-"):
        return None
    if len(value) > WELCOME_TEXT_MAX or is_blank(value):
        raise ValueError
    return value


@dataclass(frozen=True)
class SettingSpec:
    parse: Callable[[str], object]
    # Shown when a value is refused; `%(...)s` values are filled in by `describe_allowed`.
    allowed: str


SPECS: dict[str, SettingSpec] = {
    "language": SettingSpec(_language, N_("one of: %(languages)s")),
    "timezone": SettingSpec(_timezone, N_("an IANA time zone such as Europe/Helsinki or UTC")),
    "ideas_channel": SettingSpec(_channel, N_("a channel ID such as C0123456789, or none")),
    "stats_channel": SettingSpec(_channel, N_("a channel ID such as C0123456789, or none")),
    "stats_schedule": SettingSpec(_schedule, N_("a day and time such as mon 09:00 (days: %(days)s)")),
    "checkin_schedule": SettingSpec(_schedule, N_("a day and time such as mon 09:00 (days: %(days)s)")),
    "reminder_after_hours": SettingSpec(_whole(1, 720), N_("a whole number of hours from 1 to 720")),
    "stale_after_days": SettingSpec(_whole(1, 365), N_("a whole number of days from 1 to 365")),
    "themes": SettingSpec(
        _themes, N_("comma-separated theme names, 1 to 30 of them, each at most 50 characters")
    ),
    "learnings_channel": SettingSpec(_channel, N_("a channel ID such as C0123456789, or none")),
    "pairing_every_days": SettingSpec(_whole(0, 365), N_("a whole number of days from 0 (off) to 365")),
    **{
        f"welcome_text_{language}": SettingSpec(
            _welcome_text, N_("the welcome's text, at most 1,000 characters, or - for the default")
        )
        for language in WELCOME_LANGUAGES
    },
    "community_name": SettingSpec(
        _community_name, N_("a name of at most 80 characters, or - for the workspace's own name")
    ),
    "since": SettingSpec(
        _day, N_("a date such as 2025-04-15, not in the future, or - for the first activity")
    ),
    "gatherings_by": SettingSpec(_gatherings_by, N_("everyone or facilitators")),
}
if set(SPECS) != {f.name for f in fields(WorkspaceSettings)}:
    raise RuntimeError("every workspace setting needs a SettingSpec, and only they")


def describe_allowed(key: str, gettext: Callable[[str], str]) -> str:
    return gettext(SPECS[key].allowed) % {
        "languages": ", ".join(available_languages()),
        "days": ", ".join(WEEKDAYS),
    }


def parse_value(key: str, raw: str) -> object:
    """The typed value of `raw` for `key`; raises InvalidSetting with what is allowed."""
    spec = SPECS.get(key)
    if spec is None:
        raise InvalidSetting(key, ", ".join(SPECS))
    try:
        return spec.parse(raw)
    except ValueError:
        raise InvalidSetting(key, spec.allowed) from None


def to_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def ensure_workspace(session: Session, team_id: str, name: str | None = None) -> Workspace:
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        insert_if_absent(session, Workspace, team_id=team_id, name=name)
        workspace = session.get(Workspace, team_id)
        if workspace is None:
            raise RuntimeError(f"workspace {team_id} was inserted but is not there")
    if name and workspace.name != name:
        workspace.name = name
    return workspace


def load(session: Session, team_id: str) -> WorkspaceSettings:
    """The workspace's settings, defaults filled in. A stored value that no longer parses
    (a catalogue removed, say) falls back to the default rather than breaking the workspace."""
    stored = session.scalars(select(WorkspaceSetting).where(WorkspaceSetting.team_id == team_id))
    values: dict[str, object] = {}
    for row in stored:
        if row.key in SPECS:
            try:
                values[row.key] = SPECS[row.key].parse(row.value)
            except ValueError:
                continue
    return WorkspaceSettings(**values)  # type: ignore[arg-type]


# The contract's first spelling of the welcome's text, from before it was kept per language: it sets
# the text in the workspace's language.
WELCOME_TEXT_OF_WORKSPACE_LANGUAGE = "welcome_text"


def stored_key(session: Session, team_id: str, key: str) -> str:
    """The setting `key` names: itself, or for `welcome_text` the workspace language's own."""
    if key != WELCOME_TEXT_OF_WORKSPACE_LANGUAGE:
        return key
    language = load(session, team_id).language
    return f"welcome_text_{language if language in WELCOME_LANGUAGES else 'en'}"


def set_value(session: Session, team_id: str, key: str, raw: str) -> object:
    """Check and store one setting; nothing is written when it is refused."""
    key = stored_key(session, team_id, key)
    value = parse_value(key, raw)
    ensure_workspace(session, team_id)
    row = session.get(WorkspaceSetting, (team_id, key))
    if value is None:
        if row is not None:
            session.delete(row)
        return None
    if row is None:
        session.add(WorkspaceSetting(team_id=team_id, key=key, value=to_text(value)))
    else:
        row.value = to_text(value)
    return value


def mark_uninstalled(session: Session, team_id: str) -> None:
    """The app was uninstalled or its tokens revoked; the data stays until an operator purges it."""
    workspace = ensure_workspace(session, team_id)
    # Both events come, in either order: the first one's time stands.
    workspace.uninstalled_at = workspace.uninstalled_at or utcnow()


def mark_installed(session: Session, team_id: str, name: str | None = None) -> None:
    """Installed, or installed again: the data kept since an uninstall is picked up as it was."""
    ensure_workspace(session, team_id, name).uninstalled_at = None


def known_team_ids(session: Session) -> list[str]:
    return list(session.scalars(select(Workspace.team_id).order_by(Workspace.team_id)))


def installed_team_ids(session: Session) -> list[str]:
    """Workspaces the app is installed in now: the ones scheduled jobs run for."""
    return list(
        session.scalars(
            select(Workspace.team_id).where(Workspace.uninstalled_at.is_(None)).order_by(Workspace.team_id)
        )
    )
