"""Names of kinds, statuses, themes and what a pitch seeks, in the reader's language.

The views' one door to the vocabularies; each vocabulary and its labels live in its own module
(`bot.ideas.kinds`, `statuses`, `themes`, `looking_for`).
"""

from __future__ import annotations

from bot.core.i18n import Translator
from bot.ideas import kinds, looking_for, statuses, themes


def kind(t: Translator, key: str) -> str:
    return kinds.label(t, key)


def kind_hint(t: Translator, key: str) -> str:
    return kinds.hint(t, key)


def kind_emoji(key: str, unknown: str = "•") -> str:
    return kinds.emoji(key, unknown)


def status(t: Translator, key: str) -> str:
    return statuses.label(t, key)


def seeking(t: Translator, key: str) -> str:
    return looking_for.label(t, key)


def theme(t: Translator, key: str) -> str:
    return themes.label(t, key)
