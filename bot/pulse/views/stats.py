"""The weekly stats post, `/thinktank stats` and the "in numbers" card: pure builders from figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.core import ids
from bot.core.i18n import N_, Translator
from bot.core.text import escape, escape_and_truncate, truncate
from bot.pulse.stats import WeekPoint

# The figures of a week, in the order they are shown.
WEEK_FIGURES = (
    ("members", N_("Members")),
    ("new_members", N_("New members")),
    ("active_commenters", N_("Active commenters")),
    ("visitors", N_("Visitors")),
    ("perspectives", N_("Perspectives")),
    ("messages", N_("Messages")),
    ("reactions", N_("Reactions")),
    ("ideas_new", N_("New ideas")),
    ("ideas_total", N_("Ideas in all")),
    ("projects", N_("Projects")),
    ("partners", N_("Partners")),
    ("funded", N_("Funded projects")),
)
PAIRING_FIGURES = (
    ("pairs_made", N_("Pairs made")),
    ("pairs_met", N_("Pairs who met")),
    ("learnings_shared", N_("Learnings shared")),
)
GATHERING_FIGURES = (
    ("gatherings", N_("Gatherings")),
    ("attendees", N_("People at gatherings")),
)
# How the `checkins` figures read, in this order.
CHECKIN_FIGURES = (
    ("meeting_attendance", N_("People at the meetings")),
    ("new_partners", N_("New partners")),
    ("facilitators_answered", N_("Facilitators who checked in")),
)
NEWS_LISTED = 5
NEWS_SHOWN = 300
FIELDS_PER_SECTION = 10  # Slack's limit for a section's fields
HEADER_MAX = 150  # Slack's limit for a header's text
SECTION_MAX = 3000  # Slack's limit for a section's text
NAMES_LISTED = 12  # of each kind on the card; the JSON lists them all
# The report's counts of what happened in a period; all naught (and no visitors): nothing did.
PERIOD_COUNTS = (
    "ideas_total",
    "projects",
    "partners",
    "funded",
    "pairs_met",
    "learnings_shared",
    "gatherings",
    "attendees",
)


@dataclass(frozen=True)
class IdeaLink:
    number: int
    title: str
    url: str | None


def week_heading(t: Translator, figures: dict[str, Any]) -> str:
    monday = date.fromisoformat(figures["start"][:10])
    return t.gettext("Week %(week)s (%(first)s – %(last)s)") % {
        "week": figures["week"],
        "first": t.day_and_month(monday),
        "last": t.day_and_month(monday + timedelta(days=6)),
    }


def change(t: Translator, now: int, before: int) -> str:
    """Up or down against the week before, in words a screen reader says well."""
    difference = now - before
    if difference > 0:
        return t.gettext("▲ %(count)s more than the week before") % {"count": t.number(difference)}
    if difference < 0:
        return t.gettext("▼ %(count)s fewer than the week before") % {"count": t.number(-difference)}
    return t.gettext("the same as the week before")


def definitions(t: Translator) -> str:
    return t.gettext(
        "_Active commenters_ wrote a message or a perspective where Think Tank can see it. "
        "_Visitors_ did anything it can see: a message, a reaction, a command, a button or the Home tab. "
        "Slack does not tell apps who reads, so visitors are a floor, not a census."
    )


def _figure_fields(
    t: Translator, figures: dict[str, Any], previous: dict[str, Any] | None, keys: Sequence[tuple[str, str]]
) -> list[dict[str, Any]]:
    fields = []
    for key, label in keys:
        line = f"*{t.gettext(label)}*\n{t.number(figures[key])}"
        if previous is not None:
            line += f"  _{change(t, figures[key], previous[key])}_"
        fields.append({"type": "mrkdwn", "text": line})
    return fields


def _checkin_lines(t: Translator, checkins: dict[str, int], news: Sequence[str]) -> list[str]:
    lines = [
        f"• {t.gettext(label)}: {t.number(checkins[key])}"
        for key, label in CHECKIN_FIGURES
        if key in checkins
    ]
    # News is what facilitators chose to share; shown as a quote, without their names.
    lines += [f"> {escape_and_truncate(' '.join(item.split()), NEWS_SHOWN)}" for item in news[:NEWS_LISTED]]
    return lines


def week_message(
    t: Translator,
    figures: dict[str, Any],
    previous: dict[str, Any] | None = None,
    new_ideas: Sequence[IdeaLink] = (),
    news: Sequence[str] = (),
    community: str | None = None,
) -> dict[str, Any]:
    """The weekly post (with `previous`: up or down), or this week so far for one member; the post
    carries the community's name (`community`) in its title."""
    _ = t.gettext
    heading = week_heading(t, figures)
    fields = _figure_fields(t, figures, previous, WEEK_FIGURES)
    title = _("Our week in numbers")
    if community:
        title = truncate(_("%(community)s: our week in numbers") % {"community": community}, HEADER_MAX)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": heading}]},
    ]
    for first in range(0, len(fields), FIELDS_PER_SECTION):
        blocks.append({"type": "section", "fields": fields[first : first + FIELDS_PER_SECTION]})
    if any(figures[key] for key, _label in PAIRING_FIGURES):
        blocks.append({"type": "section", "fields": _figure_fields(t, figures, previous, PAIRING_FIGURES)})
    if any(figures.get(key) for key, _label in GATHERING_FIGURES):
        blocks.append({"type": "section", "fields": _figure_fields(t, figures, previous, GATHERING_FIGURES)})
    if figures.get("checkins"):
        lines = [_("*What facilitators counted*"), *_checkin_lines(t, figures["checkins"], news)]
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}})
    if new_ideas:
        lines = [_("*New ideas*")]
        for idea in new_ideas:
            title = escape_and_truncate(idea.title, 150)
            lines.append(
                f"• <{idea.url}|#{idea.number} {title}>" if idea.url else f"• #{idea.number} {title}"
            )
        more = figures["ideas_new"] - len(new_ideas)
        if more > 0:
            lines.append(
                t.ngettext("…and %(count)s more.", "…and %(count)s more.", more) % {"count": t.number(more)}
            )
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}})
    elif previous is not None:
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": _("No new ideas this week. Got one? `/pitch`")},
            }
        )
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": definitions(t)}]})
    summary = _(
        "%(heading)s: %(members)s members, %(active)s active commenters, %(visitors)s visitors, "
        "%(ideas)s new ideas."
    ) % {
        "heading": heading,
        "members": t.number(figures["members"]),
        "active": t.number(figures["active_commenters"]),
        "visitors": t.number(figures["visitors"]),
        "ideas": t.number(figures["ideas_new"]),
    }
    return {"text": summary, "blocks": blocks}


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


def chart_description(t: Translator, points: Sequence[WeekPoint]) -> str:
    """Alt text: the chart's last week in words, for screen readers."""
    if not points:
        return ""
    last = points[-1]
    return t.gettext(
        "Line chart of the last %(count)s weeks. In %(week)s: %(members)s members, %(active)s active "
        "commenters, %(visitors)s visitors, %(perspectives)s perspectives."
    ) % {
        "count": t.number(len(points)),
        "week": last.week.label,
        "members": t.number(last.members),
        "active": t.number(last.active_commenters),
        "visitors": t.number(last.visitors),
        "perspectives": t.number(last.perspectives),
    }


def stats_not_posted(t: Translator, channel: str | None, error: str, week: str) -> str:
    """For the operator (log or terminal): why the weekly post did not go out, and what to do."""
    values = {"channel": channel, "error": error, "week": week}
    if channel is None:
        return t.gettext("No stats channel is set: choose one in /thinktank settings or with settings set.")
    if error in ("not_in_channel", "channel_not_found"):
        return (
            t.gettext(
                "Think Tank is not in channel %(channel)s: invite it there with /invite @Think Tank, "
                "then run stats post --week %(week)s."
            )
            % values
        )
    if error == "is_archived":
        return t.gettext("Channel %(channel)s is archived: choose another stats channel.") % values
    if error == "unconfirmed":
        return (
            t.gettext(
                "Slack failed while %(week)s was being posted to %(channel)s, so it may be there already: "
                "check the channel, and if it is missing run stats post --week %(week)s --force."
            )
            % values
        )
    return (
        t.gettext(
            "Slack refused the weekly post to %(channel)s (%(error)s): once that is mended, "
            "run stats post --week %(week)s."
        )
        % values
    )
