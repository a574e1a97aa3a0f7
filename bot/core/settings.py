"""Process settings from the environment and `.env` (real environment variables win).

A missing or malformed value raises `ConfigError` with one line that names the variable and
says how to fix it; the command line turns that into exit status 2 without a traceback.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from dotenv import dotenv_values
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.core.i18n import operator_translator
from bot.core.text import whole_number

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///thinktank.db"
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class ConfigError(Exception):
    """A configuration mistake, explained in one line for the operator."""


@dataclass(frozen=True)
class Settings:
    bot_token: str | None
    app_token: str | None
    signing_secret: str | None
    client_id: str | None
    client_secret: str | None
    api_url: str
    database_url: str
    port: int
    scheduler: bool
    secret_key: str | None
    log_level: str

    @property
    def socket_mode(self) -> bool:
        """An app-level token selects Socket Mode; without one the bot serves HTTP."""
        return self.app_token is not None

    @property
    def oauth(self) -> bool:
        return self.client_id is not None and self.client_secret is not None

    def require_slack(self) -> None:
        """Check what running the bot needs beyond what every command needs."""
        _ = operator_translator().gettext
        if self.oauth and self.socket_mode:
            raise ConfigError(
                _(
                    "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET install the app through a web page, which HTTP "
                    "mode serves: unset SLACK_APP_TOKEN, or unset both to run one workspace in Socket Mode."
                )
            )
        if not self.oauth:
            self.require_bot_token()
        if not self.socket_mode and self.signing_secret is None:
            raise ConfigError(
                _(
                    "SLACK_SIGNING_SECRET is not set and HTTP mode needs it: copy the Signing Secret from "
                    "Basic Information in your Slack app's settings into .env, or set SLACK_APP_TOKEN for "
                    "Socket Mode."
                )
            )

    def require_bot_token(self) -> None:
        """What any command that talks to Slack needs."""
        if self.bot_token is None:
            raise ConfigError(
                operator_translator().gettext(
                    "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from your Slack "
                    "app's OAuth & Permissions page into .env."
                )
            )


def read_environment(
    environ: Mapping[str, str] | None = None, env_file: Path | None = None
) -> dict[str, str]:
    """The environment over `.env` in the working directory; empty values count as unset."""
    environ = os.environ if environ is None else environ
    env_file = Path(".env") if env_file is None else env_file
    merged: dict[str, str] = {}
    if env_file.is_file():
        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(environ)
    return {k: v.strip() for k, v in merged.items() if v and v.strip()}


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = None) -> Settings:
    env = read_environment(environ, env_file)
    _ = operator_translator().gettext

    bot_token = env.get("SLACK_BOT_TOKEN")
    if bot_token is not None and not bot_token.startswith("xoxb-"):
        raise ConfigError(
            _(
                "SLACK_BOT_TOKEN must start with xoxb-: use the Bot User OAuth Token from your Slack app's "
                "OAuth & Permissions page, not a user or app-level token."
            )
        )
    app_token = env.get("SLACK_APP_TOKEN")
    if app_token is not None and not app_token.startswith("xapp-"):
        raise ConfigError(
            _(
                "SLACK_APP_TOKEN must start with xapp-: create an app-level token with the "
                "connections:write scope under Basic Information → App-Level Tokens."
            )
        )
    client_id, client_secret = env.get("SLACK_CLIENT_ID"), env.get("SLACK_CLIENT_SECRET")
    if (client_id is None) != (client_secret is None):
        raise ConfigError(
            _(
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together: copy both from your Slack app's "
                "Basic Information page, or unset both."
            )
        )
    return Settings(
        bot_token=bot_token,
        app_token=app_token,
        signing_secret=env.get("SLACK_SIGNING_SECRET"),
        client_id=client_id,
        client_secret=client_secret,
        api_url=_api_url(env.get("SLACK_API_URL", DEFAULT_API_URL)),
        database_url=normalise_database_url(env.get("DATABASE_URL", DEFAULT_DATABASE_URL)),
        port=_port(env.get("PORT", "3000")),
        scheduler=_on_off(env.get("THINKTANK_SCHEDULER", "on")),
        secret_key=env.get("THINKTANK_SECRET_KEY"),
        log_level=_log_level(env.get("LOG_LEVEL", "INFO")),
    )


def _api_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        _ = operator_translator().gettext
        raise ConfigError(
            _(
                "SLACK_API_URL must be an http(s) URL such as https://slack.com/api/ (GovSlack: https://slack-gov.com/api/)."
            )
        )
    # slack_sdk appends the method name to the base URL, so the slash matters.
    return value if value.endswith("/") else value + "/"


def normalise_database_url(value: str) -> str:
    """Accept the common `postgres://` and `postgresql://` spellings and use psycopg 3 for them."""
    _ = operator_translator().gettext
    try:
        url = make_url(value)
    except ArgumentError:
        raise ConfigError(
            _(
                "DATABASE_URL is not a database URL: use sqlite:///thinktank.db or "
                "postgresql+psycopg://USER@HOST:5432/DBNAME."
            )
        ) from None
    if url.drivername in ("postgres", "postgresql", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise ConfigError(
            _("DATABASE_URL must point to SQLite (sqlite:///FILE) or PostgreSQL (postgresql+psycopg://…).")
        )
    return url.render_as_string(hide_password=False)


def _port(value: str) -> int:
    number = whole_number(value.strip(), max_digits=5)
    if number is not None and 0 < number < 65536:
        return number
    _ = operator_translator().gettext
    raise ConfigError(_("PORT must be a whole number from 1 to 65535, for example 3000."))


def _on_off(value: str) -> bool:
    lowered = value.lower()
    if lowered in ("on", "true", "1", "yes"):
        return True
    if lowered in ("off", "false", "0", "no"):
        return False
    _ = operator_translator().gettext
    raise ConfigError(_("THINKTANK_SCHEDULER must be on or off."))


def _log_level(value: str) -> str:
    upper = value.upper()
    if upper in LOG_LEVELS:
        return upper
    _ = operator_translator().gettext
    raise ConfigError(_("LOG_LEVEL must be one of: %(levels)s.") % {"levels": ", ".join(LOG_LEVELS)})


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
