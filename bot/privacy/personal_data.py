"""Kept only so that code outside bot.privacy still finds the names it imports from here; the code
lives in the modules that say what it holds:

- `bot.privacy.export`: what the bot keeps about one member, as one document (`kept_about`);
- `bot.privacy.erasure`: erasing it (`erase`, and `ideas_naming` to read before);
- `bot.privacy.columns`: how erasure treats each column that can hold a member's id.

Import from those; these re-exports go once handlers/, bot/cli.py and the benchmarks have moved.
"""

from bot.privacy.columns import NOT_PERSONAL, PERSONAL_COLUMNS
from bot.privacy.erasure import erase, ideas_naming
from bot.privacy.export import kept_about

__all__ = ["NOT_PERSONAL", "PERSONAL_COLUMNS", "erase", "ideas_naming", "kept_about"]
