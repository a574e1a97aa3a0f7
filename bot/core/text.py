"""Making user text safe and short enough for Slack."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

ELLIPSIS = "…"

_MRKDWN_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape(text: str) -> str:
    """Escape user text for mrkdwn, so `<!channel>` or `<@U123>` typed by a member pings no one."""
    return text.translate(_MRKDWN_ESCAPES)


def truncate(text: str, limit: int) -> str:
    """Shorten `text` to at most `limit` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def escape_and_truncate(text: str, limit: int) -> str:
    """Escape, then fit `limit`: escaping lengthens text, so cutting must come after it.

    An entity such as `&amp;` cut in half would show as garbage, so a cut never splits one.
    """
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: max(limit - 1, 0)]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + ELLIPSIS


_SLACK_MARKUP = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")


def _readable(match: re.Match[str], names: Mapping[str, str]) -> str:
    sigil, target, label = match.group(1), match.group(2), match.group(3)
    if sigil == "!":
        return f"@{label or target.split('^')[0]}"
    if sigil == "@":
        return f"@{label or names.get(target) or target}"
    if sigil == "#":
        return f"#{label or target}"
    return f"{label} ({target})" if label and label != target else target


def mentioned_users(text: str) -> list[str]:
    """The user ids a message mentions (`<@U123>`), in order, each once."""
    found = (m.group(2) for m in _SLACK_MARKUP.finditer(text) if m.group(1) == "@" and not m.group(3))
    return list(dict.fromkeys(found))


def plain_from_slack(text: str, names: Mapping[str, str] | None = None) -> str:
    """Slack's encoded message text as a person reads it, for filling a form field.

    Message text arrives with `&`, `<` and `>` encoded and mentions and links as `<…>` markup;
    shown raw in a form and escaped again on the card, "Fish &amp; chips" would appear literally.
    A mention reads as `@name` when `names` (user id to name) knows the person.
    """
    readable = _SLACK_MARKUP.sub(lambda match: _readable(match, names or {}), text)
    return readable.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def quote(text: str) -> str:
    """Turn text into a mrkdwn block quote, line by line."""
    return "\n".join(f">{line}" for line in text.splitlines() or [""])


def clean_line(text: str | None) -> str:
    """Trim a form value and fold inner runs of whitespace on a single-line field."""
    return " ".join((text or "").split())


def clean_block(text: str | None) -> str:
    """Trim a multi-line form value, keeping its line breaks."""
    lines = [line.rstrip() for line in (text or "").strip().splitlines()]
    return "\n".join(lines)


def whole_number(text: str, max_digits: int = 9) -> int | None:
    """A plain number written with the digits 0-9, else None.

    `str.isdigit()` also accepts superscripts and circled digits (`²`, `①`) that `int()` refuses, so
    every number a person or a payload types is read through here.
    """
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def is_blank(text: str) -> bool:
    """Nothing a reader could see: whitespace and invisible format characters (zero-width spaces,
    joiners, direction marks) only."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)
