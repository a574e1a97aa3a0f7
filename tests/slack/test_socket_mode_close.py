"""Stopping the bot closes its Socket Mode connection even in the moment it begins to receive.

slack_sdk's built-in client marks its session terminated, then joins the thread that receives; a
receiving thread that starts in that same moment sets the mark back to "not terminated" and loops
on the closed socket, so a plain close waits for ever (seen as a bot that did not stop on SIGTERM
in its first milliseconds connected; the stack showed `IntervalRunner.shutdown` joining
`run_until_completion`). These stand-ins behave as those two threads do."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from bot.slack.socket_mode import close


@dataclass
class SessionState:
    terminated: bool = False


@dataclass
class RacingClient:
    """A client whose receiving thread begins as close() runs: it loops until told to stop."""

    current_session_state: SessionState = field(default_factory=SessionState)

    def close(self) -> None:
        self.current_session_state.terminated = True
        # The receiving thread starting now: "not terminated", then its loop, then close joins it.
        self.current_session_state.terminated = False
        receiving = threading.Thread(target=self._receive, daemon=True)
        receiving.start()
        receiving.join()

    def _receive(self) -> None:
        while not self.current_session_state.terminated:
            time.sleep(0.01)


@dataclass
class Handler:
    client: Any

    def close(self) -> None:
        self.client.close()


def test_a_close_racing_a_session_that_begins_to_receive_still_finishes() -> None:
    handler = Handler(RacingClient())

    closing = threading.Thread(target=close, args=(handler,), daemon=True)
    closing.start()
    closing.join(timeout=20)

    assert not closing.is_alive(), "the close finished"
    assert handler.client.current_session_state.terminated


def test_the_stand_in_does_wait_for_ever_without_the_repeated_stop() -> None:
    handler = Handler(RacingClient())

    plain = threading.Thread(target=handler.close, daemon=True)
    plain.start()
    plain.join(timeout=1)

    assert plain.is_alive(), "a plain close waits on the receiving thread"
    handler.client.current_session_state.terminated = True  # let it go
    plain.join(timeout=20)
