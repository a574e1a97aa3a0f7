"""What pairing says: the join form, a member's status, the heads-up, the introduction, "Did you
meet?", the learning form and its post, and the pairing part of App Home."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from bot.core import ids, metadata
from bot.core.i18n import N_, Translator
from bot.core.text import escape, escape_and_truncate, quote
from bot.ideas.views import labels
from bot.pairing.followup import MET, NOT_YET, WONT
from bot.pairing.grouping import GroupData
from bot.pairing.learnings import LearningData
from bot.pairing.participation import FormProblem, ParticipantData, Person
from bot.pairing.status import Status
from models.pairing import LEARNING_MAX, TOPIC_MAX

# Offered in App Home's "Pause for…" menu.
PAUSE_CHOICES = (1, 2, 4, 8)

FIRST_QUESTIONS = (
    N_("What have you learned recently that surprised you?"),
    N_("What are you working on that could use a fresh pair of eyes?"),
    N_("What brought you to this community?"),
    N_("What small change made a big difference in your work?"),
)


def _plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _button(text: str, action_id: str, value: str = "", style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {"type": "button", "action_id": action_id, "text": _plain(text), "value": value}
    if style:
        button["style"] = style
    return button


# Interests named in an introduction; more read as "+N".
INTERESTS_SHOWN = 5


def _interests(t: Translator, keys: Sequence[str]) -> str:
    shown = ", ".join(escape_and_truncate(labels.theme(t, key), 60) for key in keys[:INTERESTS_SHOWN])
    more = len(keys) - INTERESTS_SHOWN
    return (
        shown
        if more <= 0
        else t.gettext("%(interests)s and %(count)s more") % {"interests": shown, "count": more}
    )


# ------------------------------------------------------------------------------ the command


def usage(t: Translator) -> str:
    return t.gettext(
        "Use `/thinktank pair join` to take part, `/thinktank pair pause WEEKS` (1 to 52) to take a break, "
        "`/thinktank pair leave` to stop, or `/thinktank pair status` to see where you are."
    )


def not_taking_part(t: Translator) -> str:
    return t.gettext("You're not taking part in pairing. Join with `/thinktank pair join`.")


def left(t: Translator) -> str:
    return t.gettext(
        "You've left pairing; you won't be paired again. Come back any time with `/thinktank pair join`."
    )


def paused(t: Translator, until: datetime, zone: tzinfo) -> str:
    return t.gettext("Pairing is paused for you until %(date)s. It starts again by itself.") % {
        "date": t.date(until, zone, "long")
    }


def resumed(t: Translator, next_round: datetime | None, zone: tzinfo) -> str:
    if next_round is None:
        return t.gettext("Welcome back! You'll be in the next pairing round.")
    return t.gettext("Welcome back! You'll be in the next pairing round on %(date)s.") % {
        "date": t.on_day(next_round, zone)
    }


def status_text(t: Translator, status: Status, zone: tzinfo, now: datetime) -> str:
    _ = t.gettext
    me = status.me
    if me is None or not me.active:
        return not_taking_part(t)
    lines = [_("*You're taking part in pairing.*")]
    if me.topic:
        lines.append(_("You'd like to talk about “%(topic)s”.") % {"topic": escape(me.topic)})
    if me.interests:
        lines.append(_("Your interests: %(interests)s.") % {"interests": _interests(t, me.interests)})
    if me.auto_paused_at is not None:
        lines.append(
            _("Paused, since the last rounds went unanswered. `/thinktank pair join` brings you back.")
        )
    elif me.paused_until is not None and me.paused_until > now:
        lines.append(_("Paused until %(date)s.") % {"date": t.date(me.paused_until, zone, "long")})
    if status.next_round is not None:
        lines.append(_("Next round: %(date)s.") % {"date": t.on_day(status.next_round, zone)})
    else:
        lines.append(_("Rounds are off for now; a facilitator can turn them on."))
    if status.latest_partners:
        lines.append(
            _("Last paired with %(people)s on %(date)s.")
            % {
                "people": ", ".join(f"<@{u}>" for u in status.latest_partners),
                "date": t.date(status.latest_at or now, zone, "long"),
            }
        )
    lines.append(
        t.ngettext(
            "%(rounds)s round so far, met in %(met)s.",
            "%(rounds)s rounds so far, met in %(met)s.",
            status.rounds,
        )
        % {"rounds": t.number(status.rounds), "met": t.number(status.met)}
    )
    return "\n".join(lines)


# ------------------------------------------------------------------------------ the join form


def join_modal(t: Translator, themes: Sequence[str], current: ParticipantData | None) -> dict[str, Any]:
    _ = t.gettext
    topic: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.INPUT,
        "max_length": TOPIC_MAX,
        "placeholder": _plain(_("For example: running volunteer meet-ups")),
    }
    if current and current.topic:
        topic["initial_value"] = current.topic
    blocks: list[dict[str, Any]] = [
        _section(
            _(
                "Every few weeks you're paired at random with another member for a *30-minute conversation*. "
                "A day before, you can skip a round. Afterwards you can share what you learned."
            )
        ),
        {
            "type": "input",
            "block_id": "topic",
            "optional": True,
            "label": _plain(_("What would you like to talk about?")),
            "hint": _plain(_("One line, shown to the people you're paired with.")),
            "element": topic,
        },
    ]
    options = [{"text": _plain(labels.theme(t, key)[:75]), "value": key} for key in themes][:100]
    if options:
        element: dict[str, Any] = {
            "type": "multi_static_select",
            "action_id": ids.INPUT,
            "placeholder": _plain(_("Choose interests")),
            "options": options,
        }
        chosen = [o for o in options if current and o["value"] in current.interests]
        if chosen:
            element["initial_options"] = chosen
        blocks.append(
            {
                "type": "input",
                "block_id": "interests",
                "optional": True,
                "label": _plain(_("Interests")),
                "hint": _plain(_("People who share one are paired first.")),
                "element": element,
            }
        )
    joined = current is not None and current.active
    return {
        "type": "modal",
        "callback_id": ids.PAIR_JOIN_MODAL,
        "title": _plain(_("Pairing")),
        "submit": _plain(_("Save") if joined else _("Join")),
        "close": _plain(_("Cancel")),
        "blocks": blocks,
    }


def form_problem(t: Translator, problem: FormProblem, limit: int) -> str:
    if problem == FormProblem.TOO_LONG:
        return t.gettext("Please keep it to %(limit)s characters.") % {"limit": t.number(limit)}
    return t.gettext("Please write a few words here, or untick sharing.")


def joined_modal(t: Translator, next_round: datetime | None, zone: tzinfo, newly: bool) -> dict[str, Any]:
    _ = t.gettext
    first = _("You're in!") if newly else _("Saved.")
    if next_round is None:
        then = _("Rounds are off for now; you'll be paired once they start.")
    else:
        then = _("The next round is on %(date)s, and I'll let you know the day before.") % {
            "date": t.on_day(next_round, zone)
        }
    return {
        "type": "modal",
        "callback_id": ids.PAIR_JOIN_MODAL,
        "title": _plain(_("Pairing")),
        "close": _plain(_("Close")),
        "blocks": [_section(f"{first} {then}")],
    }


# ------------------------------------------------------------------------------ a round


def heads_up_dm(t: Translator, round_id: int, moment: datetime, zone: tzinfo) -> dict[str, Any]:
    text = t.gettext(
        "🎲 On %(date)s I'll pair you at random with another member for a 30-minute conversation. "
        "Can't make it this time? Skip this round; you stay in for the next one."
    ) % {"date": t.on_day(moment, zone)}
    return {
        "text": text,
        "blocks": [
            _section(text),
            {
                "type": "actions",
                "elements": [_button(t.gettext("Skip this round"), ids.PAIR_SKIP, str(round_id))],
            },
        ],
    }


def skipped(t: Translator) -> dict[str, Any]:
    text = t.gettext("You're skipping this round. See you in the next one!")
    return {"text": text, "blocks": [_section(text)]}


def skip_too_late(t: Translator) -> str:
    return t.gettext(
        "This round's pairs are already made, so it can't be skipped now. Just say so in your pair's chat."
    )


def unknown_round(t: Translator) -> str:
    return t.gettext("I can't find that round any more. Nothing was changed.")


def _person_line(t: Translator, person: Person) -> str:
    values = {
        "person": f"<@{person.user_id}>",
        "topic": escape_and_truncate(person.topic, TOPIC_MAX * 2),
        "interests": _interests(t, person.interests),
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
    people = [_section(_person_line(t, p)) for p in group.people]
    question = _("*A first question:* %(question)s") % {"question": first_question(t, group)}
    ask = _(
        "Could you find *30 minutes* for a call or a coffee in the next week or two? "
        "Reply here to pick a time."
    )
    return {
        "text": hello,
        "blocks": [_section(hello), *people, _section(question), _section(ask)],
    }


def followup_message(t: Translator, group_id: int) -> dict[str, Any]:
    _ = t.gettext
    text = _("Did you meet? One click helps the community see what pairing brings.")
    value = str(group_id)
    return {
        "text": text,
        "blocks": [
            _section(text),
            {
                "type": "actions",
                "elements": [
                    _button(_("Yes, we met"), ids.PAIR_MET, value, "primary"),
                    _button(_("Not yet"), ids.PAIR_NOT_YET, value),
                    _button(_("We won't"), ids.PAIR_WONT, value),
                ],
            },
        ],
    }


def answer_noted(t: Translator, said: str) -> str:
    if said == NOT_YET:
        return t.gettext("No rush, there's still time. Press *Yes, we met* once you have.")
    if said == WONT:
        return t.gettext("Thanks for letting us know. Maybe next round!")
    assert said == MET
    return t.gettext("Wonderful, thanks for saying so!")


def not_your_group(t: Translator) -> str:
    return t.gettext("This question is for the people in this pair. Nothing was changed.")


def auto_paused_dm(t: Translator) -> dict[str, Any]:
    text = t.gettext(
        "I've paused your pairing, since the last three rounds went unanswered. No problem at all! "
        "Whenever you'd like to be paired again, press the button."
    )
    return {
        "text": text,
        "blocks": [
            _section(text),
            {
                "type": "actions",
                "elements": [_button(t.gettext("Pair me again"), ids.PAIR_RESUME, style="primary")],
            },
        ],
    }


def alone_dm(t: Translator) -> dict[str, Any]:
    text = t.gettext(
        "This round you were the only one taking part, so there's no pair this time. "
        "Know someone who'd enjoy it? They can join with `/thinktank pair join`."
    )
    return {"text": text}


# ------------------------------------------------------------------------------ learnings


def learning_modal(t: Translator, group_id: int, learnings_channel: str | None) -> dict[str, Any]:
    _ = t.gettext
    if learnings_channel:
        consent = _(
            "Share it: post it in <#%(channel)s> with my name, and keep it where `/idea search` finds it."
        ) % {"channel": learnings_channel}
    else:
        consent = _("Share it: keep it with my name where `/idea search` finds it.")
    return {
        "type": "modal",
        "callback_id": ids.PAIR_LEARNING_MODAL,
        "private_metadata": metadata.write({"group": group_id}),
        "title": _plain(_("What you learned")),
        "submit": _plain(_("Done")),
        "close": _plain(_("Skip")),
        "blocks": [
            _section(_("Thanks for meeting! What did you learn? A sentence or two is plenty.")),
            {
                "type": "input",
                "block_id": "learning",
                "optional": True,
                "label": _plain(_("What I learned")),
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.INPUT,
                    "multiline": True,
                    "max_length": LEARNING_MAX,
                },
            },
            {
                "type": "input",
                "block_id": "consent",
                "optional": True,
                "label": _plain(_("Sharing")),
                "hint": _plain(_("If you leave this unticked, nothing is kept.")),
                "element": {
                    "type": "checkboxes",
                    "action_id": ids.INPUT,
                    "options": [{"text": {"type": "mrkdwn", "text": consent}, "value": "share"}],
                },
            },
        ],
    }


def learning_thanks_modal(t: Translator, shared: bool, channel_id: str | None) -> dict[str, Any]:
    _ = t.gettext
    if not shared:
        text = _("Thank you! Nothing was kept, as you chose not to share it.")
    elif channel_id:
        text = _("Thank you! Your learning is shared in <#%(channel)s> and kept for the community.") % {
            "channel": channel_id
        }
    else:
        text = _("Thank you! Your learning is kept where `/idea search` finds it.")
    return {
        "type": "modal",
        "callback_id": ids.PAIR_LEARNING_MODAL,
        "title": _plain(_("What you learned")),
        "close": _plain(_("Close")),
        "blocks": [_section(text)],
    }


def learning_already(t: Translator) -> str:
    return t.gettext("You've already shared a learning from this round. Thank you!")


def learning_not_posted(t: Translator, channel_id: str, error: str) -> str:
    return t.gettext(
        "Your learning is kept and `/idea search` finds it, but I couldn't post it in <#%(channel)s> "
        "(Slack said `%(error)s`). A facilitator can invite me there with `/invite`."
    ) % {"channel": channel_id, "error": escape(error)}


def learning_post(t: Translator, learning: str, author_id: str) -> dict[str, Any]:
    heading = t.gettext("💡 A learning from an unmentoring conversation, shared by %(person)s:") % {
        "person": f"<@{author_id}>"
    }
    # Escaping can lengthen hostile text up to fivefold; a section holds 3,000 characters.
    body = quote(escape_and_truncate(learning, 2900 - learning.count("\n")))
    return {"text": heading, "blocks": [_section(heading), _section(body)]}


def learnings_blocks(t: Translator, found: Sequence[LearningData], zone: tzinfo) -> list[dict[str, Any]]:
    """Learnings that match a search, after the ideas."""
    if not found:
        return []
    heading = t.ngettext(
        "*%(count)s learning from pairs matches*", "*%(count)s learnings from pairs match*", len(found)
    ) % {"count": t.number(len(found))}
    blocks = [{"type": "divider"}, _section(heading)]
    for learning in found:
        by = f"<@{learning.author_id}>" if learning.author_id else t.gettext("a former member")
        line = t.gettext("💡 %(learning)s — %(person)s, %(date)s") % {
            "learning": escape_and_truncate(" ".join(learning.text.split()), 500),
            "person": by,
            "date": t.date(learning.created_at, zone, "medium"),
        }
        blocks.append(_section(line))
    return blocks


# ------------------------------------------------------------------------------ App Home


def home_section(t: Translator, status: Status, zone: tzinfo, now: datetime) -> list[dict[str, Any]]:
    _ = t.gettext
    blocks: list[dict[str, Any]] = [{"type": "header", "text": _plain(_("Pairing"))}]
    me = status.me
    if me is None or not me.active:
        blocks.append(
            _section(
                _(
                    "Meet someone new: every few weeks you're paired at random with another member for a "
                    "30-minute conversation."
                )
            )
        )
        blocks.append(
            {"type": "actions", "elements": [_button(_("Join pairing"), ids.PAIR_JOIN, style="primary")]}
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
    blocks.append(_section(state))
    elements: list[dict[str, Any]] = [_button(_("Edit"), ids.PAIR_JOIN)]
    if me.paused(now):
        elements.append(_button(_("Pair me again"), ids.PAIR_RESUME, style="primary"))
    else:
        elements.append(
            {
                "type": "static_select",
                "action_id": ids.PAIR_PAUSE,
                "placeholder": _plain(_("Pause for…")),
                "options": [
                    {
                        "text": _plain(
                            t.ngettext("%(count)s week", "%(count)s weeks", weeks) % {"count": weeks}
                        ),
                        "value": str(weeks),
                    }
                    for weeks in PAUSE_CHOICES
                ],
            }
        )
    leave = _button(_("Leave"), ids.PAIR_LEAVE)
    leave["confirm"] = {
        "title": _plain(_("Leave pairing?")),
        "text": _plain(_("You won't be paired again until you join again.")),
        "confirm": _plain(_("Leave")),
        "deny": _plain(_("Stay")),
    }
    elements.append(leave)
    blocks.append({"type": "actions", "elements": elements})
    return blocks
