"""Pairing's part of App Home: join, or one's state with Edit, Pause for… or Pair me again, and
Leave."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from bot.core import ids
from bot.core.i18n import Translator
from bot.pairing.status import Status
from bot.pairing.views.parts import button, plain, section

# Offered in App Home's "Pause for…" menu.
PAUSE_CHOICES = (1, 2, 4, 8)


def home_section(t: Translator, status: Status, zone: tzinfo, now: datetime) -> list[dict[str, Any]]:
    _ = t.gettext
    blocks: list[dict[str, Any]] = [{"type": "header", "text": plain(_("Pairing"))}]
    me = status.me
    if me is None or not me.active:
        blocks.append(
            section(
                _(
                    "Meet someone new: every few weeks you're paired at random with another member for a "
                    "30-minute conversation."
                )
            )
        )
        blocks.append(
            {"type": "actions", "elements": [button(_("Join pairing"), ids.PAIR_JOIN, style="primary")]}
        )
        return blocks
    if me.auto_paused_at is not None:
        state = _("You're taking part, paused since the last rounds went unanswered.")
    elif me.paused_until is not None and me.paused_until > now:
        state = _("You're taking part, paused until %(date)s.") % {
            "date": t.date(me.paused_until, zone, "long")
        }
    elif status.next_round is not None:
        state = _("You're taking part. Next round: %(date)s.") % {"date": t.on_day(status.next_round, zone)}
    else:
        state = _("You're taking part. Rounds are off for now.")
    blocks.append(section(state))
    elements: list[dict[str, Any]] = [button(_("Edit"), ids.PAIR_JOIN)]
    if me.paused(now):
        elements.append(button(_("Pair me again"), ids.PAIR_RESUME, style="primary"))
    else:
        elements.append(
            {
                "type": "static_select",
                "action_id": ids.PAIR_PAUSE,
                "placeholder": plain(_("Pause for…")),
                "options": [
                    {
                        "text": plain(
                            t.ngettext("%(count)s week", "%(count)s weeks", weeks) % {"count": weeks}
                        ),
                        "value": str(weeks),
                    }
                    for weeks in PAUSE_CHOICES
                ],
            }
        )
    leave = button(_("Leave"), ids.PAIR_LEAVE)
    leave["confirm"] = {
        "title": plain(_("Leave pairing?")),
        "text": plain(_("You won't be paired again until you join again.")),
        "confirm": plain(_("Leave")),
        "deny": plain(_("Stay")),
    }
    elements.append(leave)
    blocks.append({"type": "actions", "elements": elements})
    return blocks
