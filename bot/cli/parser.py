"""The command line's parser: every command, flag and help text (docs/interface.md is the contract)."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from bot.cli.common import UsageError
from bot.core.i18n import Translator


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse's own messages stay as they are; the exit status is the interface's 2.
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser(t: Translator) -> Parser:
    _ = t.gettext
    parser = Parser(prog="thinktank", description=_("Think Tank: a Slack bot for co-creation communities."))
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    sub.add_parser("run", help=_("run the bot (the default)"))

    db = sub.add_parser("db", help=_("database"))
    db_sub = db.add_subparsers(dest="action", required=True, parser_class=Parser)
    db_sub.add_parser("upgrade", help=_("apply pending migrations"))

    settings = sub.add_parser("settings", help=_("workspace settings"))
    settings_sub = settings.add_subparsers(dest="action", required=True, parser_class=Parser)
    show = settings_sub.add_parser("show", help=_("show the settings"))
    _team_and_json(show, t)
    set_ = settings_sub.add_parser("set", help=_("change one setting"))
    set_.add_argument("key")
    set_.add_argument("value")
    _team_and_json(set_, t, json_flag=False)

    facilitators = sub.add_parser("facilitators", help=_("who facilitates"))
    facilitators_sub = facilitators.add_subparsers(dest="action", required=True, parser_class=Parser)
    _team_and_json(facilitators_sub.add_parser("list", help=_("list the facilitators")), t)
    for name, text in (("add", _("make a member a facilitator")), ("remove", _("take the role away"))):
        action = facilitators_sub.add_parser(name, help=text)
        action.add_argument("user_id")
        _team_and_json(action, t, json_flag=False)
    stats = sub.add_parser("stats", help=_("the weekly figures"))
    stats_sub = stats.add_subparsers(dest="action", required=True, parser_class=Parser)
    stats_show = stats_sub.add_parser("show", help=_("one week's figures (default: this week)"))
    stats_show.add_argument("--week", metavar="YYYY-Www", help=_("an ISO week such as 2026-W47"))
    _team_and_json(stats_show, t)
    stats_post = stats_sub.add_parser("post", help=_("post a week's figures to the stats channel now"))
    stats_post.add_argument(
        "--week", metavar="YYYY-Www", help=_("an ISO week such as 2026-W47 (default: last week)")
    )
    stats_post.add_argument("--force", action="store_true", help=_("post again a week already posted"))
    _team_and_json(stats_post, t, json_flag=False)
    report = sub.add_parser("report", help=_("the community in numbers, over its whole life or a period"))
    report.add_argument(
        "--from", dest="first", metavar="DATE|WEEK", help=_("the first day, such as 2026-01-01 or 2026-W01")
    )
    report.add_argument(
        "--to", dest="last", metavar="DATE|WEEK", help=_("the last day, such as 2026-12-31 or 2026-W52")
    )
    report.add_argument("--png", metavar="FILE", help=_("also write the card as a PNG picture to FILE"))
    _team_and_json(report, t)
    remind = sub.add_parser("remind", help=_("send the facilitator reminders that are due now"))
    remind.add_argument("--dry-run", action="store_true", help=_("print what would be sent, send nothing"))
    _team_and_json(remind, t)
    pair = sub.add_parser("pair", help=_("run a pairing round now"))
    pair.add_argument(
        "--dry-run", action="store_true", help=_("print the groups it would make, send nothing")
    )
    _team_and_json(pair, t)

    forget = sub.add_parser("forget", help=_("erase one member's personal data"))
    forget.add_argument("user_id", metavar="USER_ID")
    forget.add_argument(
        "--dry-run", action="store_true", help=_("print everything kept about the member, erase nothing")
    )
    _team_and_json(forget, t)
    purge = sub.add_parser("purge", help=_("delete everything of one workspace, after a confirmation"))
    purge.add_argument("--team", metavar="TEAM_ID", required=True, help=_("the workspace to delete"))
    purge.add_argument("--yes", action="store_true", help=_("do not ask for a confirmation"))

    export = sub.add_parser("export", help=_("export data"))
    export_sub = export.add_subparsers(dest="action", required=True, parser_class=Parser)
    export_ideas = export_sub.add_parser("ideas", help=_("all ideas with their status history and partners"))
    export_ideas.add_argument("--format", choices=("csv", "json"), default="csv")
    _team_and_json(export_ideas, t, json_flag=False)
    return parser


def _team_and_json(parser: argparse.ArgumentParser, t: Translator, json_flag: bool = True) -> None:
    parser.add_argument(
        "--team", metavar="TEAM_ID", help=t.gettext("the workspace (optional when only one is known)")
    )
    if json_flag:
        parser.add_argument("--json", action="store_true", help=t.gettext("print one JSON document"))
