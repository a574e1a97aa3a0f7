"""Think Tank's entry point and composition root: builds the Bolt app from `bot/` and registers
`handlers/` on it. `python app.py` runs the bot; `python app.py SUBCOMMAND` is the operator CLI."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from slack_bolt import App

import handlers
from bot import cli
from bot.core.runtime import Runtime
from bot.slack.app import build_bolt_app


def create_app(rt: Runtime) -> App:
    app = build_bolt_app(rt)
    handlers.register_all(app, rt)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, create_app=create_app)


if __name__ == "__main__":
    sys.exit(main())
