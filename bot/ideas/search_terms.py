"""A text's search terms: its words as written plus their base forms in Finnish, Swedish and English.

Finnish inflects heavily (*vanhus*, *vanhuksille*, *vanhusten*) and Finnish and Swedish build
compounds (*terveyspalvelut*, *äldreboende*). simplemma ships its dictionaries as Python package data,
so every machine stores the same terms for the same text; `bot.ideas.search` matches a query's base forms
against them. Pure: no database, no Slack; the models use it for their column defaults.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import simplemma

LANGUAGES = ("fi", "sv", "en")
# A compound's parts are at least this long, so that *kou·lutus* is not read as two words.
COMPOUND_PART = 4
# Words whose forms are kept at hand. Any member can add words (searching, pitching), so the caches
# are bounded: about 10 MB between them when full (some 470 bytes a word), where 200,000 cost 95 MB.
WORDS_REMEMBERED = 20_000


def words(value: str) -> list[str]:
    """Lowercased runs of letters and digits: no query syntax of either engine gets through."""
    found, current = [], []
    for char in value.lower():
        if char.isalnum():
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def fold(word: str) -> str:
    """`päiväkoti` → `paivakoti`: people on an English keyboard often type a for ä and o for ö."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=WORDS_REMEMBERED)
def base_forms(word: str) -> tuple[str, ...]:
    """The word and its base forms in each language, e.g. `vanhuksille` → (vanhuksille, vanhus).

    `low_memory` reads simplemma's compressed dictionaries in place: about 70 MB for the three
    languages instead of about 450 MB, at some 25 µs a word."""
    load_dictionaries()
    forms = dict.fromkeys([word])
    for language in LANGUAGES:
        forms[simplemma.lemmatize(word, lang=language, low_memory=True).lower()] = None
    return tuple(forms)


@lru_cache(maxsize=WORDS_REMEMBERED)
def _compound_heads(word: str) -> tuple[str, ...]:
    """The base form of a compound's last part: `terveyspalveluja` → `palvelu`, `äldreboendet` →
    `boende`. The word's base form is split, not the word (`kirjastoissa` is *kirjasto*, which is no
    compound of *kirja* and *stoa*), and both parts must be words the language knows (a Swedish
    linking -s is allowed)."""
    load_dictionaries()
    heads: dict[str, None] = {}
    for language in ("fi", "sv"):
        lemma = simplemma.lemmatize(word, lang=language, low_memory=True).lower()
        for cut in range(COMPOUND_PART, len(lemma) - COMPOUND_PART + 1):
            first, last = lemma[:cut], lemma[cut:]
            known_first = _known(first, language) or (
                language == "sv" and first.endswith("s") and _known(first[:-1], language)
            )
            if known_first and _known(last, language):
                # The part as the base form has it, and its own base form when not too short:
                # `äldreboende` gives *boende*, not *bo*.
                head = simplemma.lemmatize(last, lang=language, low_memory=True).lower()
                heads[last] = None
                if len(head) >= COMPOUND_PART:
                    heads[head] = None
                break
    return tuple(heads)


def _known(word: str, language: str) -> bool:
    return simplemma.is_known(word, lang=language, low_memory=True)


def terms(*texts: str) -> str:
    """What a row is found by: each word, its base forms and compound heads, folded, once each."""
    found: dict[str, None] = {}
    for value in texts:
        for word in words(value or ""):
            for form in (*base_forms(word), *_compound_heads(word)):
                found[fold(form)] = None
    return " ".join(found)


def terms_of(*fields: str) -> Callable[[Any], str]:
    """A column default: the terms of `fields` of the row being inserted, by the ORM or by a bulk
    or conflict-ignoring INSERT alike."""

    def default(context: Any) -> str:
        values = context.get_current_parameters()
        return terms(*(values.get(field) or "" for field in fields))

    return default


_loading = threading.Lock()
_loaded = threading.Event()


def load_dictionaries() -> None:
    """Read the dictionaries, once per process (two or three seconds, most of it Finnish's 3.5
    million forms). Whoever needs them first loads them; anyone else meanwhile waits for that one
    load instead of starting another."""
    if _loaded.is_set():
        return
    with _loading:
        if not _loaded.is_set():
            for language in LANGUAGES:
                simplemma.lemmatize("a", lang=language, low_memory=True)
            _loaded.set()


def load_dictionaries_in_background() -> threading.Thread:
    """Start reading the dictionaries while the bot connects to Slack."""
    thread = threading.Thread(target=load_dictionaries, name="search-dictionaries", daemon=True)
    thread.start()
    return thread
