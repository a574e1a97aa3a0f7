"""Answers to `/idea`: pages of ideas, one idea in full, search results, usage and refusals."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.core.text import escape, escape_and_truncate, truncate
from bot.ideas import statuses
from bot.ideas.commands import Problem, Wrong
from bot.ideas.data import IdeaData
from bot.ideas.lifecycle import Moved, Refusal
from bot.ideas.queries import IdeaDetail, Page, StatusStep
from bot.ideas.views import labels
from bot.ideas.views.card import idea_blocks
from models.idea import NOTE_MAX

SECTION_MAX = 3000


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def idea_line(t: Translator, idea: IdeaData) -> str:
    title = escape_and_truncate(idea.title, 600)
    parts = [
        f"{labels.kind_emoji(idea.kind)} *#{idea.number}* {title}",
        f"_{labels.status(t, idea.status)}_",
    ]
    if idea.themes:
        parts.append(escape(", ".join(labels.theme(t, theme) for theme in idea.themes)))
    return " · ".join(parts)


def usage(t: Translator) -> str:
    _ = t.gettext
    return "\n".join(
        [
            _("*Ideas*"),
            _("• `/idea list [STATUS] [THEME]` the newest ideas, of one status or theme if you like"),
            _("• `/idea show N` one idea in full, with its history"),
            _("• `/idea search WORDS` find ideas by their words"),
            _("• `/idea mine` the ideas you pitched"),
            _("• `/idea follow N` and `/idea unfollow N` hear when an idea moves on, or stop"),
            _("• `/idea status N STATUS [note]` move an idea on (its author and facilitators)"),
            _("Statuses: %(statuses)s.") % {"statuses": ", ".join(labels.status(t, s) for s in statuses.ALL)},
        ]
    )


def wrong_command(t: Translator, wrong: Wrong, themes: tuple[str, ...]) -> str:
    """What was wrong, in one sentence, then how to write it."""
    _ = t.gettext
    word = escape(truncate(wrong.word, 40))
    sentence = {
        Problem.UNKNOWN_SUBCOMMAND: _("I don't know `/idea %(word)s`."),
        Problem.MISSING_NUMBER: _("Which idea? Add its number, for example `#12`."),
        Problem.BAD_NUMBER: _("`%(word)s` is not an idea number; write it like `12` or `#12`."),
        Problem.MISSING_STATUS: _("Which status should it move to?"),
        Problem.UNKNOWN_STATUS: _("`%(word)s` is not a status."),
        Problem.UNKNOWN_THEME: _("`%(word)s` is neither a status nor a theme. The themes are: %(themes)s."),
        Problem.MISSING_WORDS: _(
            "What should I look for? Add some words, for example `/idea search garden`."
        ),
        Problem.TOO_MANY_WORDS: _("I didn't expect `%(word)s` there."),
    }[wrong.problem]
    themes_text = ", ".join(labels.theme(t, theme) for theme in themes)
    return sentence % {"word": word, "themes": escape(themes_text)} + "\n\n" + usage(t)


def unknown_number(t: Translator, number: int) -> str:
    return t.gettext("There is no idea #%(number)s here. `/idea list` shows the newest ones.") % {
        "number": number
    }


def page_message(t: Translator, page: Page, heading: str, more: dict[str, Any] | None) -> dict[str, Any]:
    """A page of ideas with a "More" button when there are more; `more` is what the button carries."""
    blocks: list[dict[str, Any]] = [_section(heading)]
    blocks += [_section(idea_line(t, idea)) for idea in page.ideas]
    if not page.ideas:
        blocks.append(_section(t.gettext("No ideas here yet.")))
    if page.has_more and more is not None:
        blocks.append(_more_button(t, page, more))
    return {"text": heading, "blocks": blocks}


def _more_button(t: Translator, page: Page, more: dict[str, Any]) -> dict[str, Any]:
    value = metadata.write({**more, "offset": page.offset + len(page.ideas)}, metadata.BUTTON_VALUE_MAX)
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": ids.IDEA_MORE,
                "value": value,
                "text": {"type": "plain_text", "text": t.gettext("More")},
            }
        ],
    }


def list_heading(t: Translator, status: str | None, theme: str | None) -> str:
    values = {"status": labels.status(t, status or ""), "theme": escape(labels.theme(t, theme or ""))}
    if status and theme:
        return t.gettext("*Newest ideas: %(status)s, theme %(theme)s*") % values
    if status:
        return t.gettext("*Newest ideas: %(status)s*") % values
    if theme:
        return t.gettext("*Newest ideas on the theme %(theme)s*") % values
    return t.gettext("*Newest ideas*")


def search_message(
    t: Translator, words: str, page: Page, learnings: list[dict[str, Any]], *, searched_by: list[str]
) -> dict[str, Any]:
    """Ideas that match, best first, with **More** past the first page; then (`learnings`, already
    built, on the first page only) what pairs learned that matches. `searched_by` are the words the
    search used (`search.query_words`): the button carries them, not all that was typed."""
    paged = page.has_more or page.offset > 0
    heading = search_heading(t, words, len(page.ideas), bool(learnings), paged=paged)
    blocks = [_section(heading), *(_section(idea_line(t, idea)) for idea in page.ideas), *learnings]
    if page.has_more:
        blocks.append(_more_button(t, page, {"q": "search", "words": " ".join(searched_by)}))
    return {"text": heading, "blocks": blocks}


def search_heading(
    t: Translator, words: str, found: int, learnings: bool = False, *, paged: bool = False
) -> str:
    values = {"words": escape(truncate(words, 100)), "count": found}
    if not found and learnings:
        return t.gettext("No ideas match “%(words)s”, but what pairs learned does:") % values
    if not found:
        return t.gettext("Nothing matches “%(words)s”. Try fewer or shorter words.") % values
    if paged:
        return t.gettext("*Ideas matching “%(words)s”, best first*") % values
    return (
        t.ngettext("*%(count)s idea matches “%(words)s”*", "*%(count)s ideas match “%(words)s”*", found)
        % values
    )


def detail_message(
    t: Translator, detail: IdeaDetail, link: str | None, zone: tzinfo | None = None
) -> dict[str, Any]:
    _ = t.gettext
    idea = detail.idea
    blocks = idea_blocks(t, idea)
    counts = _("%(perspectives)s · %(followers)s") % {
        "perspectives": t.ngettext("%(n)s perspective", "%(n)s perspectives", idea.perspectives)
        % {"n": t.number(idea.perspectives)},
        "followers": t.ngettext("%(n)s follower", "%(n)s followers", idea.followers)
        % {"n": t.number(idea.followers)},
    }
    fields = [{"type": "mrkdwn", "text": counts}]
    if idea.themes:
        heading = _("Themes")
        themes = ", ".join(labels.theme(t, theme) for theme in idea.themes)
        fields.append({"type": "mrkdwn", "text": f"*{heading}*\n{escape_and_truncate(themes, 1900)}"})
    if idea.seeking:
        heading = _("Looking for")
        fields.append(
            {
                "type": "mrkdwn",
                "text": f"*{heading}*\n" + ", ".join(labels.seeking(t, s) for s in idea.seeking),
            }
        )
    if detail.partners:
        heading = _("Partners")
        fields.append(
            {
                "type": "mrkdwn",
                "text": f"*{heading}*\n{escape_and_truncate(', '.join(detail.partners), 1900)}",
            }
        )
    blocks.append({"type": "section", "fields": fields})
    if detail.history:
        lines = [_history_line(t, step, zone) for step in detail.history[-10:]]
        heading = _("History")
        blocks.append(_section(truncate(f"*{heading}*\n" + "\n".join(lines), SECTION_MAX)))
    if detail.gatherings:
        lines = []
        for met in detail.gatherings[-5:]:
            line = f"{t.date(met.starts_at, zone)}: {escape_and_truncate(met.title, 150)}"
            if met.note:
                line += f" · _{escape_and_truncate(' '.join(met.note.split()), 400)}_"
            lines.append(line)
        heading = _("Discussed at gatherings")
        blocks.append(_section(truncate(f"*{heading}*\n" + "\n".join(lines), SECTION_MAX)))
    if link:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "url": link,
                        "action_id": ids.OPEN_PITCH,
                        "text": {"type": "plain_text", "text": _("Open the pitch")},
                    },
                ],
            }
        )
    return {"text": f"#{idea.number} {escape(idea.title)}", "blocks": blocks}


def _history_line(t: Translator, step: StatusStep, zone: tzinfo | None) -> str:
    values = {
        "date": t.date(step.created_at, zone),
        "from": labels.status(t, step.from_status),
        "to": labels.status(t, step.to_status),
        "by": f"<@{step.user_id}>" if step.user_id else t.gettext("the community"),
    }
    line = t.gettext("%(date)s: %(from)s → %(to)s, by %(by)s") % values
    if step.note:
        line += f" · _{escape_and_truncate(step.note, 300)}_"
    return line


def unfollowed(t: Translator, idea: IdeaData, was_following: bool) -> str:
    ref = {"idea": f"#{idea.number} *{escape(idea.title)}*"}
    if was_following:
        return t.gettext("You no longer follow %(idea)s.") % ref
    return t.gettext("You weren't following %(idea)s.") % ref


def status_refused(t: Translator, refusal: Refusal, idea: IdeaData) -> str:
    values = {
        "idea": f"#{idea.number} *{escape(idea.title)}*",
        "status": labels.status(t, idea.status),
        "max": t.number(NOTE_MAX),
    }
    return {
        Refusal.NOT_ALLOWED: t.gettext(
            "Only the author of %(idea)s, facilitators and workspace admins can change its status. "
            "You can follow it instead, or add your perspective in its thread."
        ),
        Refusal.SAME_STATUS: t.gettext("%(idea)s is already %(status)s."),
        Refusal.UNKNOWN_STATUS: t.gettext("That is not a status."),
        Refusal.NOTE_TOO_LONG: t.gettext("Keep the note to %(max)s characters."),
    }[refusal] % values


def moved_confirmation(t: Translator, moved: Moved) -> str:
    return t.gettext("Done: %(idea)s is now %(status)s.") % {
        "idea": f"#{moved.idea.number} *{escape(moved.idea.title)}*",
        "status": labels.status(t, moved.to_status),
    }


def moved_dm(t: Translator, moved: Moved, link: str | None) -> dict[str, Any]:
    """To the author and followers, each in their own language."""
    values = {
        "idea": f"#{moved.idea.number} *{escape(moved.idea.title)}*",
        "from": labels.status(t, moved.from_status),
        "to": labels.status(t, moved.to_status),
        "by": f"<@{moved.by_user_id}>",
    }
    if moved.by_user_id is None:
        text = t.gettext("%(idea)s got its first perspective and is now %(to)s.") % values
    else:
        text = t.gettext("%(idea)s moved from %(from)s to %(to)s (by %(by)s).") % values
    if moved.note:
        text += "\n" + escape_and_truncate(moved.note, NOTE_MAX * 2)
    if link:
        text += "\n" + t.gettext("<%(link)s|Open the pitch>") % {"link": link}
    return {"text": text}


def partners_modal(
    t: Translator, idea: IdeaData, *, status: str, note: str, partners: list[str]
) -> dict[str, Any]:
    """Asked when an idea becomes a project: which organisations are in it."""
    _ = t.gettext
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.INPUT,
        "multiline": True,
        "max_length": 3000,
    }
    if partners:
        element["initial_value"] = truncate("\n".join(partners), 3000)
    values = {
        "idea": f"#{idea.number} *{escape(truncate(idea.title, 200))}*",
        "status": labels.status(t, status),
    }
    return {
        "type": "modal",
        "callback_id": ids.PARTNERS_MODAL,
        "private_metadata": metadata.write({"idea": idea.id, "status": status, "note": note[:NOTE_MAX]}),
        "title": {"type": "plain_text", "text": truncate(_("Partners"), 24)},
        "submit": {"type": "plain_text", "text": truncate(_("Save"), 24)},
        "close": {"type": "plain_text", "text": truncate(_("Cancel"), 24)},
        "blocks": [
            _section(_("%(idea)s becomes %(status)s. Which organisations are partners in it?") % values),
            {
                "type": "input",
                "block_id": ids.PARTNERS_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": _("Partner organisations")},
                "hint": {"type": "plain_text", "text": _("One per line. You can add them later too.")},
                "element": element,
            },
        ],
    }
