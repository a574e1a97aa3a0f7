"""The one error handler every listener shares.

Whatever a listener could not do, the person who asked hears it in their language with what to do
next, and the log gets one line. A request not yet acknowledged is answered by the handler itself:
a form stays open with the error on it (so nothing the person wrote is lost), a command gets an
ephemeral answer. One already acknowledged is answered through `response_url` or a DM. Bolt's
`@app.error` is the backstop for anything that escapes even so.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.listener.custom_listener import CustomListener
from slack_sdk.errors import SlackApiError

from bot.core.db import is_outage
from bot.core.i18n import Translator, translator
from bot.core.runtime import Runtime
from bot.ideas.posting import tell
from bot.ideas.views import notices
from bot.slack.context import NoRequester

log = logging.getLogger(__name__)

# Slack's errors for a trigger_id that lived past its three seconds, or was used already.
EXPIRED_TRIGGER = ("expired_trigger_id", "trigger_exchanged")


class Failure(enum.Enum):
    FORM_TOO_LATE = "form_too_late"
    DATABASE = "database"
    OTHER = "other"


def failure_of(error: BaseException) -> Failure:
    if isinstance(error, SlackApiError) and error.response.get("error") in EXPIRED_TRIGGER:
        return Failure.FORM_TOO_LATE
    if is_outage(error):
        return Failure.DATABASE
    return Failure.OTHER


def what_failed(body: dict[str, Any]) -> str:
    """A short name of the request for the log: the command, the button, the form or the event."""
    if body.get("command"):
        return str(body["command"])
    kind = body.get("type")
    if kind == "block_actions":
        actions = body.get("actions") or [{}]
        return f"button {actions[0].get('action_id') if isinstance(actions[0], dict) else '?'}"
    if kind in ("view_submission", "view_closed"):
        return f"form {(body.get('view') or {}).get('callback_id')}"
    if kind in ("shortcut", "message_action"):
        return f"shortcut {body.get('callback_id')}"
    if kind == "event_callback":
        return f"event {(body.get('event') or {}).get('type')}"
    return str(kind)


def summary(error: BaseException) -> str:
    if isinstance(error, SlackApiError):
        return f"Slack answered {error.response.status_code} {error.response.get('error')}"
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__module__}.{type(error).__name__}: {first_line}"[:300]


def message(t: Translator, failure: Failure, *, form_open: bool = False, acked: bool = False) -> str:
    """What to tell the person. "Nothing was saved" only before the ack: after it, the listener may
    have stored something already (a pitch stored, then its card refused)."""
    if failure is Failure.FORM_TOO_LATE:
        return notices.form_too_late(t)
    if failure is Failure.DATABASE:
        if form_open:
            return notices.not_saved_form_open(t)
        return notices.storage_down_after_ack(t) if acked else notices.storage_down(t)
    if form_open:
        return notices.form_failed(t)
    return notices.went_wrong_after_ack(t) if acked else notices.something_went_wrong(t)


def first_input_block(view: dict[str, Any]) -> str | None:
    for block in view.get("blocks") or []:
        block_id = block.get("block_id") if isinstance(block, dict) else None
        if block.get("type") == "input" and isinstance(block_id, str):
            return block_id
    return None


def register(app: App) -> None:
    """The backstop: whatever escapes a listener anyway (Bolt's own machinery, a lazy listener)."""

    @app.error
    def on_error(
        error: Exception, request: BoltRequest, response: BoltResponse | None
    ) -> BoltResponse | None:
        log.error("%s failed: %s", what_failed(_body(request)), summary(error))
        log.debug("the failure in full", exc_info=error)
        return None


def guard_listeners(app: App, rt: Runtime) -> None:
    """Answer every listener's failure inside the listener's own run, after all are registered.

    Not through `@app.error` alone: when a listener fails just after its ack, Bolt 1.30's thread
    runner resets the ack and the response its waiting thread reads, and the request can come out
    as unhandled (Slack then shows the person its own error). A failure that never leaves the
    listener cannot race with that.
    """
    # Bolt keeps its listeners in `_listeners`; tests/e2e/test_faults.py fails should that ever change.
    for listener in app._listeners:
        if isinstance(listener, CustomListener):
            listener.run_ack_function = _guarded(rt, listener.run_ack_function)  # type: ignore[method-assign]


def unguarded_listeners(app: App) -> list[Any]:
    """Listeners whose failures `guard_listeners` does not answer: registered after it ran, or of a
    kind it does not know (should Bolt change its internals). Empty in a correctly built app."""
    return [
        listener
        for listener in app._listeners
        if not (isinstance(listener, CustomListener) and getattr(listener.run_ack_function, "guarded", False))
    ]


def _guarded(rt: Runtime, run: Callable[..., BoltResponse | None]) -> Callable[..., BoltResponse | None]:
    def run_guarded(*, request: BoltRequest, response: BoltResponse) -> BoltResponse | None:
        try:
            return run(request=request, response=response)
        except NoRequester as error:
            answer_unknown_requester(error, request)
            return None
        except Exception as error:
            answer_failure(rt, error, request)
            return None

    run_guarded.guarded = True  # type: ignore[attr-defined]
    return run_guarded


def _body(request: BoltRequest) -> dict[str, Any]:
    return request.body if isinstance(request.body, dict) else {}


def answer_unknown_requester(error: NoRequester, request: BoltRequest) -> None:
    """A request naming no workspace or no person (forged or malformed): acknowledged so Slack does
    not send it again, logged, and nothing else: there is nobody to answer, and nothing is changed."""
    log.warning("%s names no workspace or person (%s): ignored", what_failed(_body(request)), error)
    ack = request.context.ack
    if ack.response is None:
        ack()


def answer_failure(rt: Runtime, error: Exception, request: BoltRequest) -> None:
    """One log line, and the person who asked told in their language what to do."""
    body, context = _body(request), request.context
    failure = failure_of(error)
    team_id, user_id = context.team_id, context.user_id
    log.error("%s failed for %s in %s: %s", what_failed(body), user_id, team_id, summary(error))
    log.debug("the failure in full", exc_info=error)
    ack = context.ack
    acked = ack.response is not None
    if body.get("type") == "event_callback" or not user_id:
        # Nobody asked: Slack told us something happened. The log line is the whole answer.
        if not acked:
            ack()
        return
    t = _translator_for(rt, team_id, user_id, cache_only=failure is Failure.DATABASE)
    if not acked and body.get("type") == "view_submission":
        view = body.get("view") or {}
        block_id = first_input_block(view) or next(iter((view.get("state") or {}).get("values") or {}), None)
        if block_id is not None:
            # The form stays open with everything in it; the person can submit again.
            ack(response_action="errors", errors={block_id: message(t, failure, form_open=True)})
            return
    text = message(t, failure, acked=acked)
    if not acked and body.get("command"):
        ack(text=text, response_type="ephemeral")
        return
    if not acked:
        ack()
    try:
        if body.get("response_url") and context.respond is not None:
            context.respond(text=text, response_type="ephemeral", replace_original=False)
        else:
            tell(context.client or rt.client, user_id, {"text": text})
    except Exception as exc:
        log.warning("could not answer %s where they asked (%s); sending a DM", user_id, summary(exc))
        try:
            tell(context.client or rt.client, user_id, {"text": text})
        except Exception as again:
            log.error("could not tell %s that %s failed: %s", user_id, what_failed(body), summary(again))


def _translator_for(rt: Runtime, team_id: str | None, user_id: str | None, *, cache_only: bool) -> Translator:
    # When the database is the thing that failed, the cached language only (a fresh read would only
    # wait for it again), else English.
    try:
        if team_id and user_id:
            if cache_only:
                return rt.prefs.cached_translator(team_id, user_id)
            return rt.prefs.translator(team_id, user_id)
    except Exception:
        log.debug("no language for %s while answering an error", user_id, exc_info=True)
    return translator(None)
