"""What pairing posts: the heads-up a day before a round, a group's introduction and "Did you
meet?", the word to whoever was paused or alone, and a learning shared in the learnings channel."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from bot.core import ids
from bot.core.i18n import N_, Translator
from bot.core.text import escape, escape_and_truncate, quote
from bot.ideas.views import labels
from bot.pairing.grouping import GroupData
from bot.pairing.participation import Person
from bot.pairing.views.parts import button, interests_text, section
from models.pairing import TOPIC_MAX

FIRST_QUESTIONS = (
    N_("What have you learned recently that surprised you?"),
    N_("What are you working on that could use a fresh pair of eyes?"),
    N_("What brought you to this community?"),
    N_("What small change made a big difference in your work?"),
)


def heads_up_dm(t: Translator, round_id: int, moment: datetime, zone: tzinfo) -> dict[str, Any]:
    text = t.gettext(
        "🎲 On %(date)s I'll pair you at random with another member for a 30-minute conversation. "
        "Can't make it this time? Skip this round; you stay in for the next one."
    ) % {"date": t.on_day(moment, zone)}
    return {
        "text": text,
        "blocks": [
            section(text),
            {
                "type": "actions",
                "elements": [button(t.gettext("Skip this round"), ids.PAIR_SKIP, str(round_id))],
            },
        ],
    }


def skipped(t: Translator) -> dict[str, Any]:
    text = t.gettext("You're skipping this round. See you in the next one!")
    return {"text": text, "blocks": [section(text)]}


def _person_line(t: Translator, person: Person) -> str:
    values = {
        "person": f"<@{person.user_id}>",
        "topic": escape_and_truncate(person.topic, TOPIC_MAX * 2),
        "interests": interests_text(t, person.interests),
    }
    if person.topic and person.interests:
        return (
            t.gettext("• %(person)s would like to talk about “%(topic)s” · interests: %(interests)s") % values
        )
    if person.topic:
        return t.gettext("• %(person)s would like to talk about “%(topic)s”") % values
    if person.interests:
        return t.gettext("• %(person)s is interested in %(interests)s") % values
    return t.gettext("• %(person)s") % values


def first_question(t: Translator, group: GroupData) -> str:
    shared = group.shared_interests
    if shared:
        values = {"theme": escape(labels.theme(t, shared[group.id % len(shared)]))}
        if len(group.user_ids) == 2:
            return t.gettext("You both care about %(theme)s: what got you into it?") % values
        return t.gettext("All three of you care about %(theme)s: what got you into it?") % values
    return t.gettext(FIRST_QUESTIONS[group.id % len(FIRST_QUESTIONS)])


def intro_message(t: Translator, group: GroupData) -> dict[str, Any]:
    _ = t.gettext
    names = [f"<@{u}>" for u in group.user_ids]
    if len(names) == 2:
        hello = _("👋 Hello %(first)s and %(second)s! You're a pair in this round of unmentoring.") % {
            "first": names[0],
            "second": names[1],
        }
    else:
        hello = _(
            "👋 Hello %(first)s, %(second)s and %(third)s! "
            "You're a group of three in this round of unmentoring."
        ) % {"first": names[0], "second": names[1], "third": names[2]}
    # A section per person: each line is short, so no section nears Slack's 3,000 characters.
    people = [section(_person_line(t, p)) for p in group.people]
    question = _("*A first question:* %(question)s") % {"question": first_question(t, group)}
    ask = _(
        "Could you find *30 minutes* for a call or a coffee in the next week or two? "
        "Reply here to pick a time."
    )
    return {
        "text": hello,
        "blocks": [section(hello), *people, section(question), section(ask)],
    }


def followup_message(t: Translator, group_id: int) -> dict[str, Any]:
    _ = t.gettext
    text = _("Did you meet? One click helps the community see what pairing brings.")
    value = str(group_id)
    return {
        "text": text,
        "blocks": [
            section(text),
            {
                "type": "actions",
                "elements": [
                    button(_("Yes, we met"), ids.PAIR_MET, value, "primary"),
                    button(_("Not yet"), ids.PAIR_NOT_YET, value),
                    button(_("We won't"), ids.PAIR_WONT, value),
                ],
            },
        ],
    }


def auto_paused_dm(t: Translator) -> dict[str, Any]:
    text = t.gettext(
        "I've paused your pairing, since the last three rounds went unanswered. No problem at all! "
        "Whenever you'd like to be paired again, press the button."
    )
    return {
        "text": text,
        "blocks": [
            section(text),
            {
                "type": "actions",
                "elements": [button(t.gettext("Pair me again"), ids.PAIR_RESUME, style="primary")],
            },
        ],
    }


def alone_dm(t: Translator) -> dict[str, Any]:
    text = t.gettext(
        "This round you were the only one taking part, so there's no pair this time. "
        "Know someone who'd enjoy it? They can join with `/thinktank pair join`."
    )
    return {"text": text}


def learning_post(t: Translator, learning: str, author_id: str) -> dict[str, Any]:
    heading = t.gettext("💡 A learning from an unmentoring conversation, shared by %(person)s:") % {
        "person": f"<@{author_id}>"
    }
    # Escaping can lengthen hostile text up to fivefold; a section holds 3,000 characters.
    body = quote(escape_and_truncate(learning, 2900 - learning.count("\n")))
    return {"text": heading, "blocks": [section(heading), section(body)]}
