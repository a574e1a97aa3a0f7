"""What pairing answers a member, privately: to `/thinktank pair`, to its buttons and forms, and the
learnings that match an `/idea search`."""

from __future__ import annotations

from datetime import datetime, tzinfo

from bot.core.i18n import Translator
from bot.core.text import escape
from bot.pairing.followup import MET, NOT_YET, WONT
from bot.pairing.status import Status
from bot.pairing.views.parts import interests_text


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
        lines.append(_("Your interests: %(interests)s.") % {"interests": interests_text(t, me.interests)})
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


def skip_too_late(t: Translator) -> str:
    return t.gettext(
        "This round's pairs are already made, so it can't be skipped now. Just say so in your pair's chat."
    )


def unknown_round(t: Translator) -> str:
    return t.gettext("I can't find that round any more. Nothing was changed.")


def answer_noted(t: Translator, said: str) -> str:
    if said == NOT_YET:
        return t.gettext("No rush, there's still time. Press *Yes, we met* once you have.")
    if said == WONT:
        return t.gettext("Thanks for letting us know. Maybe next round!")
    if said == MET:
        return t.gettext("Wonderful, thanks for saying so!")
    raise ValueError(f"not an answer to “Did you meet?”: {said!r}")


def not_your_group(t: Translator) -> str:
    return t.gettext("This question is for the people in this pair. Nothing was changed.")


def learning_already(t: Translator) -> str:
    return t.gettext("You've already shared a learning from this round. Thank you!")


def learning_not_posted(t: Translator, channel_id: str, error: str) -> str:
    return t.gettext(
        "Your learning is kept and `/idea search` finds it, but I couldn't post it in <#%(channel)s> "
        "(Slack said `%(error)s`). A facilitator can invite me there with `/invite`."
    ) % {"channel": channel_id, "error": escape(error)}
