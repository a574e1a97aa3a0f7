"""Many workspaces: installing through Slack's OAuth flow, each request and job kept to its own
workspace, tokens sealed at rest, uninstalling, purging, and Slack hosts other than slack.com."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app import main
from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.scheduler import Scheduler
from bot.core.settings import ConfigError
from bot.core.weeks import Week
from bot.core.workspace_settings import ensure_workspace, installed_team_ids
from bot.facilitation import assignment, reminders
from bot.ideas import pitches
from bot.ideas.pitches import PitchDraft
from bot.members import roster
from bot.privacy import purge
from bot.pulse import stats
from bot.pulse.views.stats import week_message
from bot.slack.installations import SEALED, Sealer, Tokens
from bot.slack.oauth import authorize_url
from handlers import events
from models import Idea, Workspace, bots_table, installations_table, utcnow
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.harness import BotUnderTest, install, make_settings, start_http_bot, wait_until

TEAM_A, TEAM_B, TEAM_C = "T0AAAAAA01", "T0BBBBBB02", "T0CCCCCC03"
TOKEN_A, TOKEN_B = "xoxb-workspace-a-token", "xoxb-workspace-b-token"
# The same person id in both workspaces, so that only the workspace can keep their data apart.
MEMBER = "U0MEMBER01"
FACILITATOR_A, FACILITATOR_B = "U0FACILA01", "U0FACILB01"
SECRET = "a long passphrase nobody guesses 7c1e"


@pytest.fixture
def oauth_bot(db: Database, fake_slack: FakeSlack) -> Iterator[BotUnderTest]:
    bot = start_http_bot(db, fake_slack, oauth=True, secret_key=SECRET)
    try:
        yield bot
    finally:
        bot.stop()


def install_both(bot: BotUnderTest) -> None:
    install(bot, team_id=TEAM_A, team_name="Helsinki Think Tank", bot_token=TOKEN_A)
    install(bot, team_id=TEAM_B, team_name="Turku Think Tank", bot_token=TOKEN_B)


def seed(db: Database, team_id: str, titles: list[str], facilitator: str) -> None:
    with db.session() as session:
        ensure_workspace(session, team_id)
        assignment.set_role(session, team_id, facilitator, True)
        person = roster.ensure_member(session, team_id, facilitator)
        person.timezone, person.slack_locale, person.profile_synced_at = "Europe/Helsinki", "en-US", utcnow()
        for title in titles:
            idea = pitches.create_pitch(
                session,
                team_id=team_id,
                author_id=MEMBER,
                draft=PitchDraft(title=title),
                origin_channel_id=None,
            )
            assignment.assign_new_idea(session, team_id, idea.id, MEMBER)


def tokens_used_since(bot: BotUnderTest, mark: int) -> set[str | None]:
    return {call.token for call in bot.fake.calls[mark:] if call.method != "response_url"}


def test_two_workspaces_install_through_oauth_and_nothing_of_one_shows_in_the_other(
    oauth_bot: BotUnderTest, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bot = oauth_bot
    page = install(bot, team_id=TEAM_A, team_name="Helsinki Think Tank", bot_token=TOKEN_A)
    install(bot, team_id=TEAM_B, team_name="Turku Think Tank", bot_token=TOKEN_B)
    assert "Thank you" in page
    exchanges = bot.fake.calls_to("oauth.v2.access")
    assert [c.params.get("code") for c in exchanges] == [f"code-{TEAM_A}", f"code-{TEAM_B}"]
    with bot.db.read() as session:
        assert installed_team_ids(session) == [TEAM_A, TEAM_B]
        names = dict(session.execute(select(Workspace.team_id, Workspace.name)).all())
    assert names == {TEAM_A: "Helsinki Think Tank", TEAM_B: "Turku Think Tank"}
    seed(bot.db, TEAM_A, ["Garden of Helsinki", "Library of things"], FACILITATOR_A)
    seed(bot.db, TEAM_B, ["Garden of Turku"], FACILITATOR_B)

    # Commands and search: the same idea number and the same words, each workspace its own.
    for team_id, token, own, other in (
        (TEAM_A, TOKEN_A, "Garden of Helsinki", "Garden of Turku"),
        (TEAM_B, TOKEN_B, "Garden of Turku", "Garden of Helsinki"),
    ):
        shown = json.dumps(bot.send(p.slash_command("/idea", "show 1", team_id=team_id, user_id=MEMBER)).body)
        found = json.dumps(
            bot.send(p.slash_command("/idea", "search garden", team_id=team_id, user_id=MEMBER)).body
        )
        assert own in shown and other not in shown
        assert own in found and other not in found
        mark = len(bot.fake.calls)
        bot.send(p.slash_command("/pitch", "", team_id=team_id, user_id=MEMBER))
        bot.fake.wait_for("views.open", count=1 if team_id == TEAM_A else 2)
        assert tokens_used_since(bot, mark) == {token}, "each workspace's requests use its own token"

    # Figures: each asker sees their own workspace's week.
    zone = translator("en")
    for team_id in (TEAM_A, TEAM_B):
        url = bot.fake.response_url(f"stats-{team_id}")
        bot.send(p.slash_command("/thinktank", "stats", team_id=team_id, user_id=MEMBER, response_url=url))
        answer = wait_until(lambda url=url: [c for c in bot.fake.calls_to("response_url") if c.path in url])[
            0
        ]
        with bot.db.read() as session:
            week = stats.weekly(session, team_id, Week.current(bot.rt.prefs.workspace(team_id).zone))
        assert week["ideas_new"] == (2 if team_id == TEAM_A else 1)
        assert answer.params["text"] == week_message(zone, week)["text"]

    # Privacy: the same person id, each workspace shows and erases only its own.
    url = bot.fake.response_url("privacy-b")
    bot.send(p.slash_command("/thinktank", "privacy", team_id=TEAM_B, user_id=MEMBER, response_url=url))
    answer = wait_until(lambda: [c for c in bot.fake.calls_to("response_url") if c.path in url])[0]
    assert "1 idea you pitched" in json.dumps(answer.params["blocks"])

    # Reminders: each facilitator hears of their own workspace's ideas, written with its token.
    later = utcnow() + timedelta(days=3)
    with bot.db.session() as session:
        session.execute(update(Idea).values(created_at=later - timedelta(days=3)))
    for team_id, facilitator, own, other in (
        (TEAM_A, FACILITATOR_A, "Garden of Helsinki", "Garden of Turku"),
        (TEAM_B, FACILITATOR_B, "Garden of Turku", "Garden of Helsinki"),
    ):
        client = bot.rt.client_for(team_id)
        assert client is not None and client.token == (TOKEN_A if team_id == TEAM_A else TOKEN_B)
        mark = len(bot.fake.calls)
        report = reminders.run(bot.db, client, team_id, now=later, scheduled=False)
        assert [entry.facilitator.user_id for entry in report.sent] == [facilitator]
        digest = json.dumps([c.params for c in bot.fake.calls[mark:] if c.method == "chat.postMessage"])
        assert own in digest and other not in digest
        assert tokens_used_since(bot, mark) == {client.token}

    # Export: one workspace's ideas only.
    monkeypatch.setenv("DATABASE_URL", bot.db.url)
    capsys.readouterr()
    assert main(["export", "ideas", "--team", TEAM_B, "--format", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert [row["title"] for row in exported["ideas"]] == ["Garden of Turku"]


def test_a_workspace_without_an_installation_gets_nothing_and_changes_nothing(
    oauth_bot: BotUnderTest,
) -> None:
    install_both(oauth_bot)
    seed(oauth_bot.db, TEAM_A, ["Garden of Helsinki"], FACILITATOR_A)
    mark = len(oauth_bot.fake.calls)

    url = oauth_bot.fake.response_url("unknown")
    oauth_bot.send(p.slash_command("/idea", "show 1", team_id=TEAM_C, user_id=MEMBER, response_url=url))

    # Bolt tells the member, privately, that the app is not installed there.
    [answer] = oauth_bot.fake.wait_for("response_url")
    assert "reinstall" in answer.params["text"] and "Garden" not in json.dumps(answer.params)
    assert tokens_used_since(oauth_bot, mark) <= {None}, "no Web API call with anyone's token"
    with oauth_bot.db.read() as session:
        assert session.get(Workspace, TEAM_C) is None


def test_tokens_are_sealed_at_rest_and_the_wrong_key_is_refused_clearly(oauth_bot: BotUnderTest) -> None:
    install_both(oauth_bot)
    with oauth_bot.db.read() as session:
        stored = [
            *session.scalars(select(bots_table.c.bot_token)),
            *session.scalars(select(installations_table.c.bot_token)),
        ]
    assert len(stored) == 4 and all(token.startswith(SEALED) for token in stored)
    assert not any(TOKEN_A in token or TOKEN_B in token for token in stored)
    assert oauth_bot.rt.tokens.bot_token(TEAM_B) == TOKEN_B

    settings = make_settings(
        oauth_bot.fake, oauth_bot.db.url, socket_mode=False, oauth=True, secret_key="wrong"
    )
    with pytest.raises(ConfigError, match="THINKTANK_SECRET_KEY does not open"):
        Tokens(settings, oauth_bot.db).check_and_seal()
    keyless = make_settings(oauth_bot.fake, oauth_bot.db.url, socket_mode=False, oauth=True)
    with pytest.raises(ConfigError, match="set THINKTANK_SECRET_KEY"):
        Tokens(keyless, oauth_bot.db).bot_token(TEAM_A)


def test_tokens_stored_before_a_key_was_set_are_sealed_at_the_next_start(
    db: Database, fake_slack: FakeSlack
) -> None:
    plain = start_http_bot(db, fake_slack, oauth=True)
    try:
        install(plain, team_id=TEAM_A, team_name="Helsinki", bot_token=TOKEN_A)
        with db.read() as session:
            assert session.scalar(select(bots_table.c.bot_token)) == TOKEN_A
    finally:
        plain.stop()
    sealed = Tokens(make_settings(fake_slack, db.url, socket_mode=False, oauth=True, secret_key=SECRET), db)
    sealed.check_and_seal()
    with db.read() as session:
        assert session.scalar(select(bots_table.c.bot_token)).startswith(SEALED)
    assert sealed.bot_token(TEAM_A) == TOKEN_A
    assert Sealer(SECRET).open(Sealer(SECRET).seal("xoxb-1")) == "xoxb-1"


def job_ids(scheduler: Scheduler) -> set[str]:
    return {job.id for job in scheduler.jobs.get_jobs() if ":" in job.id}


@pytest.mark.parametrize(
    "order", [("app_uninstalled", "tokens_revoked"), ("tokens_revoked", "app_uninstalled")]
)
def test_uninstalling_deletes_the_tokens_and_stops_the_jobs_at_once_and_a_reinstall_picks_the_data_up(
    oauth_bot: BotUnderTest, order: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = oauth_bot
    handled: list[str] = []
    real = events.workspace_uninstalled
    monkeypatch.setattr(
        events, "workspace_uninstalled", lambda rt, team: (real(rt, team), handled.append(team))
    )
    install_both(bot)
    seed(bot.db, TEAM_A, ["Garden of Helsinki"], FACILITATOR_A)
    scheduler = Scheduler(bot.rt)
    scheduler.start(read_members_now=False)
    try:
        assert {f"pairing:{TEAM_A}", f"stats:{TEAM_A}", f"reminders:{TEAM_B}"} <= job_ids(scheduler)

        for kind in order:
            event = {"type": kind}
            if kind == "tokens_revoked":
                event["tokens"] = {"bot": ["U0BOT0001"]}
            assert bot.send(p.event_callback(event, team_id=TEAM_A)).status == 200

        # Listeners run after the ack: wait until both events are handled.
        wait_until(lambda: len(handled) == 2, message="both events handled")

        with bot.db.read() as session:
            assert session.scalar(select(bots_table.c.id).where(bots_table.c.team_id == TEAM_A)) is None
            assert (
                session.scalar(
                    select(installations_table.c.id).where(installations_table.c.team_id == TEAM_A)
                )
                is None
            )
            assert session.get(Workspace, TEAM_A).uninstalled_at is not None
            assert session.scalar(select(Idea.title).where(Idea.team_id == TEAM_A)) == "Garden of Helsinki"
        assert not any(job.endswith(TEAM_A) for job in job_ids(scheduler)), "workspace A's jobs stopped"
        assert f"stats:{TEAM_B}" in job_ids(scheduler), "workspace B goes on"
        assert bot.rt.client_for(TEAM_A) is None and bot.rt.tokens.bot_token(TEAM_B) == TOKEN_B

        install(bot, team_id=TEAM_A, team_name="Helsinki Think Tank", bot_token="xoxb-workspace-a-again")
        assert f"stats:{TEAM_A}" in job_ids(scheduler)
        shown = bot.send(p.slash_command("/idea", "show 1", team_id=TEAM_A, user_id=MEMBER)).body
        assert "Garden of Helsinki" in json.dumps(shown)
    finally:
        scheduler.shutdown()


def test_purge_asks_first_then_deletes_everything_of_one_workspace_only(
    oauth_bot: BotUnderTest, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bot = oauth_bot
    install_both(bot)
    seed(bot.db, TEAM_A, ["Garden of Helsinki", "Library of things"], FACILITATOR_A)
    seed(bot.db, TEAM_B, ["Garden of Turku"], FACILITATOR_B)
    with bot.db.read() as session:
        before_b = purge.rows_of(session, TEAM_B)
    monkeypatch.setenv("DATABASE_URL", bot.db.url)

    # Not at a terminal and no --yes: refused, nothing deleted.
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["purge", "--team", TEAM_A]) == 2
    assert "--yes" in capsys.readouterr().err
    # At a terminal, a wrong answer deletes nothing either.
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "T0WRONG")
    assert main(["purge", "--team", TEAM_A]) == 1
    with bot.db.read() as session:
        assert purge.rows_of(session, TEAM_A)["ideas"] == 2

    monkeypatch.setattr("builtins.input", lambda prompt: TEAM_A.lower())
    assert main(["purge", "--team", TEAM_A]) == 0
    out = capsys.readouterr().out
    assert "ideas 2" in out and "still installed" in out
    with bot.db.read() as session:
        assert purge.rows_of(session, TEAM_A) == {}
        assert purge.rows_of(session, TEAM_B) == before_b
    assert main(["purge", "--team", TEAM_A, "--yes"]) == 0
    assert "keeps nothing" in capsys.readouterr().out


def test_slack_hosts_other_than_slack_com_are_used_for_the_install_page_and_every_call(
    oauth_bot: BotUnderTest,
) -> None:
    assert authorize_url("https://slack.com/api/") == "https://slack.com/oauth/v2/authorize"
    assert authorize_url("https://slack-gov.com/api/") == "https://slack-gov.com/oauth/v2/authorize"
    install_both(oauth_bot)
    # Every Web API call of the install (the code exchange, auth.test) went to SLACK_API_URL: the fake.
    assert {c.method for c in oauth_bot.fake.calls} >= {"oauth.v2.access", "auth.test"}
    client = oauth_bot.rt.client_for(TEAM_A)
    assert client is not None and client.base_url == oauth_bot.fake.api_url
