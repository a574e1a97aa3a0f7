"""The weekly stats post and `/thinktank stats`: pure builders from a week's figures. The "in numbers"
card is in `bot.pulse.views.report`, Slack's limits and the definitions in `bot.pulse.views.shared`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.core.i18n import N_, Translator
from bot.core.text import escape_and_truncate, truncate
from bot.pulse.stats import WeekPoint
from bot.pulse.views.shared import HEADER_MAX, definitions

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
# The knowledge bank's figures of a week: supports given, and ideas pitched as answers to a challenge.
KNOWLEDGE_FIGURES = (
    ("supports", N_("Supports given")),
    ("challenge_answers", N_("Answers to challenges")),
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
    if any(figures.get(key) for key, _label in KNOWLEDGE_FIGURES):
        blocks.append({"type": "section", "fields": _figure_fields(t, figures, previous, KNOWLEDGE_FIGURES)})
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
