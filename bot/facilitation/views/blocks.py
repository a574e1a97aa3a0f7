"""What facilitators read: the reminder digest, the hand-over form, the assignment note, and the
facilitator's part of App Home."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.core.text import escape_and_truncate, whole_number
from bot.facilitation.assignment import UNWELCOMED
from bot.facilitation.attention import (
    LEARNING_OVERDUE,
    NO_PARTNERS,
    NO_PERSPECTIVE,
    STALE,
    IdeaBrief,
    ItemData,
)

# A message holds at most 50 blocks; each item takes two, and the digest's own text a few.
DIGEST_MAX_ITEMS = 15
ITEM_BLOCK_PREFIX = "item:"


def idea_link(idea: IdeaBrief, url: str | None) -> str:
    title = escape_and_truncate(idea.title, 150)
    return f"<{url}|#{idea.number} {title}>" if url else f"*#{idea.number} {title}*"


def _whole_days(since: datetime, now: datetime) -> int:
    return max(1, int((now - since).total_seconds() // 86400))


def item_headline(t: Translator, item: ItemData, now: datetime, url: str | None) -> str:
    if item.kind == UNWELCOMED:
        return t.gettext("👋 <@%(user)s> joined recently and hasn't been welcomed yet.") % {
            "user": item.user_id
        }
    if item.idea is None:
        raise ValueError(f"a {item.kind} item names no idea")
    idea = idea_link(item.idea, url)
    if item.kind == NO_PERSPECTIVE:
        hours = max(1, int((now - item.since).total_seconds() // 3600))
        return t.ngettext(
            "💬 %(idea)s has waited %(count)s hour for its first perspective.",
            "💬 %(idea)s has waited %(count)s hours for its first perspective.",
            hours,
        ) % {"idea": idea, "count": t.number(hours)}
    days = _whole_days(item.since, now)
    if item.kind == STALE:
        return t.ngettext(
            "🌙 %(idea)s has been quiet for %(count)s day.",
            "🌙 %(idea)s has been quiet for %(count)s days.",
            days,
        ) % {"idea": idea, "count": t.number(days)}
    if item.kind == LEARNING_OVERDUE:
        return t.ngettext(
            "🧪 The learning of %(idea)s was due %(count)s day ago and hasn't been shared yet.",
            "🧪 The learning of %(idea)s was due %(count)s days ago and hasn't been shared yet.",
            days,
        ) % {"idea": idea, "count": t.number(days)}
    return t.ngettext(
        "🤝 %(idea)s has been developing for %(count)s day without partners.",
        "🤝 %(idea)s has been developing for %(count)s days without partners.",
        days,
    ) % {"idea": idea, "count": t.number(days)}


def next_step(t: Translator, kind: str) -> str:
    steps = {
        NO_PERSPECTIVE: t.gettext(
            "Next step: ask someone who knows the theme to share a view in its thread."
        ),
        STALE: t.gettext("Next step: ask the author in the thread how it is going, or suggest parking it."),
        UNWELCOMED: t.gettext("Next step: say hello in a DM and show them how to pitch with /pitch."),
        NO_PARTNERS: t.gettext("Next step: ask in its thread which organisation could join as a partner."),
        LEARNING_OVERDUE: t.gettext(
            "Next step: ask the author how the experiment went; successes and failures are equally "
            "welcome. You can also share the learning with them."
        ),
    }
    return steps[kind]


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text},
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def item_blocks(
    t: Translator, item: ItemData, now: datetime, url: str | None, zone: tzinfo, viewer: str | None = None
) -> list[dict[str, Any]]:
    _ = t.gettext
    text = f"{item_headline(t, item, now, url)}\n_{next_step(t, item.kind)}_"
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "block_id": f"{ITEM_BLOCK_PREFIX}{item.id}",
            "text": {"type": "mrkdwn", "text": text},
        }
    ]
    if item.state == "done":
        status = _("✅ Done. Thank you!")
    elif item.state == "gone":
        status = _("✅ This sorted itself out.")
    elif viewer is not None and item.facilitator_id != viewer:
        status = _("➡️ Handed over to <@%(user)s>.") % {"user": item.facilitator_id}
    elif item.snoozed(now) and item.snoozed_until is not None:
        status = _("😴 Snoozed until %(when)s.") % {"when": t.datetime(item.snoozed_until, zone, fmt="short")}
    else:
        value = str(item.id)
        buttons = [
            _button(_("Done"), ids.ITEM_DONE, value, "primary"),
            _button(_("Snooze a day"), ids.ITEM_SNOOZE, value),
            _button(_("Hand over"), ids.ITEM_HAND_OVER, value),
        ]
        if item.kind == LEARNING_OVERDUE and item.idea is not None:
            # A facilitator may share the learning for the author (`bot.ideas.learning.may_share`).
            buttons.append(_button(_("Share the learning"), ids.LEARNING_SHARE, str(item.idea.id)))
        blocks.append({"type": "actions", "block_id": f"actions:{item.id}", "elements": buttons})
        return blocks
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": status}]})
    return blocks


def digest_message(
    t: Translator,
    items: list[ItemData],
    now: datetime,
    urls: Mapping[int, str | None],
    zone: tzinfo,
    viewer: str | None = None,
) -> dict[str, Any]:
    """One DM with every item that needs the facilitator today."""
    _ = t.gettext
    count = len(items)
    intro = t.ngettext(
        "Good morning! %(count)s thing could use your attention:",
        "Good morning! %(count)s things could use your attention:",
        count,
    ) % {"count": t.number(count)}
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": intro}}]
    for item in items:
        url = urls.get(item.idea.id) if item.idea else None
        blocks += item_blocks(t, item, now, url, zone, viewer)
    blocks.append(
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": _("Your Home tab shows everything that is open. Thank you for facilitating!"),
                }
            ],
        }
    )
    return {"text": intro, "blocks": blocks}


def item_ids_in(message: Mapping[str, Any]) -> list[int]:
    """The items a digest showed, read from its blocks, so pressing a button can redraw it."""
    found: list[int] = []
    for block in message.get("blocks") or []:
        block_id = block.get("block_id") if isinstance(block, dict) else None
        if isinstance(block_id, str) and block_id.startswith(ITEM_BLOCK_PREFIX):
            raw = block_id[len(ITEM_BLOCK_PREFIX) :]
            number = whole_number(raw, max_digits=11)
            if number is not None:
                found.append(number)
    return found


def handover_modal(
    t: Translator,
    *,
    item_id: int | None,
    idea_id: int | None,
    suggested: str | None,
    origin: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    _ = t.gettext
    element: dict[str, Any] = {"type": "users_select", "action_id": ids.INPUT}
    if suggested:
        element["initial_user"] = suggested
    return {
        "type": "modal",
        "callback_id": ids.HAND_OVER_MODAL,
        "title": {"type": "plain_text", "text": _("Hand over")},
        "submit": {"type": "plain_text", "text": _("Hand over")},
        "close": {"type": "plain_text", "text": _("Cancel")},
        "private_metadata": metadata.write({"item": item_id, "idea": idea_id, "origin": dict(origin or {})}),
        "blocks": [
            {
                "type": "input",
                "block_id": ids.HAND_OVER_BLOCK,
                "label": {"type": "plain_text", "text": _("Which facilitator should take it?")},
                "element": element,
                "hint": {
                    "type": "plain_text",
                    "text": _("They get a message about it. The least busy facilitator is suggested."),
                },
            }
        ],
    }


def not_a_facilitator(t: Translator, user_id: str) -> str:
    return t.gettext("<@%(user)s> isn't a facilitator. Choose one of the facilitators.") % {"user": user_id}


def facilitators_only(t: Translator) -> str:
    return t.gettext("This is for facilitators. Ask a workspace admin if you'd like to help facilitate.")


def unknown_item(t: Translator) -> str:
    return t.gettext("That item is closed or can't be found any more, so there is nothing to do.")


def assigned_dm(t: Translator, idea: IdeaBrief, url: str | None) -> dict[str, Any]:
    """To the facilitator a new pitch was given to."""
    _ = t.gettext
    text = _("You're the facilitator of %(idea)s. Please make sure it hears a few perspectives.") % {
        "idea": idea_link(idea, url)
    }
    return {
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {
                "type": "actions",
                "elements": [_button(_("Hand over"), ids.IDEA_HAND_OVER, str(idea.id))],
            },
        ],
    }


def handed_over_dm(
    t: Translator,
    from_user: str,
    item: ItemData | None,
    idea: IdeaBrief | None,
    url: str | None,
    now: datetime,
) -> dict[str, Any]:
    """To the facilitator who has just been given something."""
    if item is not None:
        what = item_headline(t, item, now, url)
    elif idea is not None:
        what = idea_link(idea, url)
    else:
        raise ValueError("a hand-over names an item or an idea")
    text = t.gettext("<@%(user)s> handed this over to you:\n%(what)s") % {"user": from_user, "what": what}
    if item is not None:
        text += f"\n_{next_step(t, item.kind)}_"
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def handed_over(t: Translator, to_user: str) -> str:
    return t.gettext("Handed over to <@%(user)s>. They have a message about it.") % {"user": to_user}


def home_section(
    t: Translator,
    *,
    items: list[ItemData],
    assigned: list[IdeaBrief],
    figures: Mapping[str, Any],
    checkin_week: str | None,
    answered: bool,
    now: datetime,
    zone: tzinfo,
    viewer: str,
) -> list[dict[str, Any]]:
    """The facilitator's part of App Home: open items, the ideas they look after, this week."""
    _ = t.gettext
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _("Needs your attention")}}
    ]
    for item in items:
        blocks += item_blocks(t, item, now, None, zone, viewer)
    if not items:
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": _("Nothing right now. Enjoy your day!")}],
            }
        )
    blocks.append({"type": "header", "text": {"type": "plain_text", "text": _("Ideas you facilitate")}})
    for idea in assigned:
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": idea_link(idea, None)},
                "accessory": _button(_("Hand over"), ids.IDEA_HAND_OVER, str(idea.id)),
            }
        )
    if not assigned:
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": _("New pitches are shared out among facilitators.")}],
            }
        )
    blocks.append({"type": "header", "text": {"type": "plain_text", "text": _("This week")}})
    line = _(
        "%(members)s members · %(active)s active commenters · %(visitors)s visitors · "
        "%(perspectives)s perspectives · %(ideas)s new ideas"
    ) % {
        "members": t.number(figures["members"]),
        "active": t.number(figures["active_commenters"]),
        "visitors": t.number(figures["visitors"]),
        "perspectives": t.number(figures["perspectives"]),
        "ideas": t.number(figures["ideas_new"]),
    }
    section: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": line}}
    if checkin_week:
        label = _("Update your check-in") if answered else _("Weekly check-in")
        section["accessory"] = _button(label, ids.CHECKIN_OPEN, checkin_week)
    blocks.append(section)
    blocks.append({"type": "divider"})
    return blocks
