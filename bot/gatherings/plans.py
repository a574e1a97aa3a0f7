"""Kept only so that code outside bot.gatherings still finds the names it imports from here; the code
lives in the modules that say what it holds:

- `bot.gatherings.details`: a gathering as read (`GatheringData`, `get`), who may act for it, `Problem`;
- `bot.gatherings.planning`: planning one (the form's plan checked, stored; ideas to discuss);
- `bot.gatherings.announcement`: the announcement's claim and message;
- `bot.gatherings.series`: a weekly series' next occurrence;
- `bot.gatherings.attendance`: who is coming, and the reminder an hour before;
- `bot.gatherings.changes`: moving, renaming or cancelling, and telling those coming;
- `bot.gatherings.records`: how many came, notes per idea, and the figures.

Import from those; these re-exports go once handlers/ and the other packages have moved.
"""

from bot.gatherings.announcement import announced
from bot.gatherings.attendance import answer
from bot.gatherings.changes import Change, change, to_change, to_tell
from bot.gatherings.details import GatheringData, Problem, get
from bot.gatherings.planning import (
    Plan,
    check_plan,
    ideas_matching,
    local_start,
    may_plan,
    plan_gathering,
)
from bot.gatherings.records import IdeaGathering, claim_notes, figures, of_idea, record, to_record
from bot.gatherings.series import continue_series

__all__ = [
    "Change",
    "GatheringData",
    "IdeaGathering",
    "Plan",
    "Problem",
    "announced",
    "answer",
    "change",
    "check_plan",
    "claim_notes",
    "continue_series",
    "figures",
    "get",
    "ideas_matching",
    "local_start",
    "may_plan",
    "of_idea",
    "plan_gathering",
    "record",
    "to_change",
    "to_record",
    "to_tell",
]
