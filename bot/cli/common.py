"""What the commands share: the workspace named or the one known, a Slack client with its token,
a member's id checked, JSON printed, and the one error meaning "wrong usage" (exit status 2)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.core import workspace_settings
from bot.core.db import Database
from bot.core.i18n import Translator
from bot.core.settings import ConfigError, load_settings
from bot.core.weeks import Week
from bot.slack.installations import Tokens


class UsageError(Exception):
    """Wrong usage: exit status 2 with one line."""


def resolve_team(db: Database, team: str | None, t: Translator) -> str:
    """`--team`, or the one workspace known; with none or several known, say what to do."""
    if team:
        return team
    with db.session() as session:
        known = workspace_settings.known_team_ids(session)
    if len(known) == 1:
        return known[0]
    if not known:
        raise UsageError(
            t.gettext("no workspace is known yet: run the bot once, or name one with --team TEAM_ID")
        )
    raise UsageError(
        t.gettext("several workspaces are known (%(teams)s): name one with --team TEAM_ID")
        % {"teams": ", ".join(known)}
    )


def slack_if_installed(db: Database, team_id: str) -> WebClient | None:
    """A client with the workspace's bot token (its OAuth installation, or SLACK_BOT_TOKEN), or None."""
    return Tokens(load_settings(), db).client_for(team_id)


def slack_for(db: Database, team_id: str, t: Translator) -> WebClient:
    """A client with the workspace's bot token; without one, a ConfigError saying what to do."""
    settings = load_settings()
    client = Tokens(settings, db).client_for(team_id)
    if client is not None:
        return client
    if not settings.oauth:
        settings.require_bot_token()
    raise ConfigError(
        t.gettext(
            "Workspace %(team)s has no installation, so there is no token to write with: install "
            "the app there again from /slack/install."
        )
        % {"team": team_id}
    )


def print_json(document: Any) -> None:
    print(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True))


def user_id_of(raw: str, t: Translator) -> str:
    user_id = raw.strip().upper()
    if user_id[:1] not in ("U", "W") or not user_id.isalnum() or len(user_id) > 32:
        raise UsageError(
            t.gettext("%(user)s is not a Slack user ID (they look like U0123456789)") % {"user": raw}
        )
    return user_id


def per_table(rows: dict[str, int]) -> str:
    return ", ".join(f"{table} {count}" for table, count in sorted(rows.items()))


def week_of(
    db: Database, t: Translator, *, team_id: str, label: str | None, default: Callable[..., Week]
) -> Week:
    with db.read() as session:
        zone = workspace_settings.load(session, team_id).zone
    if label is None:
        return default(zone)
    try:
        return Week.parse(label, zone)
    except ValueError:
        raise UsageError(
            t.gettext("%(week)s is not an ISO week: write it like 2026-W47") % {"week": label}
        ) from None
