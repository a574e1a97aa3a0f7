"""The one error handler every listener shares (Bolt's `@app.error`).

Whatever a listener could not do, the person who asked hears it in their language with what to do
next, and the log gets one line. A request not yet acknowledged is answered by the handler itself:
a form stays open with the error on it (so nothing the person wrote is lost), a command gets an
ephemeral answer. One already acknowledged is answered through `response_url` or a DM.
"""

from __future__ import annotations

import enum
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.i18n import Translator, translator
from bot.posting import tell
from bot.runtime import Runtime
from bot.views import notices

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
    if isinstance(error, (DBAPIError, PoolTimeout)):
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


def message(t: Translator, failure: Failure, *, form_open: bool = False) -> str:
    if failure is Failure.FORM_TOO_LATE:
        return notices.form_too_late(t)
    if failure is Failure.DATABASE:
        return notices.not_saved_form_open(t) if form_open else notices.storage_down(t)
    return notices.form_failed(t) if form_open else notices.something_went_wrong(t)


def first_input_block(view: dict[str, Any]) -> str | None:
    for block in view.get("blocks") or []:
        block_id = block.get("block_id") if isinstance(block, dict) else None
        if block.get("type") == "input" and isinstance(block_id, str):
            return block_id
    return None


class KeptAck(Ack):
    """An ack whose response, once given, stays.

    After an error handler has run for a request already acknowledged, Bolt (1.30, thread runner)
    sets `ack.response` back to None; when the listener failed within Bolt's 10 ms polling of that
    ack, the request then reads as never acknowledged, and Slack shows the person its own error.
    """

    @property  # type: ignore[override]
    def response(self) -> BoltResponse | None:
        return self.__dict__.get("response")

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        if value is not None or self.__dict__.get("response") is None:
            self.__dict__["response"] = value


def register(app: App, rt: Runtime) -> None:
    def translator_for(team_id: str | None, user_id: str | None) -> Translator:
        # The database may be the thing that failed: the cached language if there is one, else English.
        try:
            if team_id and user_id:
                return rt.prefs.translator(team_id, user_id)
        except Exception:
            log.debug("no language for %s while answering an error", user_id, exc_info=True)
        return translator(None)

    @app.error
    def on_error(
        error: Exception,
        body: dict[str, Any],
        context: BoltContext,
        response: BoltResponse | None,
        request: BoltRequest,
        client: WebClient,
        respond: Respond,
    ) -> BoltResponse | None:
        if response is None and isinstance(request.context.ack, Ack):
            request.context.ack.__class__ = KeptAck
        failure = failure_of(error)
        team_id, user_id = context.team_id, context.user_id
        log.error("%s failed for %s in %s: %s", what_failed(body), user_id, team_id, summary(error))
        log.debug("the failure in full", exc_info=error)
        if body.get("type") == "event_callback" or not user_id:
            # Nobody asked: Slack told us something happened. The log line is the whole answer.
            return None
        t = translator_for(team_id, user_id)
        # Bolt hands over a 500 response while the request is not yet acknowledged; after an ack, None.
        unanswered = response is not None and response.status >= 500
        if unanswered and body.get("type") == "view_submission":
            block_id = first_input_block(body.get("view") or {})
            if block_id is not None:
                # The form stays open with everything in it; the person can submit again.
                errors = {block_id: message(t, failure, form_open=True)}
                return BoltResponse(status=200, body={"response_action": "errors", "errors": errors})
        text = message(t, failure)
        if unanswered and body.get("command"):
            return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
        try:
            if body.get("response_url"):
                respond(text=text, response_type="ephemeral", replace_original=False)
            else:
                tell(client, user_id, {"text": text})
        except Exception as exc:
            log.warning("could not answer %s where they asked (%s); sending a DM", user_id, summary(exc))
            try:
                tell(client, user_id, {"text": text})
            except Exception as again:
                log.error("could not tell %s that %s failed: %s", user_id, what_failed(body), summary(again))
        return BoltResponse(status=200, body="") if unanswered else None
