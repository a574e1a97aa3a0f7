"""What can be wrong with a pitch form, one name each; `bot.ideas.views.pitch` says each in words."""

from __future__ import annotations

import enum


class PitchProblem(enum.Enum):
    """What can be wrong with a pitch form; views turn each into a sentence in the reader's language."""

    KIND_UNKNOWN = "kind_unknown"
    TITLE_MISSING = "title_missing"
    TITLE_TOO_LONG = "title_too_long"
    DESCRIPTION_TOO_LONG = "description_too_long"
    HYPOTHESIS_MISSING = "hypothesis_missing"
    HYPOTHESIS_TOO_LONG = "hypothesis_too_long"
    THEME_UNKNOWN = "theme_unknown"
    SEEKING_UNKNOWN = "seeking_unknown"
    PRACTICE_LINE_TOO_LONG = "practice_line_too_long"
    # The challenge named is not an open challenge of this workspace (parked, done, gone or forged).
    CHALLENGE_NOT_OPEN = "challenge_not_open"
    CHALLENGE_ANSWERS_CHALLENGE = "challenge_answers_challenge"
    LEARNING_DUE_MISSING = "learning_due_missing"
    LEARNING_DUE_PAST = "learning_due_past"
    LEARNING_DUE_TOO_FAR = "learning_due_too_far"
    # Something typed in the tag field, but no tag in it (only emoji or punctuation, say).
    TAGS_UNREADABLE = "tags_unreadable"
    TOO_MANY_TAGS = "too_many_tags"
    LINK_NOT_WEB = "link_not_web"
    LINK_TOO_LONG = "link_too_long"
    LINK_LABEL_TOO_LONG = "link_label_too_long"
    TOO_MANY_LINKS = "too_many_links"
