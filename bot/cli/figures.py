"""`stats` and `report`: the weekly figures, shown or posted, and the community in numbers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.common import UsageError, print_json, resolve_team, slack_for, week_of
from bot.core import weeks, workspace_settings
from bot.core.db import Database
from bot.core.i18n import Translator, translator
from bot.core.weeks import Week
from bot.pulse import period_report, report_card, stats, stats_posting
from bot.pulse.views.report import report_message
from bot.pulse.views.stats import (
    CHECKIN_FIGURES,
    GATHERING_FIGURES,
    KNOWLEDGE_FIGURES,
    PAIRING_FIGURES,
    WEEK_FIGURES,
    stats_not_posted,
    week_heading,
)
from models import utcnow


def cmd_stats(args: argparse.Namespace, db: Database, t: Translator) -> int:
    team_id = resolve_team(db, args.team, t)
    if args.action == "post":
        return _post_stats(args, db, t, team_id)
    week = week_of(db, t, team_id=team_id, label=args.week, default=Week.current)
    with db.read() as session:
        figures = stats.weekly(session, team_id, week)
    if args.json:
        print_json(figures)
        return 0
    print(week_heading(t, figures))
    for key, label in (*WEEK_FIGURES, *PAIRING_FIGURES, *KNOWLEDGE_FIGURES, *GATHERING_FIGURES):
        print(f"  {t.gettext(label)}: {t.number(figures[key])}")
    for key, label in CHECKIN_FIGURES:
        if key in figures["checkins"]:
            print(f"  {t.gettext(label)}: {t.number(figures['checkins'][key])}")
    return 0


def _post_stats(args: argparse.Namespace, db: Database, t: Translator, team_id: str) -> int:
    client = slack_for(db, team_id, t)
    week = week_of(
        db, t, team_id=team_id, label=args.week, default=lambda zone: Week.current(zone).previous()
    )
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
        figures = period_report.report(session, team_id, zone, first=first, last=last)
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
        print_json(figures)
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
