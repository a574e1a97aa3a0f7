"""A group of three is never spoken to as a pair, in any language: "You both" is for two."""

from __future__ import annotations

import json

import pytest

from bot.core.i18n import translator
from bot.pairing.grouping import GroupData
from bot.pairing.participation import Person
from bot.pairing.views.messages import first_question, intro_message

LANGUAGES = ("en", "fi", "sv")


def group(size: int) -> GroupData:
    people = [Person(f"U0PERSON0{n}", "", ("culture",)) for n in range(size)]
    return GroupData(id=1, round_id=1, people=people, language="fi")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_trio_is_greeted_and_asked_as_three_and_a_pair_as_two(language: str) -> None:
    t = translator(language)
    pair_question = t.gettext("You both care about %(theme)s: what got you into it?")
    trio_question = t.gettext("All three of you care about %(theme)s: what got you into it?")
    assert pair_question != trio_question

    assert first_question(t, group(2)).startswith(pair_question.split("%")[0])
    assert first_question(t, group(3)).startswith(trio_question.split("%")[0])
    trio_intro = json.dumps(intro_message(t, group(3)), ensure_ascii=False)
    assert pair_question.split("%")[0] not in trio_intro
    assert all(f"<@U0PERSON0{n}>" in trio_intro for n in range(3))


def test_the_english_words_say_it_plainly() -> None:
    en = translator("en")
    assert "All three of you" in first_question(en, group(3))
    assert "You both" in first_question(en, group(2))
    assert "group of three" in intro_message(en, group(3))["text"]
