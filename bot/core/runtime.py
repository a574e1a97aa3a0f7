"""What a running bot holds: settings, database, the Slack client and the caches around them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient

from bot.core.db import Database
from bot.core.preferences import Preferences
from bot.core.settings import Settings
from bot.ideas import search_terms
from bot.pulse.activity_recorder import ActivityRecorder
from bot.slack.client import build_client
from bot.slack.installations import Tokens
from bot.slack.member_sync import MemberSync

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    client: WebClient
    prefs: Preferences
    member_sync: MemberSync
    recorder: ActivityRecorder
    tokens: Tokens
    # The running scheduler, in the one process that runs it (`THINKTANK_SCHEDULER`); else None.
    scheduler: Any = field(default=None)
    closed: bool = field(default=False)

    @classmethod
    def create(
        cls, settings: Settings, db: Database | None = None, *, wait_for_dictionaries: bool = True
    ) -> Runtime:
        """`wait_for_dictionaries`: read search's dictionaries now, so that no request ever waits for
        them; `run` reads them while it connects instead (start-up stays quick, and a request in
        the first seconds waits for the one load)."""
        db = db or Database(settings.database_url)
        prefs = Preferences(db)
        if wait_for_dictionaries:
            search_terms.load_dictionaries()
        else:
            search_terms.load_dictionaries_in_background()
        return cls(
            settings=settings,
            db=db,
            client=build_client(settings),
            prefs=prefs,
            member_sync=MemberSync(db, prefs),
            recorder=ActivityRecorder(db, lambda team_id: prefs.workspace(team_id).zone),
            tokens=Tokens(settings, db),
        )

    def client_for(self, team_id: str) -> WebClient | None:
        """A client with the workspace's own bot token, for work outside a request (scheduled jobs,
        operator commands); None when the workspace has no token (uninstalled)."""
        # One workspace: the shared client already carries SLACK_BOT_TOKEN.
        return self.client if self.tokens.store is None else self.tokens.client_for(team_id)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if self.scheduler is not None:
                self.scheduler.shutdown()
            self.member_sync.shutdown()
            self.recorder.close()
            self.db.dispose()
