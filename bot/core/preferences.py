"""Workspace settings and members' languages, cached so a slash command can open its modal at once.

A `trigger_id` lives three seconds, so the hot path reads these from memory; a miss costs one
indexed read. Writes through this process forget the cached entry at once; another process sees
a change within `ttl` seconds.
"""

from __future__ import annotations

import threading

from cachetools import TTLCache

from bot.core import workspace_settings
from bot.core.db import Database
from bot.core.i18n import Translator, resolve_language, translator
from bot.core.workspace_settings import WorkspaceSettings
from bot.members import roster
from bot.members.roster import LanguageInputs

DEFAULT_TTL_SECONDS = 300.0


class Preferences:
    def __init__(self, db: Database, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._settings: TTLCache[str, WorkspaceSettings] = TTLCache(maxsize=1_000, ttl=ttl)
        self._languages: TTLCache[tuple[str, str], LanguageInputs] = TTLCache(maxsize=100_000, ttl=ttl)

    def warm(self) -> None:
        """Load every workspace's settings and members' languages, so first requests read memory."""
        with self._db.read() as session:
            team_ids = workspace_settings.known_team_ids(session)
            loaded = {team_id: workspace_settings.load(session, team_id) for team_id in team_ids}
            languages = roster.all_language_inputs(session, limit=int(self._languages.maxsize))
        with self._lock:
            self._settings.update(loaded)
            self._languages.update(languages)

    def workspace(self, team_id: str) -> WorkspaceSettings:
        with self._lock:
            cached = self._settings.get(team_id)
        if cached is not None:
            return cached
        with self._db.read() as session:
            loaded = workspace_settings.load(session, team_id)
        with self._lock:
            self._settings[team_id] = loaded
        return loaded

    def language(self, team_id: str, user_id: str) -> str:
        key = (team_id, user_id)
        with self._lock:
            inputs = self._languages.get(key)
        if inputs is None:
            with self._db.read() as session:
                inputs = roster.language_inputs(session, team_id, user_id)
            with self._lock:
                self._languages[key] = inputs
        return resolve_language(
            chosen=inputs.chosen,
            slack_locale=inputs.slack_locale,
            workspace_language=self.workspace(team_id).language,
        )

    def translator(self, team_id: str, user_id: str) -> Translator:
        """The member's own language."""
        return translator(self.language(team_id, user_id))

    def cached_translator(self, team_id: str, user_id: str) -> Translator:
        """The member's language from memory only, never a database read (for when the database is the
        thing that failed): what is cached of their choice and the workspace's, else English."""
        with self._lock:
            inputs = self._languages.get((team_id, user_id))
            settings = self._settings.get(team_id)
        return translator(
            resolve_language(
                chosen=inputs.chosen if inputs else None,
                slack_locale=inputs.slack_locale if inputs else None,
                workspace_language=settings.language if settings else None,
            )
        )

    def workspace_translator(self, team_id: str) -> Translator:
        """For what everyone in a channel reads."""
        return translator(self.workspace(team_id).language)

    def forget_languages(self, team_id: str) -> None:
        with self._lock:
            for key in [key for key in self._languages if key[0] == team_id]:
                self._languages.pop(key, None)

    def forget(self, team_id: str, user_id: str | None = None) -> None:
        with self._lock:
            if user_id is None:
                self._settings.pop(team_id, None)
            else:
                self._languages.pop((team_id, user_id), None)
