"""The command line: `python app.py …` and `thinktank …` (the same thing).

Exit status: 0 done, 1 failed, 2 wrong usage or configuration.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import OperationalError

from bot.core import weeks, workspace_settings
from bot.core.db import Database
from bot.core.i18n import Translator, operator_translator, translator
from bot.core.runtime import Runtime
from bot.core.scheduler import Scheduler
from bot.core.settings import ConfigError, Settings, configure_logging, load_settings
from bot.core.weeks import Week
from bot.core.workspace_settings import InvalidSetting, describe_allowed
from bot.facilitation import assignment, reminders
from bot.ideas import export
from bot.ideas.posting import redraw_cards
from bot.members import roster
from bot.pairing import run as pairing_run
from bot.privacy import personal_data, purge
from bot.privacy.views.blocks import kept_lines
from bot.pulse import report_card, stats, stats_posting
from bot.pulse.views.stats import (
    CHECKIN_FIGURES,
    GATHERING_FIGURES,
    PAIRING_FIGURES,
    WEEK_FIGURES,
    report_message,
    stats_not_posted,
    week_heading,
)
from bot.slack.installations import Tokens
from models import utcnow

log = logging.getLogger(__name__)

AppFactory = Callable[[Runtime], App]


class UsageError(Exception):
    """Wrong usage: exit status 2 with one line."""


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


def run(settings: Settings, create_app: AppFactory, t: Translator) -> int:
    settings.require_slack()
    configure_logging(settings.log_level)
    db = Database(settings.database_url)
    db.upgrade()
    rt = Runtime.create(settings, db, wait_for_dictionaries=False)
    try:
        if settings.oauth:
            # Tokens come with each install; the stored ones must open with the key given.
            rt.tokens.check_and_seal()
        elif not _check_bot_token(rt, t):
            return 1
        rt.prefs.warm()
        bolt_app = create_app(rt)
        if settings.scheduler:
            Scheduler(rt).start()
        else:
            log.info("THINKTANK_SCHEDULER=off: this process runs no scheduled jobs")
        if settings.socket_mode:
            return _run_socket_mode(rt, bolt_app)
        return _run_http(rt, bolt_app)
    finally:
        rt.close()


def _check_bot_token(rt: Runtime, t: Translator) -> bool:
    """One workspace: the token must work; the workspace it opens is the installed one.
    False when Slack cannot be reached (said in the log)."""
    _ = t.gettext
    try:
        auth = rt.client.auth_test()
    except SlackApiError as exc:
        raise ConfigError(
            _(
                "SLACK_BOT_TOKEN was refused by Slack (%(error)s): reinstall the app to your workspace "
                "and copy the new Bot User OAuth Token into .env."
            )
            % {"error": exc.response.get("error")}
        ) from None
    except OSError as exc:
        log.error("cannot reach Slack at %s: %s", rt.settings.api_url, exc)
        return False
    with rt.db.session() as session:
        # The token works, so the app is installed (again, perhaps): its jobs run once more.
        workspace_settings.mark_installed(session, auth["team_id"], auth.get("team"))
    return True


def _run_socket_mode(rt: Runtime, bolt_app: App) -> int:
    from bot.slack.socket_mode import socket_mode_handler

    handler = socket_mode_handler(bolt_app, rt.settings.app_token)
    # The signal only says "stop"; the connection is closed here, after connect() has returned. Closed
    # from the handler while connect() was still running, a signal early in start-up left connect()
    # to open a fresh session afterwards, whose threads then kept the process from ever exiting.
    stop = _stop_on_signals()
    try:
        handler.connect()
    except SlackApiError as exc:
        raise ConfigError(
            operator_translator().gettext(
                "SLACK_APP_TOKEN was refused by Slack (%(error)s): make an app-level token with the "
                "connections:write scope under Basic Information → App-Level Tokens and put it in .env."
            )
            % {"error": exc.response.get("error")}
        ) from None
    log.info("Think Tank is connected to Slack in Socket Mode")
    stop.wait()
    handler.close()
    return 0


def _run_http(rt: Runtime, bolt_app: App) -> int:
    from bot.slack.http import create_server, serve_until_closed, wsgi_app

    server = create_server(wsgi_app(bolt_app, rt.db), rt.settings.port)
    _stop_on_signals(server.close)
    log.info("Think Tank is listening for Slack on port %s at /slack/events", rt.settings.port)
    serve_until_closed(server)
    return 0


def _stop_on_signals(close: Callable[[], Any] | None = None) -> Any:
    """An event set by SIGTERM or SIGINT; `close`, if given, runs first (to end a blocking serve)."""
    import threading

    stopped = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        log.info("stopping (signal %s)", signum)
        if close is not None:
            close()
        stopped.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return stopped


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


def slack_for(db: Database, team_id: str, t: Translator, *, required: bool = True) -> WebClient | None:
    """A client with the workspace's bot token: its OAuth installation, or SLACK_BOT_TOKEN.
    Without one: a ConfigError when `required`, else None."""
    settings = load_settings()
    client = Tokens(settings, db).client_for(team_id)
    if client is not None or not required:
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


def _print_json(document: Any) -> None:
    print(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True))


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
        print(f"{args.key} = {workspace_settings.to_text(value)}")
        return 0
    with db.session() as session:
        current = workspace_settings.load(session, team_id)
    values = {key: getattr(current, key) for key in workspace_settings.SPECS}
    if args.json:
        _print_json(
            {"team_id": team_id, **{k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}}
        )
    else:
        for key, value in values.items():
            print(f"{key} = {workspace_settings.to_text(value)}")
    return 0


def cmd_facilitators(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = resolve_team(db, args.team, t)
    if args.action in ("add", "remove"):
        user_id = _user_id(args.user_id, t)
        with db.session() as session:
            assignment.set_role(session, team_id, user_id, args.action == "add")
    with db.session() as session:
        ids = roster.facilitators(session, team_id)
    if getattr(args, "json", False):
        _print_json({"team_id": team_id, "facilitators": ids})
    elif ids:
        print("\n".join(ids))
    else:
        print(t.gettext("No facilitators yet: add one with `thinktank facilitators add USER_ID`."))
    return 0


def _user_id(raw: str, t: Translator) -> str:
    user_id = raw.strip().upper()
    if user_id[:1] not in ("U", "W") or not user_id.isalnum() or len(user_id) > 32:
        raise UsageError(
            t.gettext("%(user)s is not a Slack user ID (they look like U0123456789)") % {"user": raw}
        )
    return user_id


def cmd_forget(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = resolve_team(db, args.team, t)
    user_id = _user_id(args.user_id, t)
    if args.dry_run:
        with db.read() as session:
            document = personal_data.kept_about(session, team_id, user_id)
        if args.json:
            _print_json(document)
        else:
            lines = kept_lines(t, document)
            print(
                "\n".join(f"- {line}" for line in lines)
                if lines
                else t.gettext("Think Tank keeps nothing about %(user)s.") % {"user": user_id}
            )
        return 0
    with db.session() as session:
        cards = personal_data.ideas_naming(session, team_id, user_id)
        touched = personal_data.erase(session, team_id, user_id)
        language = workspace_settings.load(session, team_id).language
    # Their cards in the channels are drawn again with "a former member", when a token allows it.
    if cards:
        _redraw_cards(db, team_id, t, translator(language), cards)
    if args.json:
        _print_json({"team_id": team_id, "user_id": user_id, "erased": touched})
    elif touched:
        print(
            t.gettext("Erased what Think Tank kept about %(user)s: %(rows)s.")
            % {
                "user": user_id,
                "rows": _per_table(touched),
            }
        )
    else:
        print(t.gettext("Think Tank keeps nothing about %(user)s.") % {"user": user_id})
    return 0


def _redraw_cards(
    db: Database, team_id: str, t: Translator, workspace_t: Translator, cards: list[int]
) -> None:
    try:
        client = slack_for(db, team_id, t, required=False)
    except ConfigError:
        client = None
    if client is None:
        log.warning("no token for %s: %s cards still name the member until redrawn", team_id, len(cards))
        return
    redraw_cards(db, client, workspace_t, team_id, cards)


def _per_table(rows: dict[str, int]) -> str:
    return ", ".join(f"{table} {count}" for table, count in sorted(rows.items()))


def cmd_purge(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = args.team.strip().upper()
    with db.read() as session:
        rows = purge.rows_of(session, team_id)
        installed = team_id in workspace_settings.installed_team_ids(session)
    if not rows:
        print(t.gettext("Think Tank keeps nothing of workspace %(team)s.") % {"team": team_id})
        return 0
    print(t.gettext("Workspace %(team)s: %(rows)s.") % {"team": team_id, "rows": _per_table(rows)})
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


def _week(db: Database, team_id: str, label: str | None, t: Translator, default: Callable[..., Week]) -> Week:
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


def cmd_stats(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = resolve_team(db, args.team, t)
    if args.action == "post":
        return _post_stats(args, db, t, team_id)
    week = _week(db, team_id, args.week, t, Week.current)
    with db.read() as session:
        figures = stats.weekly(session, team_id, week)
    if args.json:
        _print_json(figures)
        return 0
    print(week_heading(t, figures))
    for key, label in (*WEEK_FIGURES, *PAIRING_FIGURES, *GATHERING_FIGURES):
        print(f"  {t.gettext(label)}: {t.number(figures[key])}")
    for key, label in CHECKIN_FIGURES:
        if key in figures["checkins"]:
            print(f"  {t.gettext(label)}: {t.number(figures['checkins'][key])}")
    return 0


def _post_stats(args: argparse.Namespace, db: Database, t: Translator, team_id: str) -> int:
    client = slack_for(db, team_id, t)
    assert client is not None
    week = _week(db, team_id, args.week, t, lambda zone: Week.current(zone).previous())
    outcome = stats_posting.post_week(db, client, team_id, week, force=args.force)
    values = {"week": outcome.week, "channel": outcome.channel_id}
    if outcome.posted:
        print(t.gettext("Posted the figures of %(week)s to %(channel)s.") % values)
        return 0
    if outcome.result == "already_posted":
        print(t.gettext("%(week)s was posted to %(channel)s already; add --force to post it again.") % values)
        return 0
    if outcome.result == "claimed_unconfirmed":
        print(
            t.gettext(
                "%(week)s is being posted to %(channel)s, or a post was cut short: check the channel, "
                "and add --force to post it again."
            )
            % values,
            file=sys.stderr,
        )
        return 1
    print(
        t.gettext("Not posted: %(reason)s")
        % {"reason": stats_not_posted(t, outcome.channel_id, outcome.result, outcome.week)},
        file=sys.stderr,
    )
    return 1


def cmd_report(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = resolve_team(db, args.team, t)
    with db.read() as session:
        chosen = workspace_settings.load(session, team_id)
    zone = chosen.zone
    try:
        first, last = weeks.parse_period(args.first, args.last, zone, utcnow().astimezone(zone).date())
    except weeks.PeriodError as problem:
        raise UsageError(_period_problem(problem, t)) from None
    with db.read() as session:
        figures = stats.report(session, team_id, zone, first=first, last=last)
    if args.png:
        # The picture is for the community's readers, so it speaks the workspace's language.
        png = report_card.render(figures, translator(chosen.language))
        try:
            Path(args.png).write_bytes(png)
        except OSError as exc:
            print(
                t.gettext("Could not write %(file)s: %(error)s") % {"file": args.png, "error": exc.strerror},
                file=sys.stderr,
            )
            return 1
    if args.json:
        _print_json(figures)
    else:
        print(report_message(t, figures)["text"])
    return 0


def _period_problem(problem: weeks.PeriodError, t: Translator) -> str:
    if problem.word is None:
        return t.gettext("--from %(first)s is after --to %(last)s: put the earlier day first.") % {
            "first": problem.first,
            "last": problem.last,
        }
    return t.gettext("%(value)s is not a day or a week: write it like 2026-01-31 or 2026-W05") % {
        "value": problem.word
    }


def cmd_remind(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = resolve_team(db, args.team, t)
    # A dry run needs no token: without one it only leaves out the links to the ideas.
    client = slack_for(db, team_id, t, required=not args.dry_run)
    report = reminders.run(db, client, team_id, scheduled=False, dry_run=args.dry_run)
    if args.json:
        _print_json(reminders.report_document(team_id, report, dry_run=args.dry_run))
    else:
        _print_reminders(report, t, dry_run=args.dry_run)
    for user_id, error in report.failed:
        print(
            t.gettext("Not sent to %(user)s: %(error)s. It will be tried again at the next run.")
            % {"user": user_id, "error": error},
            file=sys.stderr,
        )
    return 1 if report.failed else 0


def _print_reminders(report: reminders.RunReport, t: Translator, *, dry_run: bool) -> None:
    shown = [(entry, result) for entry, result in report.digests if dry_run or result == reminders.SENT]
    if not shown and not report.checkins_asked and not report.checkins_reminded:
        print(t.gettext("Nothing is due now."))
        return
    for entry, _result in shown:
        count = len(entry.items)
        head = (
            t.ngettext("%(user)s would get %(count)s item:", "%(user)s would get %(count)s items:", count)
            if dry_run
            else t.ngettext("%(user)s got %(count)s item:", "%(user)s got %(count)s items:", count)
        )
        print(head % {"user": entry.facilitator.user_id, "count": count})
        for item in entry.items:
            print(f"  {reminders.describe(item)}")
    for label, key in (
        (t.gettext("Check-in asked of"), "checkins_asked"),
        (t.gettext("Check-in reminder to"), "checkins_reminded"),
    ):
        pairs = getattr(report, key)
        if pairs:
            print(f"{label}: " + ", ".join(f"{user} ({week})" for week, user in pairs))


def cmd_pair(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = resolve_team(db, args.team, t)
    client = slack_for(db, team_id, t) if not args.dry_run else None
    report = pairing_run.run(db, client, team_id, scheduled=False, dry_run=args.dry_run)
    if args.json:
        _print_json(pairing_run.report_document(team_id, report, dry_run=args.dry_run))
    else:
        _print_pairing(report, t, dry_run=args.dry_run)
    for what, error in report.failed:
        print(t.gettext("Not sent (%(what)s): %(error)s.") % {"what": what, "error": error}, file=sys.stderr)
    return 1 if report.failed else 0


def _print_pairing(report: pairing_run.PairingReport, t: Translator, *, dry_run: bool) -> None:
    made = report.made
    if made is None or not made.groups:
        print(t.gettext("Fewer than two people are taking part: no groups were made."))
        return
    count = len(made.groups)
    head = (
        t.ngettext("%(count)s group would be made:", "%(count)s groups would be made:", count)
        if dry_run
        else t.ngettext("%(count)s group made:", "%(count)s groups made:", count)
    )
    print(head % {"count": count})
    for group in made.groups:
        shared = ", ".join(group.shared_interests)
        line = "  " + " + ".join(group.user_ids) + (f"  ({shared})" if shared else "")
        print(line + ("  " + t.gettext("met recently") if group.repeat else ""))
    print(
        t.gettext("Repeats of a recent meeting: %(repeats)s. Skipping this round: %(skipped)s.")
        % {"repeats": report.repeats, "skipped": made.skipped}
    )
    if not dry_run:
        print(t.gettext("Introduced: %(count)s.") % {"count": report.intros_sent})


COMMANDS: dict[str, Callable[[argparse.Namespace, Database, Translator], int]] = {
    "db": cmd_db,
    "settings": cmd_settings,
    "facilitators": cmd_facilitators,
    "stats": cmd_stats,
    "report": cmd_report,
    "remind": cmd_remind,
    "pair": cmd_pair,
    "export": cmd_export,
    "forget": cmd_forget,
    "purge": cmd_purge,
}
