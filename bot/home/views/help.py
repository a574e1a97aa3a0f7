"""Help and usage answers for the slash commands."""

from __future__ import annotations

from bot.core.i18n import Translator, available_languages
from bot.core.text import escape, truncate
from bot.core.weeks import PeriodError
from bot.ideas.data import IdeaData
from bot.ideas.views import labels


def thinktank_help(t: Translator) -> str:
    _ = t.gettext
    languages = "|".join(available_languages())
    return "\n".join(
        [
            _("*Think Tank* helps this community pitch ideas and carry them forward together."),
            _("• `/pitch [title]` pitch an idea, a challenge or an experiment"),
            _("• `/idea` see the latest ideas"),
            _("• `/thinktank language %(languages)s` choose the language I use with you")
            % {"languages": languages},
            _("• `/thinktank settings` the workspace settings (admins and facilitators)"),
            _("• `/thinktank stats` this week's figures so far, only for you"),
            _(
                "• `/thinktank report [FROM] [TO]` the community in numbers, over its whole life or "
                "a period (dates like 2026-01-31 or weeks like 2026-W05)"
            ),
            _("• `/thinktank meet` plan a gathering: a time, a place or link, the ideas to discuss"),
            _("• `/thinktank pair join|leave|pause WEEKS|status` meet someone new for 30 minutes, at random"),
            _("• `/thinktank privacy` what I keep about you: see it, download it or erase it"),
            _("• `/thinktank help` show this help"),
            _("You can also save any message as an idea: open its ⋮ menu and choose *Save as idea*."),
        ]
    )


def unknown_subcommand(t: Translator, command: str, word: str) -> str:
    values = {"command": command, "word": escape(truncate(word, 40))}
    return t.gettext("I don't know `%(command)s %(word)s`.") % values + "\n\n" + thinktank_help(t)


def takes_nothing_more(t: Translator, command: str, word: str) -> str:
    values = {"command": command, "word": escape(truncate(word, 40))}
    return t.gettext("`%(command)s %(word)s` needs nothing after it.") % values + "\n\n" + thinktank_help(t)


def report_usage(t: Translator, problem: PeriodError) -> str:
    """`/thinktank report` with a period it cannot read: what was wrong and how to write it."""
    usage = t.gettext(
        "Write `/thinktank report [FROM] [TO]` with dates like 2026-01-31 or ISO weeks like 2026-W05; "
        "without them it covers the whole life."
    )
    if problem.word is None:
        if problem.first is None or problem.last is None:
            raise ValueError("a period that ends before it starts names both days") from problem
        wrong = t.gettext("The period starts on %(first)s, after it ends on %(last)s.") % {
            "first": t.date(problem.first, fmt="long"),
            "last": t.date(problem.last, fmt="long"),
        }
    else:
        wrong = t.gettext("`%(word)s` is not a date or a week.") % {
            "word": escape(truncate(problem.word, 40))
        }
    return f"{wrong} {usage}"


def language_usage(t: Translator) -> str:
    languages = ", ".join(f"`{language}`" for language in available_languages())
    return t.gettext("Choose one of %(languages)s, for example `/thinktank language fi`.") % {
        "languages": languages
    }


def idea_help(t: Translator, latest: list[IdeaData]) -> str:
    """`/idea` on its own: what it does and the newest ideas, with links to their cards."""
    _ = t.gettext
    lines = [_("*The community's ideas.* Pitch one with `/pitch [title]`.")]
    if latest:
        lines.append(_("Latest ideas:"))
        for idea in latest:
            title = escape(truncate(idea.title, 150))
            status = labels.status(t, idea.status)
            lines.append(f"• *#{idea.number}* {title} · _{status}_")
    else:
        lines.append(_("No ideas yet. Yours could be the first!"))
    return "\n".join(lines)
