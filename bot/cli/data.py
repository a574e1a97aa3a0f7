"""`forget`, `purge` and `export`: one member's data, one workspace's, and the ideas as a file."""

from __future__ import annotations

import argparse
import logging
import sys

from bot.cli.common import UsageError, per_table, print_json, resolve_team, slack_if_installed, user_id_of
from bot.core import workspace_settings
from bot.core.db import Database
from bot.core.i18n import Translator, translator
from bot.core.settings import ConfigError
from bot.ideas import export
from bot.ideas.posting import redraw_cards
from bot.privacy import erasure, purge
from bot.privacy.export import kept_about
from bot.privacy.views.blocks import kept_lines

log = logging.getLogger(__name__)


def cmd_forget(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = resolve_team(db, args.team, t)
    user_id = user_id_of(args.user_id, t)
    if args.dry_run:
        with db.read() as session:
            document = kept_about(session, team_id, user_id)
        if args.json:
            print_json(document)
        else:
            lines = kept_lines(t, document)
            print(
                "\n".join(f"- {line}" for line in lines)
                if lines
                else t.gettext("Think Tank keeps nothing about %(user)s.") % {"user": user_id}
            )
        return 0
    with db.session() as session:
        cards = erasure.ideas_naming(session, team_id, user_id)
        touched = erasure.erase(session, team_id, user_id)
        language = workspace_settings.load(session, team_id).language
    # Their cards in the channels are drawn again with "a former member", when a token allows it.
    if cards:
        _redraw_cards(db, team_id, translator(language), cards)
    if args.json:
        print_json({"team_id": team_id, "user_id": user_id, "erased": touched})
    elif touched:
        print(
            t.gettext("Erased what Think Tank kept about %(user)s: %(rows)s.")
            % {
                "user": user_id,
                "rows": per_table(touched),
            }
        )
    else:
        print(t.gettext("Think Tank keeps nothing about %(user)s.") % {"user": user_id})
    return 0


def _redraw_cards(db: Database, team_id: str, workspace_t: Translator, cards: list[int]) -> None:
    try:
        client = slack_if_installed(db, team_id)
    except ConfigError:
        client = None
    if client is None:
        log.warning("no token for %s: %s cards still name the member until redrawn", team_id, len(cards))
        return
    redraw_cards(db, client, workspace_t, team_id, cards)


def cmd_purge(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = args.team.strip().upper()
    with db.read() as session:
        rows = purge.rows_of(session, team_id)
        installed = team_id in workspace_settings.installed_team_ids(session)
    if not rows:
        print(t.gettext("Think Tank keeps nothing of workspace %(team)s.") % {"team": team_id})
        return 0
    print(t.gettext("Workspace %(team)s: %(rows)s.") % {"team": team_id, "rows": per_table(rows)})
    if installed:
        print(t.gettext("The app is still installed there; its data would be gone for it too."))
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(
                t.gettext("nothing was deleted: add --yes to confirm, or run this in a terminal")
            )
        answer = input(t.gettext("Type the workspace ID to delete all of it for good: "))
        if answer.strip().upper() != team_id:
            print(t.gettext("Nothing was deleted."))
            return 1
    with db.session() as session:
        deleted = purge.purge(session, team_id)
    print(
        t.gettext("Deleted every row of workspace %(team)s (%(count)s).")
        % {"team": team_id, "count": sum(deleted.values())}
    )
    return 0


def cmd_export(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = resolve_team(db, args.team, t)
    with db.read() as session:
        rows = export.ideas_for_export(session, team_id)
    sys.stdout.write(export.to_json(team_id, rows) + "\n" if args.format == "json" else export.to_csv(rows))
    return 0
