"""What a pitch can be looking for, and each one's name in the reader's language, in this one place."""

from __future__ import annotations

from bot.core.i18n import Translator

PERSPECTIVES = "perspectives"
COLLABORATORS = "collaborators"
SKILLS = "skills"
PARTNERS = "partners"
FUNDING = "funding"

# In the order the pitch form offers them.
ALL: tuple[str, ...] = (PERSPECTIVES, COLLABORATORS, SKILLS, PARTNERS, FUNDING)


def label(t: Translator, key: str) -> str:
    # Shown as a list under "Looking for": Finnish wants a partitive here ("Kumppaneita"), where a
    # heading has the nominative ("Kumppanit"), hence the context.
    labels = {
        PERSPECTIVES: t.pgettext("looking for", "Perspectives"),
        COLLABORATORS: t.pgettext("looking for", "Collaborators"),
        SKILLS: t.pgettext("looking for", "Skills"),
        PARTNERS: t.pgettext("looking for", "Partners"),
        FUNDING: t.pgettext("looking for", "Funding"),
    }
    return labels.get(key, key)
