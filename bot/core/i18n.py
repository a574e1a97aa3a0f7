"""Languages: gettext catalogues read from `locales/`, and which language a member reads.

Catalogues are read from the `.po` files at run time and compiled in memory, so a fresh
`pip install` (editable or not) has working translations without a build step.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import cache
from pathlib import Path

from babel import Locale, default_locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

# A calendar day: inside Translator the name `date` is its method.
Day = date

DEFAULT_LANGUAGE = "en"
DOMAIN = "messages"


def locales_dir() -> Path:
    """`locales/` beside the `bot` package, in a checkout and in site-packages alike."""
    return Path(__file__).resolve().parents[2] / "locales"


def N_(message: str) -> str:
    """Mark a string for extraction where it is defined; it is translated where it is shown."""
    return message


@cache
def available_languages() -> tuple[str, ...]:
    """Languages that have a catalogue, English first."""
    found = sorted(p.parent.parent.name for p in locales_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return tuple(sorted(found, key=lambda lang: (lang != DEFAULT_LANGUAGE, lang)))


@cache
def _translations(language: str) -> Translations:
    path = locales_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@dataclass(frozen=True)
class Translator:
    """Everything a view needs to speak one language: gettext plus Babel's dates and numbers."""

    language: str

    def gettext(self, message: str) -> str:
        return _translations(self.language).gettext(message)

    _ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _translations(self.language).ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """One English word that needs two forms in another language (a heading, a count)."""
        return str(_translations(self.language).pgettext(context, message))

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.language)

    def date(self, value: date | datetime, tz: tzinfo | None = None, fmt: str = "medium") -> str:
        if isinstance(value, datetime) and tz is not None:
            value = value.astimezone(tz)
        return babel_format_date(value, format=fmt, locale=self.language)

    def on_day(self, value: Day | datetime, tz: tzinfo | None = None) -> str:
        """A day as a sentence says "on" it: "Tuesday 1 December", "tiistaina 1. joulukuuta" (CLDR's
        Finnish weekday in a date is the essive), "tisdagen den 1 december". The pattern is each
        language's own, in its catalogue."""
        if isinstance(value, datetime) and tz is not None:
            value = value.astimezone(tz)
        # Translators: a CLDR date pattern for "on <day>" in the middle of a sentence.
        pattern = self.pgettext("date pattern: on a day", "EEEE d MMMM")
        return babel_format_date(value, format=pattern, locale=self.language)

    def day_and_month(self, value: Day) -> str:
        """ "9 Nov", "9.11.": the locale's own short way, with no year."""
        return format_skeleton("MMMd", value, locale=self.language)

    def datetime(self, value: datetime, tz: tzinfo | None = None, fmt: str = "medium") -> str:
        return babel_format_datetime(value, format=fmt, tzinfo=tz, locale=self.language)

    def language_name(self, language: str) -> str:
        """A language's name as its own speakers write it ("suomi", "English")."""
        name = Locale.parse(language).get_display_name(language) or language
        return name[:1].upper() + name[1:]


def translator(language: str | None) -> Translator:
    """A translator for `language`, or English when there is no such catalogue."""
    if language in available_languages():
        return Translator(language)
    return Translator(DEFAULT_LANGUAGE)


def language_of_locale(locale: str | None) -> str | None:
    """The supported language of a Slack locale such as `fi-FI`, or None."""
    if not locale:
        return None
    language = locale.replace("_", "-").split("-")[0].lower()
    return language if language in available_languages() else None


def resolve_language(*, chosen: str | None, slack_locale: str | None, workspace_language: str | None) -> str:
    """A member's own choice; else their Slack locale when it names a language with a catalogue other
    than English; else the workspace setting; else English.

    Slack's interface has no Finnish or Swedish, so Finns and Swedish-speaking Finns run it in English:
    an English locale says little about what a member reads, and must not hide the workspace language.
    """
    from_locale = language_of_locale(slack_locale)
    if from_locale == DEFAULT_LANGUAGE:
        from_locale = None
    for candidate in (chosen, from_locale, workspace_language):
        if candidate in available_languages():
            return candidate
    return DEFAULT_LANGUAGE


def operator_translator() -> Translator:
    """The language of an operator at the command line, from the usual LANGUAGE/LC_ALL/LANG."""
    return translator(language_of_locale(default_locale() or os.environ.get("LANG")))
