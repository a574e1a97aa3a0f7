"""`remind` and `pair`: the scheduled runs, started by hand."""

from __future__ import annotations

import argparse
import sys

from bot.cli.common import print_json, resolve_team, slack_for, slack_if_installed
from bot.core.db import Database
from bot.core.i18n import Translator
from bot.facilitation import reminders
from bot.pairing import run as pairing_run


def cmd_remind(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = resolve_team(db, args.team, t)
    # A dry run needs no token: without one it only leaves out the links to the ideas.
    client = slack_if_installed(db, team_id) if args.dry_run else slack_for(db, team_id, t)
    report = reminders.run(db, client, team_id, scheduled=False, dry_run=args.dry_run)
    if args.json:
        print_json(reminders.report_document(team_id, report, dry_run=args.dry_run))
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
        print_json(pairing_run.report_document(team_id, report, dry_run=args.dry_run))
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
