"""The figures on demand: `stats show`, `stats post`, `report` on the command line, and
`/thinktank stats` and `/thinktank report` in Slack, privately, in the asker's language."""

from __future__ import annotations

import json
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from app import main
from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.weeks import Week
from bot.core.workspace_settings import ensure_workspace, set_value
from bot.ideas import lifecycle, pitches
from bot.ideas.pitches import PitchDraft
from bot.pulse import activity, period_report, stats
from bot.pulse.period_report import months_between, quartile_range
from bot.pulse.views.report import report_message
from bot.pulse.views.stats import IdeaLink, week_message
from models import utcnow
from tests.e2e.test_command_line import run_cli, slack_env
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.harness import BotUnderTest
from tests.support.views_check import assert_valid_message

STATS_KEYS = {
    "team_id", "week", "start", "end", "members", "new_members", "active_commenters", "visitors",
    "messages", "reactions", "ideas_new", "ideas_total", "perspectives", "projects", "funded",
    "partners", "pairs_made", "pairs_met", "learnings_shared", "gatherings", "attendees", "checkins",
    "supports", "challenge_answers",
}  # fmt: skip
REPORT_KEYS = {
    "team_id", "community_name", "from", "to", "since", "months_active", "members",
    "weekly_active_commenters", "weekly_visitors", "ideas_total", "projects", "partners", "funded",
    "project_names", "partner_names", "funded_names", "pairs_met", "learnings_shared", "gatherings",
    "attendees", "supports", "challenge_answers",
}  # fmt: skip


def cli_json(capsys, *argv: str) -> dict:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def operator(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["settings", "set", "timezone", "Europe/Helsinki", "--team", "T0CLI0001"]) == 0
    return Database(url)


def test_stats_show_prints_the_interface_keys_for_a_week_in_the_workspace_zone(operator, capsys) -> None:
    helsinki = ZoneInfo("Europe/Helsinki")
    week = Week.parse("2026-W43", helsinki)
    with operator.session() as session:
        activity.add(
            session, "T0CLI0001", "U0ANNA0001", "messages", week.start + timedelta(hours=1), helsinki
        )
        activity.add(
            session, "T0CLI0001", "U0BEN00001", "reactions", week.start + timedelta(days=6), helsinki
        )

    shown = cli_json(capsys, "stats", "show", "--week", "2026-W43", "--json")

    assert set(shown) >= STATS_KEYS
    assert (shown["week"], shown["start"], shown["end"]) == (
        "2026-W43",
        "2026-10-19T00:00:00+03:00",
        "2026-10-26T00:00:00+02:00",
    )
    assert (shown["active_commenters"], shown["visitors"], shown["messages"], shown["reactions"]) == (
        1,
        2,
        1,
        1,
    )
    assert shown["checkins"] == {}
    assert all(
        isinstance(shown[key], int) for key in STATS_KEYS - {"team_id", "week", "start", "end", "checkins"}
    )


def test_stats_show_without_a_week_is_this_week_and_reads_as_text(operator, capsys) -> None:
    this_week = Week.current(ZoneInfo("Europe/Helsinki")).label
    assert cli_json(capsys, "stats", "show", "--json")["week"] == this_week
    assert main(["stats", "show"]) == 0
    out = capsys.readouterr().out
    assert f"Week {this_week}" in out and "Active commenters: 0" in out


@pytest.mark.parametrize("week", ["47", "2026-W60", "2025-W53", "last"])
def test_a_week_that_is_not_one_is_wrong_usage(operator, capsys, week: str) -> None:
    capsys.readouterr()
    assert main(["stats", "show", "--week", week]) == 2
    assert "2026-W47" in capsys.readouterr().err


def test_report_prints_the_interface_keys_over_the_whole_life(operator, capsys) -> None:
    helsinki = ZoneInfo("Europe/Helsinki")
    first = Week.current(helsinki)
    # Four whole weeks with 2, 4, 6 and 8 commenters, and the week under way with one.
    with operator.session() as session:
        for back, commenters in ((4, 2), (3, 4), (2, 6), (1, 8), (0, 1)):
            monday = first.start - timedelta(days=7 * back)
            for n in range(commenters):
                activity.add(session, "T0CLI0001", f"U0PERSON{n:02d}", "messages", monday, helsinki)
        idea = pitches.create_pitch(
            session,
            team_id="T0CLI0001",
            author_id="U0PERSON00",
            draft=PitchDraft(title="x"),
            origin_channel_id=None,
        )
        data = pitches.get(session, "T0CLI0001", idea.id)
        lifecycle.change_status(
            session, team_id="T0CLI0001", user_id="U0PERSON00", idea=data, to_status="developing"
        )
        lifecycle.set_partners(session, team_id="T0CLI0001", idea_id=idea.id, names=["Library", "City"])
        data = pitches.get(session, "T0CLI0001", idea.id)
        lifecycle.change_status(
            session, team_id="T0CLI0001", user_id="U0PERSON00", idea=data, to_status="funded"
        )
        data = pitches.get(session, "T0CLI0001", idea.id)
        lifecycle.change_status(
            session, team_id="T0CLI0001", user_id="U0PERSON00", idea=data, to_status="done"
        )

    shown = cli_json(capsys, "report", "--json")

    assert set(shown) >= REPORT_KEYS
    assert shown["since"] == (first.monday - timedelta(days=28)).isoformat()
    assert shown["months_active"] == 1
    # The 25th and 75th percentiles of 2, 4, 6, 8 (the week under way left out).
    assert shown["weekly_active_commenters"] == [4, 7]
    assert shown["weekly_visitors"] == [4, 7]
    # A project that was funded and is now done still counts as a project and as funded.
    assert (shown["ideas_total"], shown["projects"], shown["funded"], shown["partners"]) == (1, 1, 1, 2)

    assert main(["report"]) == 0
    assert "1 funded project" in capsys.readouterr().out


def test_percentiles_and_months_read_like_the_seed_communitys_card() -> None:
    assert quartile_range([]) == [0, 0]
    assert quartile_range([12]) == [12, 12]
    assert quartile_range([10, 11, 12, 13, 14, 15, 15, 16, 9]) == [11, 15]
    assert months_between(date(2026, 4, 15), date(2026, 11, 21)) == 7
    assert months_between(date(2026, 11, 20), date(2026, 11, 21)) == 1


def test_stats_post_from_the_command_line_posts_once(tmp_path) -> None:
    with FakeSlack() as fake:
        env = slack_env(fake, tmp_path / "post.db")
        assert (
            run_cli(
                "settings",
                "set",
                "stats_channel",
                "C0STATS001",
                "--team",
                fake.team_id,
                env=env,
                cwd=tmp_path,
            ).returncode
            == 0
        )

        first = run_cli("stats", "post", "--week", "2026-W46", env=env, cwd=tmp_path)
        again = run_cli("stats", "post", "--week", "2026-W46", env=env, cwd=tmp_path)
        forced = run_cli("stats", "post", "--week", "2026-W46", "--force", env=env, cwd=tmp_path)

        assert (first.returncode, again.returncode, forced.returncode) == (0, 0, 0), first.stderr
        assert "Posted the figures of 2026-W46" in first.stdout
        assert "already" in again.stdout and "--force" in again.stdout
        assert len(fake.calls_to("chat.postMessage")) == 2


def test_stats_post_to_a_channel_the_bot_is_not_in_fails_and_says_what_to_do(tmp_path) -> None:
    with FakeSlack() as fake:
        env = slack_env(fake, tmp_path / "post.db")
        run_cli(
            "settings", "set", "stats_channel", "C0STATS001", "--team", fake.team_id, env=env, cwd=tmp_path
        )
        fake.set_default("chat.postMessage", {"ok": False, "error": "not_in_channel"})

        refused = run_cli("stats", "post", env=env, cwd=tmp_path)

        assert refused.returncode == 1
        assert "/invite @Think Tank" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1


def test_thinktank_stats_shows_this_week_only_to_the_asker_in_their_language(bot: BotUnderTest) -> None:
    bot.fake.add_user(p.USER_ID, locale="fi-FI")
    bot.rt.member_sync.refresh_now(bot.rt.client, p.TEAM_ID, p.USER_ID)
    bot.rt.prefs.forget(p.TEAM_ID, p.USER_ID)
    response_url = bot.fake.response_url("stats")

    reply = bot.send(p.slash_command("/thinktank", "stats", response_url=response_url))

    assert reply.status == 200
    (answer,) = bot.fake.wait_for("response_url")
    body = answer.params
    assert body["response_type"] == "ephemeral"
    assert_valid_message(body["text"], body["blocks"])
    assert "Viikkomme lukuina" in str(body["blocks"])


def test_thinktank_report_shows_the_card(bot: BotUnderTest) -> None:
    response_url = bot.fake.response_url("report")
    bot.send(p.slash_command("/thinktank", "report", response_url=response_url))
    (answer,) = bot.fake.wait_for("response_url")
    assert answer.params["response_type"] == "ephemeral"
    assert_valid_message(answer.params["text"], answer.params["blocks"])


def test_thinktank_stats_with_more_words_says_so_and_shows_the_help(bot: BotUnderTest) -> None:
    reply = bot.send(p.slash_command("/thinktank", "stats 2026-W01"))
    assert "needs nothing after it" in reply.text and "/thinktank report" in reply.text


@pytest.mark.parametrize("language", ["en", "fi"])
def test_the_stats_messages_stay_within_slacks_limits(language: str) -> None:
    t = translator(language)
    big = dict.fromkeys(STATS_KEYS - {"team_id", "week", "start", "end", "checkins"}, 1_234_567)
    figures = {
        **big,
        "team_id": "T1",
        "week": "2026-W47",
        "start": "2026-11-16T00:00:00+02:00",
        "end": "2026-11-23T00:00:00+02:00",
        "checkins": {"attendance": 40, "new partners": 3},
    }
    previous = {**figures, **dict.fromkeys(big, 7)}
    links = [
        IdeaLink(n, "A very long title <with> *markup* & more " * 6, f"https://x.slack.com/p{n}")
        for n in range(10)
    ]
    message = week_message(t, figures, previous, links)
    assert_valid_message(message["text"], message["blocks"])
    if language == "en":
        # Gatherings and how many came show beside the check-ins' figure.
        assert "*People at gatherings*" in str(message["blocks"])
    report = {
        "team_id": "T1",
        "community_name": "A very long community name <!channel> " * 4,
        "from": "2025-01-01",
        "to": "2026-11-22",
        "since": "2025-01-01",
        "months_active": 23,
        "members": 95,
        "weekly_active_commenters": [10, 15],
        "weekly_visitors": [20, 25],
        "ideas_total": 11,
        "projects": 3,
        "partners": 8,
        "funded": 1,
        "pairs_met": 4,
        "learnings_shared": 2,
        "supports": 1_234_567,
        "challenge_answers": 1_234_567,
        "project_names": [f"#{n} " + "A long project title & more " * 8 for n in range(40)],
        "partner_names": ["City <of> Helsinki " * 5] * 40,
        "funded_names": ["#1 Seed swap"],
    }
    card = report_message(t, report, post_value="2025-01-01/2026-11-22")
    assert_valid_message(card["text"], card["blocks"])
    if language == "en":
        assert "*10–15* active commenters and *20–25* visitors a week" in str(card["blocks"])


def test_the_report_before_anything_happened_says_so(db: Database) -> None:
    with db.session() as session:
        ensure_workspace(session, "T0EMPTY01")
    with db.read() as session:
        report = period_report.report(session, "T0EMPTY01", ZoneInfo("UTC"))
    assert report["since"] is None and report["weekly_visitors"] == [0, 0]
    assert "Nothing to count yet" in report_message(translator("en"), report)["text"]


def test_an_idea_created_this_week_is_new_and_listed(db: Database) -> None:
    with db.session() as session:
        ensure_workspace(session, "T0NEW0001")
        set_value(session, "T0NEW0001", "timezone", "Europe/Helsinki")
        pitches.create_pitch(
            session,
            team_id="T0NEW0001",
            author_id="U1",
            draft=PitchDraft(title="Seed swap"),
            origin_channel_id=None,
        )
    week = Week.current(ZoneInfo("Europe/Helsinki"), utcnow())
    with db.read() as session:
        listed = stats.new_ideas_of(session, "T0NEW0001", week)
    assert [idea.title for idea in listed] == ["Seed swap"]
