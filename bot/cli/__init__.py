"""The command line: `python app.py …` and `thinktank …` (the same thing).

Exit status: 0 done, 1 failed, 2 wrong usage or configuration.

The parser is in `bot.cli.parser`, the bot's process (`run`) in `bot.cli.lifecycle`, and the other
commands by domain: `workspace` (db, settings, facilitators), `figures` (stats, report), `runs`
(remind, pair) and `data` (forget, purge, export); `common` holds what they share.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from sqlalchemy.exc import OperationalError

from bot.cli import data, figures, runs, workspace
from bot.cli.common import UsageError, resolve_team, slack_for
from bot.cli.lifecycle import AppFactory, run
from bot.cli.parser import Parser, build_parser
from bot.core.db import Database
from bot.core.i18n import Translator, operator_translator
from bot.core.settings import ConfigError, configure_logging, load_settings

__all__ = [
    "COMMANDS",
    "AppFactory",
    "Parser",
    "UsageError",
    "build_parser",
    "main",
    "resolve_team",
    "slack_for",
]


def main(argv: Sequence[str] | None = None, *, create_app: AppFactory) -> int:
    t = operator_translator()
    try:
        args = build_parser(t).parse_args(list(sys.argv[1:] if argv is None else argv))
        settings = load_settings()
        command = args.command or "run"
        if command == "run":
            return run(settings, create_app, t)
        configure_logging("WARNING" if settings.log_level == "INFO" else settings.log_level)
        db = Database(settings.database_url)
        try:
            db.upgrade()
            return COMMANDS[command](args, db, t)
        finally:
            db.dispose()
    except (ConfigError, UsageError) as exc:
        print(f"thinktank: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        # The database is down or unreachable: one line, not a traceback; nothing was changed.
        reason = str(exc.orig or exc).strip().splitlines()[0]
        print(
            t.gettext("thinktank: cannot reach the database: %(reason)s") % {"reason": reason},
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 1


COMMANDS: dict[str, Callable[[argparse.Namespace, Database, Translator], int]] = {
    "db": workspace.cmd_db,
    "settings": workspace.cmd_settings,
    "facilitators": workspace.cmd_facilitators,
    "stats": figures.cmd_stats,
    "report": figures.cmd_report,
    "remind": runs.cmd_remind,
    "pair": runs.cmd_pair,
    "export": data.cmd_export,
    "forget": data.cmd_forget,
    "purge": data.cmd_purge,
}
