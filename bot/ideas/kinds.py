"""What a pitch can be: each kind, its emoji, its name and its hint in the form, in this one place.

Adding a kind means adding it here (with its name and hint), to the catalogues, and to a test;
the form, the card and the lists read what they show from here.
"""

from __future__ import annotations

from bot.core.i18n import N_, Translator

IDEA = "idea"
CHALLENGE = "challenge"
EXPERIMENT = "experiment"
# A way of working others can reuse: what it is, where it is used, whom to ask.
PRACTICE = "practice"

# In the order the pitch form offers them; the first is the form's default.
ALL: tuple[str, ...] = (IDEA, CHALLENGE, EXPERIMENT, PRACTICE)
EMOJI: dict[str, str] = {IDEA: ":bulb:", CHALLENGE: ":dart:", EXPERIMENT: ":test_tube:", PRACTICE: ":books:"}
LABELS: dict[str, str] = {
    IDEA: N_("Idea"),
    CHALLENGE: N_("Challenge"),
    EXPERIMENT: N_("Experiment"),
    PRACTICE: N_("Practice"),
}
HINTS: dict[str, str] = {
    IDEA: N_("Something you would like to try or build"),
    CHALLENGE: N_("A problem looking for ideas"),
    EXPERIMENT: N_("A hypothesis you want to test"),
    PRACTICE: N_("A way of working others can reuse"),
}

# Kinds that can answer a challenge (a challenge itself cannot).
ANSWERS: tuple[str, ...] = (IDEA, EXPERIMENT, PRACTICE)


def label(t: Translator, kind: str) -> str:
    """The kind in the reader's language; a kind this version does not know is shown as stored."""
    return t.gettext(LABELS[kind]) if kind in LABELS else kind


def hint(t: Translator, kind: str) -> str:
    return t.gettext(HINTS[kind]) if kind in HINTS else ""


def emoji(kind: str, unknown: str = "•") -> str:
    return EMOJI.get(kind, unknown)
