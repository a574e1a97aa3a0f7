"""Answers to `/idea`: pages of ideas, usage and refusals, following a topic, a status change.

One idea in full is `show`, search results are `found`.
"""

from __future__ import annotations

from typing import Any

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.core.text import escape, escape_and_truncate, truncate
from bot.ideas import kinds, statuses, topics
from bot.ideas.commands import Problem, Wrong
from bot.ideas.data import IdeaData
from bot.ideas.lifecycle import Moved, Refusal
from bot.ideas.queries import Page
from bot.ideas.search import Filters
from bot.ideas.topics import Topic
from bot.ideas.views import knowledge, labels
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
    if idea.supports:
        parts.append(knowledge.supports_text(t, idea))
    if idea.tags:
        parts.append(knowledge.tags_text(idea))
    return " · ".join(parts)


def usage(t: Translator) -> str:
    _ = t.gettext
    return "\n".join(
        [
            _("*Ideas*"),
            _(
                "• `/idea list [KIND] [STATUS] [THEME] [#TAG] [support]` the newest ideas, of one kind, "
                "status, theme or tag if you like; with `support`, the most supported first"
            ),
            _("• `/idea show N` one idea in full, with its answers, links, tags, learning and history"),
            _(
                "• `/idea search WORDS` find ideas, challenges, experiments, practices and learnings by "
                "their words; add a kind, a status, `theme:NAME` or `#TAG` to narrow it"
            ),
            _("• `/idea mine` the ideas you pitched"),
            _("• `/idea follow N` and `/idea unfollow N` hear when an idea moves on, or stop"),
            _(
                "• `/idea follow #TAG` or `/idea follow theme:NAME` get one digest a day of what is new "
                "there; `/idea unfollow` stops it"
            ),
            _("• `/idea status N STATUS [note]` move an idea on (its author and facilitators)"),
            _("Kinds: %(kinds)s.") % {"kinds": ", ".join(labels.kind(t, k) for k in kinds.ALL)},
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
        Problem.UNKNOWN_THEME: _(
            "`%(word)s` is not a kind, a status, a theme or a tag. The themes are: %(themes)s."
        ),
        Problem.BAD_TAG: _("`%(word)s` is not a tag: a tag needs a letter or a digit, like `#nuoret`."),
        Problem.BAD_TOPIC: _(
            "`%(word)s` is not an idea number, a tag or a theme. Write it like `12`, `#nuoret` or "
            "`theme:NAME`. The themes are: %(themes)s."
        ),
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
        blocks.append(more_button(t, page, more))
    return {"text": heading, "blocks": blocks}


def more_button(t: Translator, page: Page, more: dict[str, Any]) -> dict[str, Any]:
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


def filters_text(t: Translator, filters: Filters) -> str:
    """What a list or a search is narrowed to, as one line: `Experiment · Testing · Health · #nuoret`."""
    parts = []
    if filters.kind:
        parts.append(labels.kind(t, filters.kind))
    if filters.status:
        parts.append(labels.status(t, filters.status))
    if filters.theme:
        parts.append(escape(labels.theme(t, filters.theme)))
    if filters.tag:
        parts.append(f"#{escape(filters.tag)}")
    return " · ".join(parts)


def list_heading(t: Translator, filters: Filters, *, by_support: bool = False) -> str:
    heading = t.gettext("*Most supported ideas*") if by_support else t.gettext("*Newest ideas*")
    if filters:
        heading += "\n" + t.gettext("Showing only: %(filters)s") % {"filters": filters_text(t, filters)}
    return heading


def _topic_values(t: Translator, topic: Topic) -> dict[str, str]:
    # A tag or a theme's name is a name, put into whole sentences (one per kind of topic).
    name = f"#{topic.name}" if topic.kind == topics.TAG else labels.theme(t, topic.name)
    return {"tag": escape(name), "theme": escape(name), "max": t.number(topics.MAX_PER_MEMBER)}


def topic_followed(t: Translator, topic: Topic, *, new: bool, already: bool) -> str:
    """`new`: followed now; else `already` followed, or the member follows as many topics as one may."""
    _ = t.gettext
    tag = topic.kind == topics.TAG
    if new:
        sentence = (
            _("You follow *%(tag)s*. What is new there reaches you in one digest a day.")
            if tag
            else _("You follow the theme *%(theme)s*. What is new there reaches you in one digest a day.")
        )
    elif already:
        sentence = (
            _("You already follow *%(tag)s*.") if tag else _("You already follow the theme *%(theme)s*.")
        )
    else:
        sentence = _(
            "You follow %(max)s tags and themes, as many as one can. "
            "Use `/idea unfollow` for one of them first."
        )
    return sentence % _topic_values(t, topic)


def topic_unfollowed(t: Translator, topic: Topic, was_following: bool) -> str:
    _ = t.gettext
    if topic.kind == topics.TAG:
        sentence = (
            _("You no longer follow *%(tag)s*.") if was_following else _("You weren't following *%(tag)s*.")
        )
    elif was_following:
        sentence = _("You no longer follow the theme *%(theme)s*.")
    else:
        sentence = _("You weren't following the theme *%(theme)s*.")
    return sentence % _topic_values(t, topic)


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
        "statuses": ", ".join(labels.status(t, s) for s in statuses.of_kind(idea.kind)),
    }
    return {
        Refusal.NOT_ALLOWED: t.gettext(
            "Only the author of %(idea)s, facilitators and workspace admins can change its status. "
            "You can follow it instead, or add your perspective in its thread."
        ),
        Refusal.SAME_STATUS: t.gettext("%(idea)s is already %(status)s."),
        Refusal.UNKNOWN_STATUS: t.gettext("That is not a status."),
        Refusal.NOTE_TOO_LONG: t.gettext("Keep the note to %(max)s characters."),
        Refusal.NOT_ON_PATH: t.gettext("The status of %(idea)s can be one of these: %(statuses)s."),
        Refusal.SHARE_THE_LEARNING: t.gettext(
            "%(idea)s becomes Learning shared when its learning is shared. "
            "Its author gets a message with a Share the learning button on the day it is due."
        ),
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
