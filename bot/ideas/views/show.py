"""`/idea show N`: one idea in full, with what the knowledge bank knows of it, its history and the
gatherings that discussed it."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from bot.core import ids
from bot.core.i18n import Translator
from bot.core.text import escape, escape_and_truncate, truncate
from bot.ideas.queries import IdeaDetail, StatusStep
from bot.ideas.views import knowledge, labels
from bot.ideas.views.card import idea_blocks

SECTION_MAX = 3000


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _field(heading: str, text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": f"*{heading}*\n{text}"}


def counts_text(t: Translator, detail: IdeaDetail) -> str:
    idea = detail.idea
    return t.gettext("%(perspectives)s · %(followers)s · %(supports)s") % {
        "perspectives": t.ngettext("%(n)s perspective", "%(n)s perspectives", idea.perspectives)
        % {"n": t.number(idea.perspectives)},
        "followers": t.ngettext("%(n)s follower", "%(n)s followers", idea.followers)
        % {"n": t.number(idea.followers)},
        "supports": knowledge.supports_text(t, idea),
    }


def detail_message(
    t: Translator, detail: IdeaDetail, link: str | None, zone: tzinfo | None = None
) -> dict[str, Any]:
    _ = t.gettext
    idea = detail.idea
    blocks = idea_blocks(t, idea)
    blocks += knowledge.knowledge_blocks(t, idea)
    fields = [{"type": "mrkdwn", "text": counts_text(t, detail)}]
    if idea.themes:
        themes = ", ".join(labels.theme(t, theme) for theme in idea.themes)
        fields.append(_field(_("Themes"), escape_and_truncate(themes, 1900)))
    if idea.tags:
        fields.append(_field(_("Tags"), truncate(knowledge.tags_text(idea), 1900)))
    if idea.seeking:
        fields.append(_field(_("Looking for"), ", ".join(labels.seeking(t, s) for s in idea.seeking)))
    if detail.partners:
        fields.append(_field(_("Partners"), escape_and_truncate(", ".join(detail.partners), 1900)))
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
    buttons: list[dict[str, Any]] = []
    if link:
        buttons.append(
            {
                "type": "button",
                "url": link,
                "action_id": ids.OPEN_PITCH,
                "text": {"type": "plain_text", "text": _("Open the pitch")},
            }
        )
    if answer := knowledge.answer_button(t, idea):
        buttons.append(answer)
    buttons.append(knowledge.support_button(t, idea))
    blocks.append({"type": "actions", "elements": buttons})
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
