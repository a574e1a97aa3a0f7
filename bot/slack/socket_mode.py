"""Socket Mode: the one place that makes the connection handler and closes it, so the command line
and the tests run the bot the same way."""

from __future__ import annotations

import threading

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

# How often the close below says "stop" again to a session that has only just begun receiving.
_REPEAT_STOP_SECONDS = 0.05


def socket_mode_handler(bolt_app: App, app_token: str | None) -> SocketModeHandler:
    return SocketModeHandler(bolt_app, app_token=app_token)


def close(handler: SocketModeHandler) -> None:
    """Close the connection, even one that is only beginning to receive.

    slack_sdk's built-in client marks its session terminated and then joins the thread that
    receives; but a receiving thread that starts in that same moment sets the mark back to "not
    terminated" before its loop, and the join then waits for ever (a stop signal in the first
    milliseconds after connecting left the process running). So the mark is set again until the
    close has finished.
    """
    client = handler.client
    closing = threading.Thread(target=handler.close, name="socket-mode-close", daemon=True)
    closing.start()
    while closing.is_alive():
        client.current_session_state.terminated = True
        closing.join(_REPEAT_STOP_SECONDS)
