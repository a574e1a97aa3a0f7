"""What the knowledge bank adds to an idea's card and to `/idea show`: its tags and links, a practice's
fields, the challenge it answers or a challenge's answers, an experiment's learning date and shared
learning, and its supports.

Everything a member typed is escaped and cut to Slack's limits here; a link is drawn as a link only
when it is a web address that cannot break out of Slack's `<url|label>` markup.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from bot.core import ids
from bot.core.i18n import Translator
from bot.core.text import escape, escape_and_truncate, truncate
from bot.ideas import kinds, learning, statuses
from bot.ideas.data import IdeaData, IdeaRef, LinkData
from bot.ideas.views import labels

SECTION_MAX = 3000
FIELD_MAX = 2000
# A link's address and label as shown; what is longer is cut (the label) or not linked (the address).
URL_SHOWN = 1000
LABEL_SHOWN = 100
# Each part of a shared learning shares the 3,000 characters of one section.
LEARNING_PART = 700
# Characters that would end or split Slack's `<url|label>` markup, percent-encoded in an address.
_URL_UNSAFE = {" ": "%20", "<": "%3C", ">": "%3E", "|": "%7C", '"': "%22", "\n": "", "\r": "", "\t": ""}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, SECTION_MAX)}}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def tags_text(idea: IdeaData) -> str:
    """`#nuoret #kulttuuri`: tags are kept normalised, but escaped all the same."""
    return " ".join(f"`#{escape(truncate(tag, 50))}`" for tag in idea.tags)


def safe_url(url: str) -> str | None:
    """The address as it may stand in `<url|label>`, or None when it is no web address."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or len(url) > URL_SHOWN:
        return None
    for unsafe, encoded in _URL_UNSAFE.items():
        url = url.replace(unsafe, encoded)
    # Slack reads `&` in a link as the start of an entity, as in any text.
    return url.replace("&", "&amp;")


def link_text(link: LinkData) -> str:
    """A link as mrkdwn: `<url|label>` for a web address, else its words as plain text."""
    label = _one_line(link.label or "")
    url = safe_url(link.url)
    if url is None:
        return escape_and_truncate(_one_line(label or link.url), LABEL_SHOWN)
    shown = escape_and_truncate(label or link.url, LABEL_SHOWN).replace("|", "¦")
    return f"<{url}|{shown}>"


def ref_text(t: Translator, ref: IdeaRef) -> str:
    title = escape_and_truncate(ref.title, 150)
    return f"{labels.kind_emoji(ref.kind)} *#{ref.number}* {title} · _{labels.status(t, ref.status)}_"


def challenge_line(t: Translator, idea: IdeaData) -> str | None:
    if idea.challenge is None:
        return None
    return t.gettext("Answers challenge #%(number)s: %(title)s") % {
        "number": idea.challenge.number,
        "title": escape_and_truncate(idea.challenge.title, 200),
    }


def answers_text(t: Translator, idea: IdeaData) -> str | None:
    """A challenge's answers, the newest first, and how many more there are."""
    if idea.kind != kinds.CHALLENGE:
        return None
    heading = t.gettext("Answers")
    if not idea.answers:
        return f"*{heading}*\n" + t.gettext("No answers yet. Yours could be the first.")
    lines = [f"• {ref_text(t, answer)}" for answer in idea.answers]
    more = idea.answer_count - len(idea.answers)
    if more > 0:
        lines.append(t.ngettext("and %(n)s more", "and %(n)s more", more) % {"n": t.number(more)})
    return f"*{heading}*\n" + "\n".join(lines)


def learning_text(t: Translator, idea: IdeaData) -> str | None:
    """An experiment's shared learning, or the day it is to be shared while it is being tested."""
    _ = t.gettext
    shared = idea.learning
    if shared is None:
        if (
            idea.kind == kinds.EXPERIMENT
            and idea.learning_due
            and idea.status in (statuses.NEW, statuses.TESTING)
        ):
            return _("The learning is to be shared by %(date)s.") % {"date": t.date(idea.learning_due)}
        return None
    parts = [
        (_("What we learned"), shared.text),
        (_("What worked"), shared.worked),
        (_("What did not work"), shared.did_not),
    ]
    lines = [f"*{label}*\n{escape_and_truncate(value, LEARNING_PART)}" for label, value in parts if value]
    if shared.again:
        lines.append(f"*{_('Would we do it again?')}* {learning.again_label(t, shared.again)}")
    return "\n".join(lines)


def practice_fields(t: Translator, idea: IdeaData) -> list[dict[str, Any]]:
    fields = []
    for heading, value in (
        (t.gettext("Where it is used"), idea.used_where),
        (t.gettext("Whom to ask"), idea.ask_whom),
    ):
        if value:
            fields.append(
                {"type": "mrkdwn", "text": f"*{heading}*\n{escape_and_truncate(value, FIELD_MAX - 100)}"}
            )
    return fields


def links_text(t: Translator, idea: IdeaData) -> str | None:
    if not idea.links:
        return None
    return f"*{t.gettext('Links')}*\n" + "\n".join(f"• {link_text(link)}" for link in idea.links[:10])


def supports_text(t: Translator, idea: IdeaData) -> str:
    return t.ngettext("%(n)s support", "%(n)s supports", idea.supports) % {"n": t.number(idea.supports)}


def knowledge_blocks(t: Translator, idea: IdeaData) -> list[dict[str, Any]]:
    """The blocks that follow what an idea says, on its card and in `/idea show` (at most five)."""
    blocks: list[dict[str, Any]] = []
    if line := challenge_line(t, idea):
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(line, SECTION_MAX)}]}
        )
    if fields := practice_fields(t, idea):
        blocks.append({"type": "section", "fields": fields})
    for text in (learning_text(t, idea), answers_text(t, idea), links_text(t, idea)):
        if text:
            blocks.append(_section(text))
    return blocks


def tags_and_supports(t: Translator, idea: IdeaData) -> dict[str, Any]:
    """One line under the card: its support count and its tags."""
    text = supports_text(t, idea)
    if idea.tags:
        text += " · " + tags_text(idea)
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(text, SECTION_MAX)}]}


def support_button(t: Translator, idea: IdeaData) -> dict[str, Any]:
    # The card is the same for everyone, so the button cannot say whether the reader supports it;
    # pressing it again withdraws, and the private answer says which happened.
    return {
        "type": "button",
        "action_id": ids.IDEA_SUPPORT,
        "value": str(idea.id),
        "text": {"type": "plain_text", "text": t.pgettext("button", "Support")},
    }


def answer_button(t: Translator, idea: IdeaData) -> dict[str, Any] | None:
    """On an open challenge: pitch an idea, experiment or practice that answers it."""
    if idea.kind != kinds.CHALLENGE or idea.status not in statuses.OPEN:
        return None
    return {
        "type": "button",
        "action_id": ids.CHALLENGE_ANSWER,
        "value": str(idea.id),
        "text": {"type": "plain_text", "text": t.gettext("Answer this challenge")},
    }


def supported(t: Translator, idea: IdeaData, now: bool) -> str:
    """The presser's private answer: the card's button is a toggle, so say what it did."""
    values = {"number": idea.number, "title": escape_and_truncate(idea.title, 200)}
    if now:
        return (
            t.gettext("You support #%(number)s *%(title)s*. Press Support again to withdraw your support.")
            % values
        )
    return t.gettext("You no longer support #%(number)s *%(title)s*.") % values
