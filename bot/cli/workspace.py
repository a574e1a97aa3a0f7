"""`db`, `settings` and `facilitators`: the workspace's set-up."""

from __future__ import annotations

import argparse

from bot.cli.common import UsageError, print_json, resolve_team, user_id_of
from bot.core import workspace_settings
from bot.core.db import Database
from bot.core.i18n import Translator
from bot.core.workspace_settings import InvalidSetting, describe_allowed
from bot.facilitation import assignment
from bot.members import roster


def cmd_db(args: argparse.Namespace, db: Database, t: Translator) -> int:
    # main() has applied the migrations already; say so.
    print(t.gettext("The database is up to date."))
    return 0


def cmd_settings(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = resolve_team(db, args.team, t)
    if args.action == "set":
        try:
            with db.session() as session:
                value = workspace_settings.set_value(session, team_id, args.key, args.value)
        except InvalidSetting as exc:
            if exc.key not in workspace_settings.SPECS:
                raise UsageError(
                    t.gettext("unknown setting %(key)s; the settings are: %(keys)s")
                    % {"key": exc.key, "keys": ", ".join(workspace_settings.SPECS)}
                ) from None
            raise UsageError(
                t.gettext("%(key)s must be %(allowed)s")
                % {"key": exc.key, "allowed": describe_allowed(exc.key, t.gettext)}
            ) from None
        with db.read() as session:
            key = workspace_settings.stored_key(session, team_id, args.key)
        print(f"{key} = {workspace_settings.to_text(value)}")
        return 0
    with db.session() as session:
        current = workspace_settings.load(session, team_id)
    values = {key: getattr(current, key) for key in workspace_settings.SPECS}
    if args.json:
        print_json(
            {"team_id": team_id, **{k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}}
        )
    else:
        for key, value in values.items():
            print(f"{key} = {workspace_settings.to_text(value)}")
    return 0


def cmd_facilitators(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = resolve_team(db, args.team, t)
    if args.action in ("add", "remove"):
        user_id = user_id_of(args.user_id, t)
        with db.session() as session:
            assignment.set_role(session, team_id, user_id, args.action == "add")
    with db.session() as session:
        ids = roster.facilitators(session, team_id)
    if getattr(args, "json", False):
        print_json({"team_id": team_id, "facilitators": ids})
    elif ids:
        print("\n".join(ids))
    else:
        print(t.gettext("No facilitators yet: add one with `thinktank facilitators add USER_ID`."))
    return 0
