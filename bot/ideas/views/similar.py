"""The "Similar ideas" step of the pitch form: the closest ideas, "Post anyway", and the draft
carried in the view's private_metadata (Slack's 3,000 characters) until it is posted."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.core.text import escape, truncate
from bot.ideas.data import IdeaData, LinkData
from bot.ideas.pitches import PitchDraft
from bot.ideas.views import labels
from bot.ideas.views.pitch_fields import plain

_TEXTS = ("kind", "title", "description", "believe", "outcome", "test", "share", "used_where", "ask_whom")
_LISTS = ("themes", "seeking", "tags")


def draft_metadata(draft: PitchDraft, channel_id: str | None) -> str | None:
    """The draft and where it was pitched, as private_metadata; None when it does not fit."""
    data: dict[str, Any] = {name: getattr(draft, name) for name in _TEXTS if getattr(draft, name)}
    data |= {name: list(getattr(draft, name)) for name in _LISTS if getattr(draft, name)}
    if draft.links:
        data["links"] = [[link.url, link.label] for link in draft.links]
    if draft.challenge_id is not None:
        data["challenge_id"] = draft.challenge_id
    if draft.learning_due is not None:
        data["learning_due"] = draft.learning_due.isoformat()
    whole: dict[str, Any] = {"draft": data, "similar": 1}
    if channel_id:
        whole["channel"] = channel_id
    try:
        return metadata.write(whole)
    except ValueError:
        return None


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _links(value: Any) -> tuple[LinkData, ...]:
    if not isinstance(value, list):
        return ()
    pairs = [v for v in value if isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)]
    return tuple(LinkData(url=url, label=label) for url, label in pairs)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def draft_from_metadata(raw: str | None) -> PitchDraft | None:
    """The draft carried by a "Similar ideas" view; None when there is none. It may be forged, so
    anything of the wrong type reads as empty and the draft is checked again before it is kept."""
    data = metadata.read(raw).get("draft")
    if not isinstance(data, dict):
        return None
    texts = {name: data[name] for name in _TEXTS if isinstance(data.get(name), str)}
    return PitchDraft(
        **texts,
        themes=_strings(data.get("themes")),
        seeking=_strings(data.get("seeking")),
        tags=_strings(data.get("tags")),
        links=_links(data.get("links")),
        challenge_id=metadata.whole_number(data, "challenge_id"),
        learning_due=_day(data.get("learning_due")),
    )


def similar_seen(raw: str | None) -> bool:
    """Whether the person has already been shown similar ideas for this pitch (the step comes once)."""
    return metadata.read(raw).get("similar") == 1


def _line(t: Translator, idea: IdeaData) -> str:
    values = {
        "emoji": labels.kind_emoji(idea.kind),
        "number": idea.number,
        "title": escape(truncate(idea.title, 150)),
        "status": labels.status(t, idea.status),
    }
    if idea.channel_id:
        return t.gettext("%(emoji)s #%(number)s *%(title)s* · %(status)s · in %(channel)s") % {
            **values,
            "channel": f"<#{idea.channel_id}>",
        }
    return t.gettext("%(emoji)s #%(number)s *%(title)s* · %(status)s") % values


def similar_modal(
    t: Translator, draft: PitchDraft, ideas: list[IdeaData], private_metadata: str
) -> dict[str, Any]:
    """The closest ideas to a new pitch, with "Post anyway" as the form's submit."""
    _ = t.gettext
    intro = _("Your pitch *%(title)s* looks like these ideas already in the bank:") % {
        "title": escape(truncate(draft.title, 150))
    }
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": intro}}]
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": _line(t, idea)}} for idea in ideas]
    blocks.append(
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": _(
                        "If one of them is what you mean, you could add your perspective in its thread "
                        "instead. Or post yours anyway: both are welcome."
                    ),
                }
            ],
        }
    )
    return {
        "type": "modal",
        "callback_id": ids.PITCH_SIMILAR_MODAL,
        "title": plain(_("Similar ideas"), 24),
        "submit": plain(_("Post anyway"), 24),
        # Pushed over the pitch form: closing it goes back to the form, the pitch as it was typed.
        "close": plain(_("Back"), 24),
        "private_metadata": private_metadata,
        "blocks": blocks,
    }
