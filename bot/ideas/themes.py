"""The themes a workspace starts with, and their names in the reader's language.

A workspace's admins can name themes of their own (`themes` in the settings); those are shown as
written, these default ones are translated.
"""

from __future__ import annotations

from bot.core.i18n import N_, Translator

DEFAULT: tuple[str, ...] = ("health", "wellbeing", "culture", "environment", "work", "other")
LABELS: dict[str, str] = {
    "health": N_("Health"),
    "wellbeing": N_("Wellbeing"),
    "culture": N_("Culture"),
    "environment": N_("Environment"),
    "work": N_("Work"),
    "other": N_("Other"),
}


def label(t: Translator, key: str) -> str:
    return t.gettext(LABELS[key]) if key in LABELS else key
