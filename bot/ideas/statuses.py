"""An idea's statuses: each one, the sets the rules use, and their labels, named in this one place.

Adding a status means adding it here (with its label), to the catalogues, and to a test; every rule
that asks "is this idea still open?" or "is it a project?" reads the sets below.
"""

from __future__ import annotations

from bot.core.i18n import N_, Translator
from bot.ideas import kinds

NEW = "new"
DISCUSSING = "discussing"
DEVELOPING = "developing"
FUNDED = "funded"
# An experiment's own: being tried out, then its learning shared (`bot.ideas.learning`).
TESTING = "testing"
LEARNING_SHARED = "learning_shared"
DONE = "done"
PARKED = "parked"

# In the order an idea usually moves, which is also the order lists and menus show them in.
ALL: tuple[str, ...] = (NEW, DISCUSSING, DEVELOPING, FUNDED, TESTING, LEARNING_SHARED, DONE, PARKED)
LABELS: dict[str, str] = {
    NEW: N_("New"),
    DISCUSSING: N_("Discussing"),
    DEVELOPING: N_("Developing"),
    FUNDED: N_("Funded"),
    TESTING: N_("Testing"),
    LEARNING_SHARED: N_("Learning shared"),
    DONE: N_("Done"),
    PARKED: N_("Parked"),
}

# Still moving: a facilitator looks after these, and they can need attention.
OPEN: tuple[str, ...] = (NEW, DISCUSSING, DEVELOPING, FUNDED, TESTING)
# A project: people (and partner organisations) carry the idea on; moving into one asks for partners.
PROJECTS: tuple[str, ...] = (DEVELOPING, FUNDED)
# Still a pitch: it may be waiting for its first perspective.
PITCHES: tuple[str, ...] = (NEW, DISCUSSING)
# The first perspective moves a pitch from FIRST to AFTER_FIRST_PERSPECTIVE.
FIRST = NEW
AFTER_FIRST_PERSPECTIVE = DISCUSSING
# A project still in this status a week on, with no partner named, is a facilitator's item.
NEEDS_PARTNERS_BY = DEVELOPING

# The way each kind of idea moves, in order; a status outside its kind's path is refused. An
# experiment is tried out and ends in its shared learning; the others become projects.
PATHS: dict[str, tuple[str, ...]] = {
    kinds.IDEA: (NEW, DISCUSSING, DEVELOPING, FUNDED, DONE, PARKED),
    kinds.CHALLENGE: (NEW, DISCUSSING, DEVELOPING, FUNDED, DONE, PARKED),
    kinds.PRACTICE: (NEW, DISCUSSING, DEVELOPING, FUNDED, DONE, PARKED),
    kinds.EXPERIMENT: (NEW, TESTING, LEARNING_SHARED, PARKED),
}


def of_kind(kind: str) -> tuple[str, ...]:
    """The statuses an idea of this kind can have; a kind this version does not know has them all."""
    return PATHS.get(kind, ALL)


def after_first_perspective(kind: str) -> str | None:
    """Where a new idea of this kind moves on its first perspective; None when it stays."""
    return AFTER_FIRST_PERSPECTIVE if AFTER_FIRST_PERSPECTIVE in of_kind(kind) else None


def label(t: Translator, status: str) -> str:
    """The status in the reader's language; a status this version does not know is shown as stored."""
    return t.gettext(LABELS[status]) if status in LABELS else status
