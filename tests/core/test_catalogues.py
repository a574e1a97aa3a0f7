"""The Finnish and Swedish catalogues read as a native speaker would write them: every placeholder
kept, nothing left in English, one word for each concept (docs/glossary.md)."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from bot.core.i18n import locales_dir, translator

TRANSLATED = ("fi", "sv")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# Translations that are rightly the same as the English: only placeholders and punctuation, or a word
# the language shares with English.
DELIBERATELY_ENGLISH = {
    "fi": {"Idea", "idea", "*%(ideas)s idea*"},
    "sv": {"Experiment", "facilitator"},
}
# Names that stay as they are in every language: the product, Slack's own (English-only) screens
# and the manifest's shortcut, commands, and code.
KEPT_AS_IS = re.compile(
    r"`[^`]*`|%\(\w+\)[sd]|/\w+|Think Tank|Save as idea|Basic Information|App-Level Tokens|"
    r"OAuth & Permissions|Bot User OAuth Token|Signing Secret|Socket Mode|GovSlack|JSON|\w+:\w+"
)
ENGLISH_WORDS = re.compile(
    r"\b(the|and|you|your|with|pitch|pitches|pairing|unmentoring|learning|please|thanks|check-in)\b",
    re.IGNORECASE,
)
# Each concept's one word (docs/glossary.md) and words it must not be confused with.
GLOSSARY_AVOIDS = {
    # "oppi" reads as a doctrine; "opit" and "opin" stay, as the verb ("mitä opit", what you learned).
    "fi": re.compile(r"\b(paritta\w*|oppi|oppisi|oppeja|oppien|torkut\w*|unmentoring)\b", re.I),
    "sv": re.compile(r"\b(unmentoring|snooz\w*)\b", re.I),
}


def catalogue(language: str):
    with (locales_dir() / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def translations(language: str):
    """(English, translation) pairs: each plural form against the English plural."""
    for message in catalogue(language):
        if not message.id:
            continue
        if isinstance(message.id, str):
            yield message.id, message.string
        else:
            for n, string in enumerate(message.string):
                yield message.id[min(n, 1)], string


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_placeholder_is_kept_and_none_is_made_up(language: str) -> None:
    wrong = [
        (english, string)
        for english, string in translations(language)
        if string
        and set(PLACEHOLDER.findall(string)) != set(PLACEHOLDER.findall(english))
        # A singular may say "one" in words instead of its number.
        and set(PLACEHOLDER.findall(string)) != set(PLACEHOLDER.findall(english)) - {"count"}
    ]
    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_translation_is_its_english_source_unless_listed(language: str) -> None:
    same = {
        english
        for english, string in translations(language)
        if string == english and re.search(r"[^\W\d_]", PLACEHOLDER.sub("", english))
    }
    assert same <= DELIBERATELY_ENGLISH[language]


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_english_is_left_but_names(language: str) -> None:
    left = [s for _, s in translations(language) if ENGLISH_WORDS.search(KEPT_AS_IS.sub("", s))]
    assert left == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_one_word_for_each_concept(language: str) -> None:
    assert [s for _, s in translations(language) if GLOSSARY_AVOIDS[language].search(s)] == []


def test_one_english_word_gets_two_forms_where_the_sentence_needs_them() -> None:
    fi = translator("fi")
    assert fi.gettext("Partners") == "Kumppanit"  # a heading
    assert fi.pgettext("looking for", "Partners") == "Kumppaneita"  # what a pitch looks for
    assert fi.gettext("Perspectives") == "Näkökulmat"
    assert fi.pgettext("looking for", "Perspectives") == "Näkökulmia"


def test_a_day_is_written_as_the_sentence_needs_it() -> None:
    from datetime import date

    day = date(2026, 11, 30)
    assert translator("fi").on_day(day) == "maanantaina 30. marraskuuta"
    assert translator("sv").on_day(day) == "måndagen den 30 november"
    assert translator("en").on_day(day) == "Monday 30 November"
