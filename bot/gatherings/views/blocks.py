"""Kept only so that code outside bot.gatherings still finds the views it imports from here; they
live by surface:

- `bot.gatherings.views.modals`: the planning, change and record forms;
- `bot.gatherings.views.messages`: the announcement, its notes, and the DMs to those coming;
- `bot.gatherings.views.replies`: a form's problems in words and answers to one person.

Import from those; these re-exports go once handlers/ has moved.
"""

from bot.gatherings.views.messages import announcement, notes_message
from bot.gatherings.views.modals import change_modal, idea_options, plan_modal, record_modal
from bot.gatherings.views.replies import only_facilitators_plan, problem_text

__all__ = [
    "announcement",
    "change_modal",
    "idea_options",
    "notes_message",
    "only_facilitators_plan",
    "plan_modal",
    "problem_text",
    "record_modal",
]
