"""Slack's OAuth installations, bot tokens and install states (slack_sdk's own table shapes).

slack_sdk's SQLAlchemy stores read and write these tables; they are declared on the app's metadata
so that Alembic creates them in the app's database (migration 0008) and the privacy and purge code
can see them. The token columns are wider than slack_sdk's 200 characters so that a token sealed with
`THINKTANK_SECRET_KEY` fits.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Text

from models.base import Base

INSTALLATIONS = "slack_installations"
BOTS = "slack_bots"
OAUTH_STATES = "slack_oauth_states"
TOKEN_COLUMNS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")

installations_table = SQLAlchemyInstallationStore.build_installations_table(Base.metadata, INSTALLATIONS)
bots_table = SQLAlchemyInstallationStore.build_bots_table(Base.metadata, BOTS)
oauth_states_table = SQLAlchemyOAuthStateStore.build_oauth_states_table(Base.metadata, OAUTH_STATES)

for _table in (installations_table, bots_table):
    for _name in TOKEN_COLUMNS:
        if _name in _table.c:
            _table.c[_name].type = Text()
