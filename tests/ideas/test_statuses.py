"""An idea's statuses are named once (bot/ideas/statuses.py): every set the rules use is drawn from them,
and each has a label in every language."""

from __future__ import annotations

import pytest

from bot.core.i18n import translator
from bot.ideas import statuses

LANGUAGES = ("en", "fi", "sv")


def test_every_set_the_rules_use_is_made_of_known_statuses() -> None:
    known = set(statuses.ALL)
    for named_set in (statuses.OPEN, statuses.PROJECTS, statuses.PITCHES):
        assert set(named_set) <= known
    for one in (statuses.FIRST, statuses.AFTER_FIRST_PERSPECTIVE, statuses.NEEDS_PARTNERS_BY):
        assert one in known
    assert len(statuses.ALL) == len(known), "no status named twice"


def test_a_project_is_still_open_and_a_pitch_is_not_yet_a_project() -> None:
    assert set(statuses.PROJECTS) <= set(statuses.OPEN)
    assert not set(statuses.PITCHES) & set(statuses.PROJECTS)
    assert statuses.NEEDS_PARTNERS_BY in statuses.PROJECTS


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_status_has_a_label_of_its_own_in_each_language(language: str) -> None:
    t = translator(language)
    shown = [statuses.label(t, status) for status in statuses.ALL]
    assert all(shown), shown
    assert len(set(shown)) == len(shown), f"two statuses read alike in {language}: {shown}"
    if language != "en":
        assert shown != [statuses.label(translator("en"), status) for status in statuses.ALL]


def test_a_status_this_version_does_not_know_is_shown_as_stored() -> None:
    assert statuses.label(translator("fi"), "archived") == "archived"
