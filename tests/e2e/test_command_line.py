"""The operator's command line and start-up: settings, exit statuses, one-line configuration errors,
and the bot coming up in both modes against the fake Slack."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import text

from app import main
from bot.core.db import Database
from bot.core.settings import ConfigError, load_settings
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.harness import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
NO_ENV_FILE = Path("/nonexistent/.env")


def clean_env(env: dict[str, str]) -> dict[str, str]:
    """The test's variables over the machine's, without any inherited Slack or database settings."""
    inherited = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "THINKTANK_", "DATABASE_URL"))
    }
    return {**inherited, **env, "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)}


def run_cli(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`python app.py …` in a clean environment and an empty working directory."""
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), *args],
        env=clean_env(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def bot_process(env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    """`python app.py` running the bot, as an operator starts it."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")],
        env={**clean_env(env), "PYTHONFAULTHANDLER": "1"},
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        _out, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        # Python's faulthandler (PYTHONFAULTHANDLER, set by bot_process) prints every thread's stack
        # on SIGABRT: the failure then shows where the bot was stuck, not only that it was.
        process.send_signal(signal.SIGABRT)
        _out, err = process.communicate(timeout=15)
        raise AssertionError(f"the bot did not stop within 15 s of SIGTERM:\n{err[-6000:]}") from None
    assert process.returncode == 0, err


def slack_env(fake: FakeSlack, database: Path, *, socket_mode: bool = True) -> dict[str, str]:
    """What an operator puts in .env to run the bot against (here) the fake Slack."""
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": f"sqlite:///{database}",
    }
    if socket_mode:
        env["SLACK_APP_TOKEN"] = APP_TOKEN
    else:
        env["SLACK_SIGNING_SECRET"] = SIGNING_SECRET
    return env


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-wrong"}, "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "PORT": "eighty"}, "PORT"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "DATABASE_URL": "mysql://x/y"},
            "DATABASE_URL",
        ),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "THINKTANK_SCHEDULER": "maybe"},
            "THINKTANK_SCHEDULER",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "SLACK_API_URL": "ftp://x"},
            "SLACK_API_URL",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "SLACK_CLIENT_ID": "1.2"},
            "SLACK_CLIENT_ID",
        ),
    ],
)
def test_a_configuration_mistake_exits_2_with_one_line_naming_the_variable(
    environ, variable, tmp_path
) -> None:
    result = run_cli(env={"DATABASE_URL": f"sqlite:///{tmp_path}/t.db", **environ}, cwd=tmp_path)

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0] and "Traceback" not in result.stderr


def test_settings_come_from_dotenv_and_the_environment_wins(tmp_path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "SLACK_BOT_TOKEN=xoxb-from-file\nPORT=4000\nSLACK_API_URL=https://slack-gov.com/api\n"
    )

    settings = load_settings({"PORT": "5000"}, env_file=env_file)

    assert settings.bot_token == "xoxb-from-file"
    assert settings.port == 5000
    assert settings.api_url == "https://slack-gov.com/api/"
    assert load_settings({"DATABASE_URL": "postgres://u@h/d"}, env_file=NO_ENV_FILE).database_url.startswith(
        "postgresql+psycopg://"
    )
    with pytest.raises(ConfigError):
        load_settings({"PORT": "70000"}, env_file=NO_ENV_FILE)


def test_settings_set_and_show(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")

    assert main(["settings", "set", "timezone", "Europe/Helsinki", "--team", "T0TEAM001"]) == 0
    assert main(["settings", "set", "themes", "Health, culture ,health,  open data"]) == 0
    capsys.readouterr()
    assert main(["settings", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)

    assert shown["team_id"] == "T0TEAM001"
    assert shown["timezone"] == "Europe/Helsinki"
    assert shown["themes"] == ["health", "culture", "open data"]
    assert shown["language"] == "en" and shown["stats_schedule"] == "mon 09:00"


@pytest.mark.parametrize(
    ("key", "value", "hint"),
    [
        ("timezone", "Mars/Olympus", "IANA"),
        ("language", "klingon", "en, fi"),
        ("stats_schedule", "monday 9am", "mon 09:00"),
        ("reminder_after_hours", "-3", "1 to 720"),
        ("ideas_channel", "#ideas", "C0123456789"),
        ("colour", "blue", "language, timezone"),
    ],
)
def test_a_bad_setting_is_refused_with_what_is_allowed(
    key, value, hint, tmp_path, capsys, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    main(["settings", "set", "language", "fi", "--team", "T1"])
    capsys.readouterr()

    assert main(["settings", "set", key, value]) == 2
    assert hint in capsys.readouterr().err
    main(["settings", "show", "--json"])
    assert json.loads(capsys.readouterr().out)["language"] == "fi"


def test_facilitators_are_added_listed_and_removed(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")

    assert main(["facilitators", "add", "U0FACIL001", "--team", "T1"]) == 0
    assert main(["facilitators", "add", "not a user"]) == 2
    capsys.readouterr()
    assert main(["facilitators", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"team_id": "T1", "facilitators": ["U0FACIL001"]}
    assert main(["facilitators", "remove", "U0FACIL001"]) == 0


def test_commands_need_a_workspace_when_several_are_known(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    main(["settings", "set", "language", "fi", "--team", "T1"])
    main(["settings", "set", "language", "fi", "--team", "T2"])
    capsys.readouterr()

    assert main(["settings", "show"]) == 2
    assert "--team" in capsys.readouterr().err
    assert main(["nonsense"]) == 2


def test_db_upgrade_reaches_head(tmp_path) -> None:
    result = run_cli("db", "upgrade", env={"DATABASE_URL": f"sqlite:///{tmp_path}/up.db"}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def test_the_bot_starts_in_http_mode_and_answers_health_checks(tmp_path) -> None:
    port = free_port()
    with FakeSlack() as fake:
        process = bot_process(
            {**slack_env(fake, tmp_path / "http.db", socket_mode=False), "PORT": str(port)}, tmp_path
        )
        try:
            wait_until(
                lambda: _get(f"http://127.0.0.1:{port}/healthz") == 200, timeout=30, message="healthz 200"
            )
            assert _get(f"http://127.0.0.1:{port}/nowhere") == 404
            assert fake.calls_to("auth.test")
        finally:
            stop(process)


def test_the_bot_connects_in_socket_mode(tmp_path) -> None:
    with FakeSlack() as fake:
        process = bot_process(slack_env(fake, tmp_path / "socket.db"), tmp_path)
        try:
            fake.wait_connected(timeout=30)
            # On a busy machine the Socket Mode client may reconnect (a late pong), opening again.
            connects = fake.calls_to("apps.connections.open")
            assert connects and {c.token for c in connects} == {APP_TOKEN}
        finally:
            stop(process)


def test_a_refused_token_is_a_configuration_error(tmp_path) -> None:
    with FakeSlack() as fake:
        fake.error_next("auth.test", "invalid_auth")
        env = slack_env(fake, tmp_path / "bad.db")
        result = run_cli(env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid_auth" in result.stderr and "Traceback" not in result.stderr


def test_health_is_503_when_the_database_is_unreachable() -> None:
    from slack_bolt import App

    from bot.slack.http import wsgi_app

    unreachable = Database("postgresql+psycopg://postgres@127.0.0.1:1/nothing")
    application = wsgi_app(
        App(token="xoxb-x", signing_secret="s", token_verification_enabled=False), unreachable
    )
    statuses: list[str] = []
    body = b"".join(
        application({"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"}, lambda s, h: statuses.append(s))
    )
    assert statuses == ["503 Service Unavailable"]
    assert json.loads(body) == {"database": "unreachable"}


def test_a_refused_app_token_is_a_configuration_error(tmp_path) -> None:
    with FakeSlack() as fake:
        fake.error_next("apps.connections.open", "invalid_auth")
        env = slack_env(fake, tmp_path / "bad.db")
        result = run_cli(env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "SLACK_APP_TOKEN" in result.stderr and "Traceback" not in result.stderr


def test_an_unreachable_database_is_one_line_and_exit_1(tmp_path) -> None:
    result = run_cli(
        "db", "upgrade", env={"DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/x"}, cwd=tmp_path
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "database" in result.stderr


def test_the_thinktank_command_and_python_app_py_are_the_same(tmp_path) -> None:
    script = Path(sys.executable).with_name("thinktank")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/same.db"}
    run_cli("settings", "set", "language", "fi", "--team", "T1", env=env, cwd=tmp_path)
    via_app = run_cli("settings", "show", "--json", env=env, cwd=tmp_path)
    via_script = subprocess.run(
        [str(script), "settings", "show", "--json"],
        env=clean_env(env),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert via_script.returncode == via_app.returncode == 0
    assert json.loads(via_script.stdout) == json.loads(via_app.stdout)


def test_an_installed_package_carries_its_translations(tmp_path) -> None:
    """A wheel (what `pip install .` installs) holds the catalogues, and they work from site-packages."""
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("thinktank-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    assert (site / "locales/fi/LC_MESSAGES/messages.po").is_file()
    probe = "from bot.core.i18n import translator; print(translator('fi').gettext('Pitch an idea'))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": str(site)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "Ehdota ideaa", result.stderr


def scheduled_job_ids(database: Path) -> set[str]:
    db = Database(f"sqlite:///{database}")
    try:
        with db.engine.connect() as conn:
            return set(conn.execute(text("SELECT id FROM apscheduler_jobs")).scalars())
    finally:
        db.dispose()


def test_the_scheduler_keeps_fixed_jobs_in_the_apps_database_and_reads_the_members(tmp_path) -> None:
    with FakeSlack() as fake:
        fake.add_user("U0MEMBER01")
        process = bot_process(slack_env(fake, tmp_path / "on.db"), tmp_path)
        try:
            fake.wait_connected(timeout=30)
            fake.wait_for("users.list", timeout=30)
        finally:
            stop(process)
    team = fake.team_id
    assert scheduled_job_ids(tmp_path / "on.db") == {
        "housekeeping",
        "resync",
        f"stats:{team}",
        f"members:{team}",
        f"reminders:{team}",
        f"pairing:{team}",
        f"gatherings:{team}",
        f"learnings:{team}",
        f"digests:{team}",
    }


def test_with_the_scheduler_off_this_process_runs_no_jobs(tmp_path) -> None:
    with FakeSlack() as fake:
        process = bot_process(
            {**slack_env(fake, tmp_path / "off.db"), "THINKTANK_SCHEDULER": "off"}, tmp_path
        )
        try:
            fake.wait_connected(timeout=30)
            # A scheduler, had one started, would have been started before this connection; the bot
            # answering a command is the sign that its start-up is over, whatever came of it.
            ack = fake.send_envelope("slash_commands", p.slash_command("/idea", "help"), timeout=30)
            assert ack is not None
        finally:
            stop(process)
        # The process has ended: every call it made is in, and none read the member list.
        assert not fake.calls_to("users.list")
    assert scheduled_job_ids(tmp_path / "off.db") == set()
