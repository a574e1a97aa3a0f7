"""Reading members' Slack profiles (locale, zone, roles) in the background, after the ack."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

from cachetools import TTLCache
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.core.db import Database, is_outage
from bot.core.preferences import Preferences
from bot.members import roster
from bot.members.membership import of_this_workspace

log = logging.getLogger(__name__)
T = TypeVar("T")

CHECK_AGAIN_SECONDS = 3600
# users.list is Tier 2 (20 calls a minute); 200 a page is Slack's advice for large workspaces.
SYNC_PAGE_SIZE = 200


class MemberSync:
    def __init__(self, db: Database, prefs: Preferences, workers: int = 2) -> None:
        self._db = db
        self._prefs = prefs
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="member-sync")
        self._pending: set[tuple[str, str]] = set()
        # Members checked lately: most requests come from people already known, and asking the
        # database on each of their clicks would cost every request a query for nothing.
        self._checked: TTLCache[tuple[str, str], bool] = TTLCache(maxsize=100_000, ttl=CHECK_AGAIN_SECONDS)
        self._lock = threading.Lock()

    def refresh_soon(self, client: WebClient, team_id: str, user_id: str) -> None:
        """Queue a profile read unless one is queued already; never blocks the request."""
        key = (team_id, user_id)
        with self._lock:
            if key in self._pending or key in self._checked:
                return
            self._pending.add(key)
            self._checked[key] = True
        self._executor.submit(self._refresh, client, team_id, user_id)

    def _refresh(self, client: WebClient, team_id: str, user_id: str) -> None:
        try:
            with self._db.read() as session:
                if not roster.needs_profile(session, team_id=team_id, user_id=user_id):
                    return
            user = client.users_info(user=user_id, include_locale=True)["user"]
            self.apply(team_id, user)
        except SlackApiError as exc:
            log.warning("could not read the profile of %s: %s", user_id, exc.response.get("error"))
        except Exception as exc:
            if not is_outage(exc):
                log.exception("could not read the profile of %s", user_id)
            else:
                # The database is down: the request's own answer says so once; a profile read later
                # (the member's next request) is all that is missed.
                log.warning("could not read the profile of %s: the database is unreachable", user_id)
        finally:
            with self._lock:
                self._pending.discard((team_id, user_id))

    def refresh_now(self, client: WebClient, team_id: str, user_id: str) -> None:
        """Read a profile at once, unless it is fresh, when a decision needs it (is this an admin?)."""
        with self._db.read() as session:
            if not roster.needs_profile(session, team_id=team_id, user_id=user_id):
                return
        try:
            self.apply(team_id, client.users_info(user=user_id, include_locale=True)["user"])
        except SlackApiError as exc:
            log.warning("could not read the profile of %s: %s", user_id, exc.response.get("error"))

    def decide_with_profile(
        self,
        client: WebClient,
        team_id: str,
        user_id: str,
        decide: Callable[[Session], T],
        enough: Callable[[T], bool] = bool,
    ) -> T:
        """Decide from what is stored; when that is not enough (perhaps an admin whose profile is
        not read yet), read the profile once and decide again. The background reader may be at it
        right now, so the second look happens whatever `refresh_now` says."""
        with self._db.read() as session:
            answer = decide(session)
        if enough(answer):
            return answer
        self.refresh_now(client, team_id, user_id)
        with self._db.read() as session:
            return decide(session)

    def from_elsewhere(self, client: WebClient, team_id: str, user_ids: list[str]) -> list[str]:
        """Those of `user_ids` whose Slack profile says they belong to another organisation (met in a
        shared channel): never given a role here. A profile read within the day is a member's (an
        outsider's is never kept); one Slack will not give is not held against anyone."""
        elsewhere = []
        for user_id in user_ids:
            with self._db.read() as session:
                if not roster.needs_profile(session, team_id=team_id, user_id=user_id):
                    continue
            try:
                user = client.users_info(user=user_id, include_locale=True)["user"]
            except SlackApiError as exc:
                log.warning("could not read the profile of %s: %s", user_id, exc.response.get("error"))
                continue
            self.apply(team_id, user)
            if not of_this_workspace(user, team_id):
                elsewhere.append(user_id)
        return elsewhere

    def apply(self, team_id: str, user: dict[str, Any], joined_at: datetime | None = None) -> None:
        """Store a Slack user object (from users.info, team_join or user_change)."""
        with self._db.session() as session:
            roster.apply_profile(session, team_id, user, joined_at=joined_at)
        self._prefs.forget(team_id, user["id"])

    def sync_all(self, client: WebClient, team_id: str) -> int:
        """Read the whole member list (users.list, page by page) and keep it; returns how many were read.

        Deleted accounts stop counting as members; people Slack does not list any more are left as
        they are, since users.list keeps deleted accounts and says so.
        """
        count = 0
        with self._db.read() as session:
            first_time = roster.never_synced(session, team_id)
        for page in client.users_list(limit=SYNC_PAGE_SIZE, include_locale=True):
            users = [user for user in page.get("members") or [] if isinstance(user, dict) and user.get("id")]
            with self._db.session() as session:
                for user in users:
                    roster.apply_profile(session, team_id, user, first_sync=first_time)
            count += len(users)
        with self._db.session() as session:
            roster.mark_synced(session, team_id)
        self._prefs.forget_languages(team_id)
        log.info("read %s members of %s from Slack", count, team_id)
        return count

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
