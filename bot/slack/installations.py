"""Where each workspace's bot token comes from, and keeping tokens safe at rest.

One workspace: `SLACK_BOT_TOKEN` from the environment. Many: Slack's OAuth installs, kept by
slack_sdk's SQLAlchemy installation store in the app's own database (tables of migration 0008).
With `THINKTANK_SECRET_KEY` set, every token is sealed (Fernet: AES with an HMAC) before it is
written and opened when it is read, so a copy of the database alone does not give the tokens away.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import logging
from typing import Any, TypeVar

from cryptography.fernet import Fernet, InvalidToken
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import delete, distinct, select, update

from bot.core.db import Database, rows_changed
from bot.core.i18n import operator_translator
from bot.core.settings import ConfigError, Settings
from bot.slack.client import build_client
from models.installation import (
    BOTS,
    INSTALLATIONS,
    OAUTH_STATES,
    TOKEN_COLUMNS,
    bots_table,
    installations_table,
)

log = logging.getLogger(__name__)

SEALED = "sealed1:"
# How long an install link may wait for Slack's redirect (slack_sdk's default too).
STATE_EXPIRY_SECONDS = 600
T = TypeVar("T", Installation, Bot)


class Sealer:
    """Seals and opens token strings; without a key it leaves them as they are."""

    def __init__(self, secret_key: str | None) -> None:
        # Any passphrase will do: the Fernet key is derived from it (a long random one is best).
        digest = hashlib.sha256(b"thinktank-tokens:" + secret_key.encode()).digest() if secret_key else None
        self._fernet = Fernet(base64.urlsafe_b64encode(digest)) if digest else None

    @property
    def sealing(self) -> bool:
        return self._fernet is not None

    def seal(self, value: str | None) -> str | None:
        if not value or self._fernet is None or value.startswith(SEALED):
            return value
        return SEALED + self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str | None) -> str | None:
        """A sealed token opened; a plain one (stored before a key was set) as it is."""
        if not value or not value.startswith(SEALED):
            return value
        if self._fernet is None:
            raise ConfigError(
                operator_translator().gettext(
                    "The stored Slack tokens are encrypted: set THINKTANK_SECRET_KEY to the key they were "
                    "stored with."
                )
            )
        try:
            return self._fernet.decrypt(value[len(SEALED) :].encode()).decode()
        except InvalidToken:
            raise ConfigError(
                operator_translator().gettext(
                    "THINKTANK_SECRET_KEY does not open the stored Slack tokens: set the key they were "
                    "stored with. If it is lost, delete the rows of slack_bots and slack_installations "
                    "and install the app to each workspace again."
                )
            ) from None

    def apply(self, record: T, how: Any) -> T:
        """A copy of an installation or bot with each token passed through `how`."""
        changed = copy.copy(record)
        for name in TOKEN_COLUMNS:
            if hasattr(changed, name):
                setattr(changed, name, how(getattr(changed, name)))
        return changed


class TokenStore(SQLAlchemyInstallationStore):
    """slack_sdk's store on the app's tables, sealing tokens on the way in and opening them on the way out."""

    def __init__(self, client_id: str, db: Database, sealer: Sealer) -> None:
        super().__init__(client_id, db.engine, bots_table_name=BOTS, installations_table_name=INSTALLATIONS)
        self._sealer = sealer

    def save(self, installation: Installation) -> None:
        # slack_sdk's save writes the bot row through save_bot too; sealing twice is a no-op.
        super().save(self._sealer.apply(installation, self._sealer.seal))

    def save_bot(self, bot: Bot) -> None:
        super().save_bot(self._sealer.apply(bot, self._sealer.seal))

    def find_bot(self, **kwargs: Any) -> Bot | None:
        bot = super().find_bot(**kwargs)
        return None if bot is None else self._sealer.apply(bot, self._sealer.open)

    def find_installation(self, **kwargs: Any) -> Installation | None:
        installation = super().find_installation(**kwargs)
        return None if installation is None else self._sealer.apply(installation, self._sealer.open)


class Tokens:
    """Each workspace's bot token, whichever way the app was installed."""

    def __init__(self, settings: Settings, db: Database) -> None:
        self._settings = settings
        self._db = db
        self.sealer = Sealer(settings.secret_key)
        client_id = settings.client_id
        self.store = TokenStore(client_id, db, self.sealer) if settings.oauth and client_id else None

    def state_store(self) -> SQLAlchemyOAuthStateStore:
        return SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_EXPIRY_SECONDS, engine=self._db.engine, table_name=OAUTH_STATES
        )

    def bot_token(self, team_id: str) -> str | None:
        if self.store is None:
            return self._settings.bot_token
        bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
        return bot.bot_token if bot is not None else None

    def client_for(self, team_id: str) -> WebClient | None:
        """A new client with the workspace's bot token; None when it has none (not installed)."""
        token = self.bot_token(team_id)
        return build_client(self._settings, token) if token else None

    def installed_team_ids(self) -> list[str]:
        """Workspaces with a bot token in the store (none without OAuth)."""
        with self._db.read() as session:
            rows = session.scalars(
                select(distinct(bots_table.c.team_id)).where(
                    bots_table.c.bot_token.is_not(None), bots_table.c.team_id.is_not(None)
                )
            )
            return sorted(rows)

    def forget(self, team_id: str) -> int:
        """Delete every token of a workspace at once (uninstalled, or its tokens revoked)."""
        with self._db.session() as session:
            removed = rows_changed(session.execute(delete(bots_table).where(bots_table.c.team_id == team_id)))
            removed += rows_changed(
                session.execute(delete(installations_table).where(installations_table.c.team_id == team_id))
            )
        return removed

    def check_and_seal(self) -> None:
        """At start: every stored token opens with the key given (else a ConfigError), and tokens
        stored before the key was set are sealed now."""
        with self._db.session() as session:
            for table in (installations_table, bots_table):
                columns = [table.c[name] for name in TOKEN_COLUMNS if name in table.c]
                for row in session.execute(select(table.c.id, *columns)).all():
                    values = dict(zip((c.name for c in columns), row[1:], strict=True))
                    sealed = {}
                    for name, value in values.items():
                        self.sealer.open(value)
                        if value and self.sealer.sealing and not value.startswith(SEALED):
                            sealed[name] = self.sealer.seal(value)
                    if sealed:
                        session.execute(update(table).where(table.c.id == row[0]).values(**sealed))
        if self.sealer.sealing:
            log.info("Slack tokens are sealed at rest with THINKTANK_SECRET_KEY")
