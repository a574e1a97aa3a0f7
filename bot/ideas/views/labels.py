"""Names of kinds, statuses, themes and what a pitch seeks, in the reader's language."""

from __future__ import annotations

from bot.core.i18n import N_, Translator
from bot.ideas import statuses

KIND_EMOJI = {"idea": ":bulb:", "challenge": ":dart:", "experiment": ":test_tube:"}

_KINDS = {"idea": N_("Idea"), "challenge": N_("Challenge"), "experiment": N_("Experiment")}
_KIND_HINTS = {
    "idea": N_("Something you would like to try or build"),
    "challenge": N_("A problem looking for ideas"),
    "experiment": N_("A hypothesis you want to test"),
}
# What a pitch is looking for, as a list under "Looking for": Finnish wants a partitive here
# ("Kumppaneita"), where a heading has the nominative ("Kumppanit"), hence the context.
_SEEKING = ("perspectives", "collaborators", "skills", "partners", "funding")


def _seeking_labels(t: Translator) -> dict[str, str]:
    return {
        "perspectives": t.pgettext("looking for", "Perspectives"),
        "collaborators": t.pgettext("looking for", "Collaborators"),
        "skills": t.pgettext("looking for", "Skills"),
        "partners": t.pgettext("looking for", "Partners"),
        "funding": t.pgettext("looking for", "Funding"),
    }


# The default themes are translated; themes a workspace names itself are shown as written.
_THEMES = {
    "health": N_("Health"),
    "wellbeing": N_("Wellbeing"),
    "culture": N_("Culture"),
    "environment": N_("Environment"),
    "work": N_("Work"),
    "other": N_("Other"),
}


def kind(t: Translator, key: str) -> str:
    return t.gettext(_KINDS[key]) if key in _KINDS else key


def kind_hint(t: Translator, key: str) -> str:
    return t.gettext(_KIND_HINTS[key])


def status(t: Translator, key: str) -> str:
    return statuses.label(t, key)


def seeking(t: Translator, key: str) -> str:
    return _seeking_labels(t).get(key, key)


def theme(t: Translator, key: str) -> str:
    return t.gettext(_THEMES[key]) if key in _THEMES else key
