"""`python -m bot.core.i18n_english`: make every English translation its message id.

English is the source language, so its translations are the ids themselves; keeping them filled
lets the parity test treat every catalogue alike.
"""

from __future__ import annotations

from babel.messages.pofile import read_po, write_po

from bot.core.i18n import locales_dir


def main() -> None:
    path = locales_dir() / "en" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale="en")
    for message in catalog:
        if message.id:
            # Always the id itself: pybabel's fuzzy guesses for new ids are other ids' English.
            message.string = message.id
        message.flags.discard("fuzzy")
    with path.open("wb") as po:
        write_po(po, catalog, width=100, no_location=True)


if __name__ == "__main__":
    main()
