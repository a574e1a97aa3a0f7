"""Kept only so that code outside bot.pairing still finds the views it imports from here; they live
by surface:

- `bot.pairing.views.modals`: the join form and the learning form;
- `bot.pairing.views.messages`: the heads-up, the introduction, "Did you meet?", the learning post;
- `bot.pairing.views.replies`: private answers to the command, buttons and `/idea search`;
- `bot.pairing.views.home`: pairing's part of App Home.

Import from those; these re-exports go once handlers/ and the other packages' tests have moved.
"""

from bot.pairing.views.home import home_section
from bot.pairing.views.messages import intro_message, learning_post, skipped
from bot.pairing.views.modals import (
    form_problem,
    join_modal,
    joined_modal,
    learning_modal,
    learning_thanks_modal,
)
from bot.pairing.views.replies import (
    answer_noted,
    learning_already,
    learning_not_posted,
    learnings_blocks,
    left,
    not_taking_part,
    not_your_group,
    paused,
    resumed,
    skip_too_late,
    status_text,
    unknown_round,
    usage,
)

__all__ = [
    "answer_noted",
    "form_problem",
    "home_section",
    "intro_message",
    "join_modal",
    "joined_modal",
    "learning_already",
    "learning_modal",
    "learning_not_posted",
    "learning_post",
    "learning_thanks_modal",
    "learnings_blocks",
    "left",
    "not_taking_part",
    "not_your_group",
    "paused",
    "resumed",
    "skip_too_late",
    "skipped",
    "status_text",
    "unknown_round",
    "usage",
]
