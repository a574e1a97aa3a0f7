"""What `/thinktank privacy` shows: what is kept about the member, and the download and erase buttons."""

from __future__ import annotations

from typing import Any

from bot.core import ids
from bot.core.i18n import Translator


def _plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def kept_lines(t: Translator, document: dict[str, Any]) -> list[str]:
    """One short line per kind of thing kept; none when there is nothing besides the user id."""
    _ = t.gettext
    lines: list[str] = []
    profile = document["profile"]
    if profile is not None:
        language = t.language_name(profile["language"]) if profile["language"] else _("from Slack")
        lines.append(
            _("Your language (%(language)s) and time zone (%(zone)s), read from Slack or chosen by you.")
            % {"language": language, "zone": profile["timezone"] or _("unknown")}
        )
        roles = [
            role
            for role, held in (
                (_("facilitator"), profile["facilitator"]),
                (_("workspace admin"), profile["workspace_admin"] or profile["workspace_owner"]),
            )
            if held
        ]
        if roles:
            lines.append(_("Your role: %(roles)s.") % {"roles": ", ".join(roles)})
    counted = (
        (
            len(document["ideas"]),
            t.ngettext(
                "%(count)s idea you pitched, with its text.",
                "%(count)s ideas you pitched, with their text.",
                len(document["ideas"]),
            ),
        ),
        (
            len(document["perspectives"]),
            t.ngettext(
                "%(count)s perspective counted (its text stays in Slack).",
                "%(count)s perspectives counted (their text stays in Slack).",
                len(document["perspectives"]),
            ),
        ),
        (
            len(document["status_changes"]),
            t.ngettext(
                "%(count)s status change you made.",
                "%(count)s status changes you made.",
                len(document["status_changes"]),
            ),
        ),
        (
            len(document["follows"]),
            t.ngettext("%(count)s idea you follow.", "%(count)s ideas you follow.", len(document["follows"])),
        ),
        (
            len(document["topics_followed"]),
            t.ngettext(
                "%(count)s tag or theme you follow.",
                "%(count)s tags and themes you follow.",
                len(document["topics_followed"]),
            ),
        ),
        (
            len(document["supports"]),
            t.ngettext(
                "%(count)s idea you support.", "%(count)s ideas you support.", len(document["supports"])
            ),
        ),
        (
            len(document["links_added"]),
            t.ngettext(
                "%(count)s link you added to an idea.",
                "%(count)s links you added to ideas.",
                len(document["links_added"]),
            ),
        ),
        (
            len(document["digests"]),
            t.ngettext(
                "%(count)s daily digest of what you follow.",
                "%(count)s daily digests of what you follow.",
                len(document["digests"]),
            ),
        ),
        (
            len(document["help_offered"]),
            t.ngettext(
                "%(count)s offer of help.", "%(count)s offers of help.", len(document["help_offered"])
            ),
        ),
        (
            len(document["ideas_facilitated"]),
            t.ngettext(
                "%(count)s idea you facilitate or facilitated.",
                "%(count)s ideas you facilitate or facilitated.",
                len(document["ideas_facilitated"]),
            ),
        ),
        (
            len(document["facilitation"]["attention_items"]),
            t.ngettext(
                "%(count)s facilitation reminder item.",
                "%(count)s facilitation reminder items.",
                len(document["facilitation"]["attention_items"]),
            ),
        ),
        (
            len(document["checkins"]),
            t.ngettext(
                "%(count)s weekly check-in.", "%(count)s weekly check-ins.", len(document["checkins"])
            ),
        ),
    )
    lines.extend(text % {"count": t.number(count)} for count, text in counted if count)
    pairing = document["pairing"]
    taking_part = pairing["taking_part"]
    if taking_part is not None and taking_part["active"]:
        lines.append(_("Pairing: you take part, with your topic and interests."))
    # Learnings of pairing conversations and of experiments alike: what the member chose to share.
    rounds, learnings = (
        len(pairing["rounds"]),
        len(pairing["learnings"]) + len(document["experiment_learnings"]),
    )
    if rounds:
        lines.append(
            t.ngettext(
                "%(count)s pairing round and your answers.",
                "%(count)s pairing rounds and your answers.",
                rounds,
            )
            % {"count": t.number(rounds)}
        )
    if learnings:
        lines.append(
            t.ngettext("%(count)s learning you shared.", "%(count)s learnings you shared.", learnings)
            % {"count": t.number(learnings)}
        )
    weeks = len(document["activity"])
    if weeks:
        lines.append(
            t.ngettext(
                "How active you were in %(count)s week: counts only, never what you wrote.",
                "How active you were in %(count)s weeks: counts only, never what you wrote.",
                weeks,
            )
            % {"count": t.number(weeks)}
        )
    return lines


def privacy_message(t: Translator, document: dict[str, Any]) -> dict[str, Any]:
    _ = t.gettext
    lines = kept_lines(t, document)
    if lines:
        heading = _("*What Think Tank keeps about you* (with your Slack user ID):")
        body = "\n".join(f"• {line}" for line in lines)
    else:
        heading = _("*Think Tank keeps nothing about you* beyond your Slack user ID.")
        body = ""
    blocks: list[dict[str, Any]] = [_section(f"{heading}\n{body}".strip())]
    blocks.append(
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": _(
                        "Think Tank never stores the text of channel messages. If you erase your data, your "
                        "ideas and shared learnings stay for the community, shown as by a former member, and "
                        "the community's figures stay as they were."
                    ),
                }
            ],
        }
    )
    if lines:
        erase = {
            "type": "button",
            "action_id": ids.PRIVACY_ERASE,
            "text": _plain(_("Erase my data")),
            "value": "erase",
            "style": "danger",
            "confirm": {
                "title": _plain(_("Erase your data?")),
                "text": {
                    "type": "mrkdwn",
                    "text": _(
                        "Everything Think Tank keeps that points to you is removed or made anonymous. "
                        "This cannot be undone."
                    ),
                },
                "confirm": _plain(_("Erase")),
                "deny": _plain(_("Keep it")),
                "style": "danger",
            },
        }
        download = {
            "type": "button",
            "action_id": ids.PRIVACY_EXPORT,
            "text": _plain(_("Download as a file")),
            "value": "export",
        }
        blocks.append({"type": "actions", "elements": [download, erase]})
    return {"text": heading, "blocks": blocks}


def export_comment(t: Translator) -> str:
    return t.gettext("Here is everything Think Tank keeps about you, as a JSON file.")


def export_sent(t: Translator) -> str:
    return t.gettext("I've sent you a file with your data in a direct message.")


def export_failed(t: Translator, error: str) -> str:
    return t.gettext(
        "Slack did not take the file (%(error)s), so nothing was sent. Please try again in a moment."
    ) % {"error": error}


def erased(t: Translator, count: int) -> str:
    if not count:
        return t.gettext("There was nothing left to erase: Think Tank keeps nothing about you.")
    return t.ngettext(
        "Done: %(count)s record that pointed to you is erased or anonymous now. If you use Think Tank again, "
        "it starts afresh.",
        "Done: %(count)s records that pointed to you are erased or anonymous now. If you use Think Tank "
        "again, it starts afresh.",
        count,
    ) % {"count": t.number(count)}
