"""Reading `/idea …`: which subcommand, with which arguments, or what is wrong with it.

Pure: no database, no Slack. Kinds, statuses and themes may be written as their keys
(`developing`) or as their names in the member's language (`kehitteillä`); a tag as `#nuoret`
(normalised by `bot.ideas.tags`), a theme to follow as `theme:NAME` (`bot.ideas.topics`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.core.text import whole_number
from bot.ideas import kinds, statuses, tags, topics
from bot.ideas.search import Filters
from bot.ideas.topics import Topic

SUBCOMMANDS = ("list", "show", "search", "mine", "follow", "unfollow", "status")
# The word that orders a list by supports, the most supported first.
BY_SUPPORT = ("support", "supports")
SEARCH_MAX = 200


class Problem(enum.Enum):
    UNKNOWN_SUBCOMMAND = "unknown_subcommand"
    MISSING_NUMBER = "missing_number"
    BAD_NUMBER = "bad_number"
    MISSING_STATUS = "missing_status"
    UNKNOWN_STATUS = "unknown_status"
    # A word of `/idea list` that is no kind, status or theme.
    UNKNOWN_THEME = "unknown_theme"
    BAD_TAG = "bad_tag"
    BAD_TOPIC = "bad_topic"
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
    kind: str | None = None
    tag: str | None = None
    # `/idea list … support`: the most supported first.
    by_support: bool = False
    # `/idea follow #nuoret` or `theme:NAME`: action "follow_topic" / "unfollow_topic".
    topic: Topic | None = None

    @property
    def filters(self) -> Filters:
        return Filters(kind=self.kind, status=self.status, theme=self.theme, tag=self.tag)


def parse_number(word: str) -> int | None:
    """`12` or `#12`; anything else (or an absurd number) is not an idea number."""
    digits = word[1:] if word.startswith("#") else word
    return whole_number(digits)


def parse(
    text: str,
    *,
    theme_names: dict[str, str],
    status_names: dict[str, str],
    kind_names: dict[str, str] | None = None,
) -> IdeaCommand | Wrong:
    """`theme_names`, `status_names` and `kind_names` map what a member may type (the key, or its
    name in their language, lowercased) to the key."""
    names = _Names(theme_names, status_names, kind_names or {})
    words = (text or "").split()
    if not words:
        return IdeaCommand("latest")
    sub, rest = words[0].lower(), words[1:]
    if sub not in SUBCOMMANDS:
        return Wrong(Problem.UNKNOWN_SUBCOMMAND, words[0])
    if sub == "mine":
        return IdeaCommand("mine")
    if sub == "search":
        return _parse_search(rest, names)
    if sub == "list":
        return _parse_list(rest, names)
    if not rest:
        return Wrong(Problem.MISSING_NUMBER, subcommand=sub)
    number = parse_number(rest[0])
    if number is None and sub in ("follow", "unfollow") and _looks_like_topic(rest[0]):
        return _parse_topic(sub, rest, names)
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


@dataclass(frozen=True)
class _Names:
    themes: dict[str, str]
    statuses: dict[str, str]
    kinds: dict[str, str]

    @property
    def theme_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.themes.values()))

    def kind(self, word: str) -> str | None:
        lowered = word.lower()
        return lowered if lowered in kinds.ALL else self.kinds.get(lowered)


def _status(word: str, status_names: dict[str, str]) -> str | None:
    lowered = word.lower()
    return lowered if lowered in statuses.ALL else status_names.get(lowered)


def _looks_like_topic(word: str) -> bool:
    return word.startswith(("#", "＃")) or ":" in word


def _parse_topic(sub: str, rest: list[str], names: _Names) -> IdeaCommand | Wrong:
    """`#tag` (one word) or `theme:NAME` (a theme's name may have spaces)."""
    typed = rest[0] if rest[0].startswith(("#", "＃")) else " ".join(rest)
    if rest[0].startswith(("#", "＃")) and len(rest) > 1:
        return Wrong(Problem.TOO_MANY_WORDS, rest[1], sub)
    topic = topics.parse(typed, names.theme_keys, names.themes)
    if topic is None:
        return Wrong(Problem.BAD_TOPIC, typed, sub)
    return IdeaCommand(f"{sub}_topic", topic=topic)


@dataclass
class _Found:
    kind: str | None = None
    status: str | None = None
    theme: str | None = None
    tag: str | None = None
    by_support: bool = False


def _filter_word(word: str, found: _Found, names: _Names, *, sorting: bool) -> bool | Wrong:
    """Take `word` as a filter into `found` when it is one (True); False when it is none; Wrong for a
    tag that holds no tag. A second kind or status is no filter (two kinds match nothing)."""
    lowered = word.lower()
    if word.startswith(("#", "＃")):
        tag = tags.normalise(word)
        if tag is None:
            return Wrong(Problem.BAD_TAG, word)
        if found.tag is not None and found.tag != tag:
            return False
        found.tag = tag
        return True
    if lowered.startswith(("theme:", "teema:", "tema:")):
        topic = topics.parse(word, names.theme_keys, names.themes)
        if topic is None:
            return Wrong(Problem.UNKNOWN_THEME, word)
        if found.theme is not None:
            return False
        found.theme = topic.name
        return True
    if sorting and lowered in BY_SUPPORT:
        found.by_support = True
        return True
    if found.kind is None and (kind := names.kind(word)):
        found.kind = kind
        return True
    if found.status is None and (status := _status(word, names.statuses)):
        found.status = status
        return True
    return False


def _parse_list(rest: list[str], names: _Names) -> IdeaCommand | Wrong:
    """Words in any order: a kind, a status, a theme (by key or name, `theme:` optional), a `#tag`,
    and `support`. What is left must be a theme; else nothing runs and the usage is shown."""
    found = _Found()
    left: list[str] = []
    for word in rest:
        taken = _filter_word(word, found, names, sorting=True)
        if isinstance(taken, Wrong):
            return Wrong(taken.problem, taken.word, "list")
        if not taken:
            left.append(word)
    if left:
        theme_words = " ".join(left)
        theme = names.themes.get(theme_words.lower())
        if theme is None or found.theme is not None:
            return Wrong(Problem.UNKNOWN_THEME, theme_words, "list")
        found.theme = theme
    return IdeaCommand(
        "list",
        kind=found.kind,
        status=found.status,
        theme=found.theme,
        tag=found.tag,
        by_support=found.by_support,
    )


def _parse_search(rest: list[str], names: _Names) -> IdeaCommand | Wrong:
    """The words to look for, with filters among them: a kind or status word, `theme:NAME`, `#tag`.
    When nothing but filter words is left, they are the words looked for (`/idea search kokeilu`
    finds experiments and ideas that speak of one)."""
    if not rest:
        return Wrong(Problem.MISSING_WORDS, subcommand="search")
    found = _Found()
    left: list[str] = []
    for word in rest:
        taken = _filter_word(word, found, names, sorting=False)
        if isinstance(taken, Wrong):
            return Wrong(taken.problem, taken.word, "search")
        if not taken:
            left.append(word)
    if not left and found.tag is None:
        return IdeaCommand("search", words=" ".join(rest)[:SEARCH_MAX])
    # `/idea search #nuoret`: the tag's ideas, found by the tag itself (it is among their words).
    words = " ".join(left) if left else (found.tag or "")
    return IdeaCommand(
        "search",
        words=words[:SEARCH_MAX],
        kind=found.kind,
        status=found.status,
        theme=found.theme,
        tag=found.tag,
    )
