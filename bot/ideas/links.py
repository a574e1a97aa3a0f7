"""Links on an idea as a member types them in the pitch form: one a line, `URL` or `URL label`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.core.text import clean_line
from bot.ideas.data import LinkData
from bot.ideas.pitch_problems import PitchProblem
from models.knowledge import LINK_LABEL_MAX, LINK_URL_MAX

# At most this many links on one idea; the card stays readable.
MAX_PER_IDEA = 5


@dataclass(frozen=True)
class ReadLinks:
    """The links read, or the first line that cannot be kept (1-based) and why."""

    links: tuple[LinkData, ...] = ()
    bad_line: int = 0
    problem: PitchProblem | None = None


def link_problem(url: str, label: str) -> PitchProblem | None:
    """Why a link cannot be kept, or None. Only web addresses: anything else on a card (`javascript:`,
    `slack://`, a bare word) would be a trap or a dead end for the reader."""
    try:
        parts = urlsplit(url)
    except ValueError:  # malformed, e.g. an unclosed [ in the host
        return PitchProblem.LINK_NOT_WEB
    # Slack's own markup characters (and spaces) would break the card's link.
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in url for c in "<>| "):
        return PitchProblem.LINK_NOT_WEB
    if len(url) > LINK_URL_MAX:
        return PitchProblem.LINK_TOO_LONG
    if len(label) > LINK_LABEL_MAX:
        return PitchProblem.LINK_LABEL_TOO_LONG
    return None


def parse(text: str) -> ReadLinks:
    """The links typed in `text`, each once, in the order typed."""
    links: list[LinkData] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean_line(raw)
        if not line:
            continue
        url, _sep, label = line.partition(" ")
        label = label.strip()
        problem = link_problem(url, label)
        if problem is None and len(links) == MAX_PER_IDEA:
            problem = PitchProblem.TOO_MANY_LINKS
        if problem is not None:
            return ReadLinks(tuple(links), number, problem)
        link = LinkData(url=url, label=label)
        if link not in links:
            links.append(link)
    return ReadLinks(tuple(links))


def as_text(links: tuple[LinkData, ...]) -> str:
    """Links back as the form shows them, for editing."""
    return "\n".join(f"{link.url} {link.label}".strip() for link in links)
