"""Members' free tags: one tag is one tag, however it was typed.

A tag is kept lowercased, NFKC-normalised (so a full-width or composed letter is the same letter),
without a leading `#`, with runs of spaces, dashes and underscores made one dash, and at most
`TAG_MAX` characters. Something with no letter or digit in it (only emoji or punctuation) is no tag.
"""

from __future__ import annotations

import re
import unicodedata

from models.knowledge import TAG_MAX

# At most this many tags on one idea; the card and the lists stay readable.
MAX_PER_IDEA = 10
_JOINERS = re.compile(r"[\s_\-]+")
_KEPT = re.compile(r"[^\w\-]")


def normalise(raw: str) -> str | None:
    """The tag as it is kept, or None when `raw` holds no tag."""
    text = unicodedata.normalize("NFKC", raw).casefold().strip().lstrip("#").strip()
    text = _KEPT.sub("", _JOINERS.sub("-", text)).strip("-")
    text = text[:TAG_MAX].strip("-")
    return text if any(ch.isalnum() for ch in text) else None


def parse(text: str, limit: int | None = MAX_PER_IDEA) -> tuple[str, ...]:
    """Tags from what a member typed (separated by commas, spaces or new lines), each once, in the
    order typed, at most `limit` (None: all, so that a form can say there are too many)."""
    found: list[str] = []
    for part in re.split(r"[,\n]+|\s+(?=#)|\s+", text):
        tag = normalise(part)
        if tag and tag not in found:
            found.append(tag)
    return tuple(found if limit is None else found[:limit])


def as_line(tags: tuple[str, ...]) -> str:
    """Tags as one line of text (the idea's `tags` column, which search reads)."""
    return " ".join(tags)
