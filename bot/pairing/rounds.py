"""Kept only so that code outside bot.pairing still finds the names it imports from here; the code
lives in the modules that say what it holds:

- `bot.pairing.participation`: joining, pausing, leaving, resuming, who takes part;
- `bot.pairing.schedule`: when rounds happen, the heads-up and skipping a round;
- `bot.pairing.grouping`: making a round's groups;
- `bot.pairing.group_messages`: which introductions and "Did you meet?" are due, and their claims;
- `bot.pairing.followup`: the answers to "Did you meet?";
- `bot.pairing.learnings`: learnings kept, posted and searched;
- `bot.pairing.status`: a member's pairing as they see it.

Import from those; these re-exports go once handlers/ and the other packages' tests have moved.
"""

from bot.pairing.followup import MET, NOT_YET, WONT, AnswerOutcome, answer
from bot.pairing.group_messages import groups_of
from bot.pairing.grouping import WINDOW_ROUNDS, GroupData, MadeRound, make_round
from bot.pairing.learnings import (
    LearningOutcome,
    keep_learning,
    parse_learning,
    record_learning_post,
    search_learnings,
)
from bot.pairing.participation import (
    JoinAnswer,
    ParticipantData,
    Person,
    join,
    leave,
    parse_join,
    parse_weeks,
    participant,
    pause,
    resume,
)
from bot.pairing.schedule import SkipOutcome, next_moment, pending_round, round_now, skip
from bot.pairing.status import status
from models.pairing import LEARNING_MAX, TOPIC_MAX

__all__ = [
    "LEARNING_MAX",
    "MET",
    "NOT_YET",
    "TOPIC_MAX",
    "WINDOW_ROUNDS",
    "WONT",
    "AnswerOutcome",
    "GroupData",
    "JoinAnswer",
    "LearningOutcome",
    "MadeRound",
    "ParticipantData",
    "Person",
    "SkipOutcome",
    "answer",
    "groups_of",
    "join",
    "keep_learning",
    "leave",
    "make_round",
    "next_moment",
    "parse_join",
    "parse_learning",
    "parse_weeks",
    "participant",
    "pause",
    "pending_round",
    "record_learning_post",
    "resume",
    "round_now",
    "search_learnings",
    "skip",
    "status",
]
