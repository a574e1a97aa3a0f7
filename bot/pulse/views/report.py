"""The "in numbers" card (`/thinktank report`, `report`): pure builders from a period's figures."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core import ids
from bot.core.i18n import Translator
from bot.core.text import escape, truncate
from bot.pulse.views.shared import HEADER_MAX, SECTION_MAX, definitions

NAMES_LISTED = 12  # of each kind on the card; the JSON lists them all
# The report's counts of what happened in a period; all naught (and no visitors): nothing did.
PERIOD_COUNTS = (
    "ideas_total",
    "projects",
    "partners",
    "funded",
    "pairs_met",
    "learnings_shared",
    "supports",
    "challenge_answers",
    "gatherings",
    "attendees",
)


def report_title(t: Translator, report: dict[str, Any]) -> str:
    """Plain text: "Citizen Think Tank in numbers", or a neutral title when no name is known."""
    name = report.get("community_name")
    if not name:
        return t.gettext("Our community in numbers")
    return truncate(t.gettext("%(community)s in numbers") % {"community": name}, HEADER_MAX)


def report_period(t: Translator, report: dict[str, Any]) -> str:
    return t.gettext("%(first)s – %(last)s") % {
        "first": t.date(date.fromisoformat(report["from"]), fmt="long"),
        "last": t.date(date.fromisoformat(report["to"]), fmt="long"),
    }


def report_lines(t: Translator, report: dict[str, Any]) -> list[str]:
    """The card's figures as lines with *bold* numbers; the same lines go on the picture."""
    _ = t.gettext

    def span(pair: list[int]) -> str:
        low, high = pair
        return t.number(low) if low == high else f"{t.number(low)}–{t.number(high)}"

    values = {
        "months": t.number(report["months_active"]),
        "members": t.number(report["members"]),
        "active": span(report["weekly_active_commenters"]),
        "visitors": span(report["weekly_visitors"]),
        "ideas": t.number(report["ideas_total"]),
        "projects": t.number(report["projects"]),
        "partners": t.number(report["partners"]),
        "funded": t.number(report["funded"]),
    }
    lines = [
        t.ngettext("*%(months)s month*", "*%(months)s months*", report["months_active"]) % values,
        t.ngettext("*%(members)s member*", "*%(members)s members*", report["members"]) % values,
        _("*%(active)s* active commenters and *%(visitors)s* visitors a week") % values,
        t.ngettext("*%(ideas)s idea*", "*%(ideas)s ideas*", report["ideas_total"]) % values,
        t.ngettext(
            "*%(projects)s project* among *%(partners)s partners*",
            "*%(projects)s projects* among *%(partners)s partners*",
            report["projects"],
        )
        % values,
        t.ngettext("*%(funded)s funded project*", "*%(funded)s funded projects*", report["funded"]) % values,
    ]
    if report["pairs_met"]:
        lines.append(
            t.ngettext("*%(count)s pair* met", "*%(count)s pairs* met", report["pairs_met"])
            % {"count": t.number(report["pairs_met"])}
        )
    if report.get("gatherings"):
        lines.append(
            t.ngettext(
                "*%(count)s gathering* with *%(people)s* there",
                "*%(count)s gatherings* with *%(people)s* there",
                report["gatherings"],
            )
            % {"count": t.number(report["gatherings"]), "people": t.number(report["attendees"])}
        )
    if report["learnings_shared"]:
        lines.append(
            t.ngettext(
                "*%(count)s learning* shared", "*%(count)s learnings* shared", report["learnings_shared"]
            )
            % {"count": t.number(report["learnings_shared"])}
        )
    if report.get("supports"):
        lines.append(
            t.ngettext("*%(count)s support* given", "*%(count)s supports* given", report["supports"])
            % {"count": t.number(report["supports"])}
        )
    if report.get("challenge_answers"):
        lines.append(
            t.ngettext(
                "*%(count)s answer* to challenges",
                "*%(count)s answers* to challenges",
                report["challenge_answers"],
            )
            % {"count": t.number(report["challenge_answers"])}
        )
    return lines


def report_names(t: Translator, report: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, names) for the projects, partners and funded projects the period named; names plain."""
    labelled = (
        (t.gettext("Projects"), report["project_names"]),
        (t.gettext("Partners"), report["partner_names"]),
        (t.gettext("Funded projects"), report["funded_names"]),
    )
    shown = []
    for label, names in labelled:
        if not names:
            continue
        listed = ", ".join(names[:NAMES_LISTED])
        more = len(names) - NAMES_LISTED
        if more > 0:
            listed += " " + t.ngettext("and %(count)s more", "and %(count)s more", more) % {
                "count": t.number(more)
            }
        shown.append((label, listed))
    return shown


def nothing_in_period(report: dict[str, Any]) -> bool:
    return not any(report.get(key) for key in PERIOD_COUNTS) and report["weekly_visitors"] == [0, 0]


def report_message(t: Translator, report: dict[str, Any], post_value: str | None = None) -> dict[str, Any]:
    """The "in numbers" card, as the seed community wrote it: months, members, a weekly range, ideas…

    With `post_value` (for facilitators) it carries a **Post to channel** button for that period."""
    _ = t.gettext
    if report["since"] is None:
        text = _("Nothing to count yet. Once people pitch, comment and react, the numbers will show here.")
        return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}
    period = report_period(t, report)
    title = report_title(t, report)
    if nothing_in_period(report):
        text = _("%(title)s: nothing was recorded in %(period)s.") % {
            "title": escape(title),
            "period": period,
        }
        return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}
    lines = report_lines(t, report)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": period}]},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}},
    ]
    names = report_names(t, report)
    if names:
        text = "\n".join(f"*{label}:* {escape(listed)}" for label, listed in names)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, SECTION_MAX)}})
    note = _("Weekly figures are the middle half of the weeks (25th–75th percentile).")
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": definitions(t)}]})
    if post_value is not None:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": ids.REPORT_POST,
                        "text": {"type": "plain_text", "text": _("Post to channel")},
                        "value": post_value,
                    }
                ],
            }
        )
    plain = ", ".join(line.replace("*", "") for line in lines)
    text = _("%(title)s, %(period)s: %(figures)s.") % {
        "title": escape(title),
        "period": period,
        "figures": plain,
    }
    return {"text": text, "blocks": blocks}


def report_button_unreadable(t: Translator) -> str:
    return t.gettext("That button does not name a period I can read. Ask for the report again.")


def report_posted(t: Translator, channel: str) -> str:
    return t.gettext("Posted to <#%(channel)s>.") % {"channel": channel}


def report_posted_without_picture(t: Translator, channel: str) -> str:
    return t.gettext(
        "Posted to <#%(channel)s>, but the picture could not go with it. "
        "`report --png FILE` on the command line makes it, to add by hand."
    ) % {"channel": channel}


def report_not_posted(t: Translator, channel: str | None, error: str) -> str:
    """For the facilitator who pressed Post: why the card did not go out, and what to do."""
    values = {"channel": channel, "error": error}
    if channel is None:
        return t.gettext("No stats channel is set: choose one in /thinktank settings, then press Post again.")
    if error == "already_posted":
        return t.gettext("This period was posted to <#%(channel)s> already.") % values
    if error in ("not_in_channel", "channel_not_found"):
        return (
            t.gettext(
                "Think Tank is not in <#%(channel)s>: invite it with /invite @Think Tank, "
                "then press Post again."
            )
            % values
        )
    if error == "unconfirmed":
        return (
            t.gettext(
                "Slack failed while the card was being posted to <#%(channel)s>: it may be there already."
            )
            % values
        )
    return t.gettext("Slack refused the post to <#%(channel)s> (%(error)s).") % values
