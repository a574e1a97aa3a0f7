"""Reading `/idea …`: which subcommand, with which arguments, or what is wrong with it.

Pure: no database, no Slack. Statuses may be written as their keys (`developing`) or as their
names in the member's language (`kehitteillä`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.core.text import whole_number
from bot.ideas import statuses

SUBCOMMANDS = ("list", "show", "search", "mine", "follow", "unfollow", "status")


class Problem(enum.Enum):
    UNKNOWN_SUBCOMMAND = "unknown_subcommand"
    MISSING_NUMBER = "missing_number"
    BAD_NUMBER = "bad_number"
    MISSING_STATUS = "missing_status"
    UNKNOWN_STATUS = "unknown_status"
    UNKNOWN_THEME = "unknown_theme"
    MISSING_WORDS = "missing_words"
    TOO_MANY_WORDS = "too_many_words"


@dataclass(frozen=True)
class Wrong:
    """A command that cannot run: what is wrong, the word at fault, and the subcommand's usage."""

    problem: Problem
    word: str = ""
    subcommand: str | None = None


@dataclass(frozen=True)
class IdeaCommand:
    action: str
    number: int | None = None
    status: str | None = None
    theme: str | None = None
    words: str = ""
    note: str = ""


def parse_number(word: str) -> int | None:
    """`12` or `#12`; anything else (or an absurd number) is not an idea number."""
    digits = word[1:] if word.startswith("#") else word
    return whole_number(digits)


def parse(text: str, *, theme_names: dict[str, str], status_names: dict[str, str]) -> IdeaCommand | Wrong:
    """`theme_names` and `status_names` map what a member may type (the key, or its name in their
    language, lowercased) to the key."""
    words = (text or "").split()
    if not words:
        return IdeaCommand("latest")
    sub, rest = words[0].lower(), words[1:]
    if sub not in SUBCOMMANDS:
        return Wrong(Problem.UNKNOWN_SUBCOMMAND, words[0])
    if sub == "mine":
        return IdeaCommand("mine")
    if sub == "search":
        if not rest:
            return Wrong(Problem.MISSING_WORDS, subcommand=sub)
        return IdeaCommand("search", words=" ".join(rest)[:200])
    if sub == "list":
        return _parse_list(rest, theme_names, status_names)
    if not rest:
        return Wrong(Problem.MISSING_NUMBER, subcommand=sub)
    number = parse_number(rest[0])
    if number is None:
        return Wrong(Problem.BAD_NUMBER, rest[0], sub)
    if sub in ("show", "follow", "unfollow"):
        if len(rest) > 1:
            return Wrong(Problem.TOO_MANY_WORDS, rest[1], sub)
        return IdeaCommand(sub, number=number)
    if len(rest) < 2:
        return Wrong(Problem.MISSING_STATUS, subcommand=sub)
    status = _status(rest[1], status_names)
    if status is None:
        return Wrong(Problem.UNKNOWN_STATUS, rest[1], sub)
    return IdeaCommand("status", number=number, status=status, note=" ".join(rest[2:]))


def _status(word: str, status_names: dict[str, str]) -> str | None:
    lowered = word.lower()
    return lowered if lowered in statuses.ALL else status_names.get(lowered)


def _parse_list(
    rest: list[str], theme_names: dict[str, str], status_names: dict[str, str]
) -> IdeaCommand | Wrong:
    status = _status(rest[0], status_names) if rest else None
    theme_words = " ".join(rest[1:] if status else rest)
    if not theme_words:
        return IdeaCommand("list", status=status)
    theme = theme_names.get(theme_words.lower())
    if theme is None:
        return Wrong(Problem.UNKNOWN_THEME, theme_words, "list")
    return IdeaCommand("list", status=status, theme=theme)
