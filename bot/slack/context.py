"""What every listener is handed through Bolt's context: the runtime, and who is asking.

The one middleware (`bot.slack.app`) puts them there before any listener runs, so a listener is a
plain module-level function `(ack, body, context, ...)` that reads `requester(context)` instead of
digging `team_id` and `user_id` out of the payload, and a test can call it with a context it made.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from slack_bolt import BoltContext

from bot.core.db import Database
from bot.core.i18n import Translator
from bot.core.runtime import Runtime
from bot.core.workspace_settings import WorkspaceSettings

RUNTIME_KEY = "thinktank_runtime"
REQUESTER_KEY = "thinktank_requester"


class NoRequester(LookupError):
    """A request that names no workspace or no person where a listener needs both: a forged or
    malformed payload. The error handler (`handlers.errors`) answers it and changes nothing."""


@dataclass(frozen=True)
class Requester:
    """The member behind a request, narrowed once: ids are plain `str`, the language is theirs."""

    rt: Runtime
    team_id: str
    user_id: str

    @cached_property
    def t(self) -> Translator:
        # Looked up on first use only: most events never put a word in front of anyone.
        return self.rt.prefs.translator(self.team_id, self.user_id)

    @property
    def db(self) -> Database:
        return self.rt.db

    @property
    def settings(self) -> WorkspaceSettings:
        return self.rt.prefs.workspace(self.team_id)


def put(context: BoltContext, rt: Runtime) -> None:
    """Called by the middleware for every request."""
    context[RUNTIME_KEY] = rt
    team_id, user_id = context.team_id, context.user_id
    if team_id and user_id:
        context[REQUESTER_KEY] = Requester(rt, team_id, user_id)


def runtime(context: BoltContext) -> Runtime:
    rt = context.get(RUNTIME_KEY)
    if not isinstance(rt, Runtime):
        raise RuntimeError("the Think Tank middleware did not run for this request")
    return rt


def requester(context: BoltContext) -> Requester:
    """Who is asking; `NoRequester` when the request does not say."""
    who = context.get(REQUESTER_KEY)
    if not isinstance(who, Requester):
        raise NoRequester(f"team {context.team_id!r}, user {context.user_id!r}")
    return who


def requester_or_none(context: BoltContext) -> Requester | None:
    who = context.get(REQUESTER_KEY)
    return who if isinstance(who, Requester) else None
