"""What gatherings say to one person: a form's problems in words, who may plan, and to an organiser
why an announcement did not go out."""

from __future__ import annotations

from bot.core.i18n import Translator
from bot.core.text import escape
from bot.gatherings.details import Problem
from bot.gatherings.planning import IDEAS_MAX
from bot.gatherings.records import ATTENDANCE_MAX
from models.gathering import GATHERING_TITLE_MAX, NOTE_MAX, PLACE_MAX


def problem_text(t: Translator, problem: Problem) -> str:
    _ = t.gettext
    texts = {
        Problem.TITLE_MISSING: _("Give the gathering a name."),
        Problem.TITLE_TOO_LONG: _("Keep the name to %(max)s characters.") % {"max": GATHERING_TITLE_MAX},
        Problem.PLACE_MISSING: _("Say where: a place, or a video or Miro link."),
        Problem.PLACE_TOO_LONG: _("Keep the place to %(max)s characters.") % {"max": PLACE_MAX},
        Problem.WHEN_MISSING: _("Choose a day and a time."),
        Problem.IN_THE_PAST: _("That moment has passed: choose a time still to come."),
        Problem.NO_CHANNEL: _("Choose a channel to announce it in."),
        Problem.TOO_MANY_IDEAS: _("Choose at most %(max)s ideas.") % {"max": IDEAS_MAX},
        Problem.UNKNOWN_IDEA: _("One of those ideas is not in this workspace's bank."),
        Problem.UNKNOWN: _("I can't find that gathering. It may have been removed."),
        Problem.STARTED: _("This gathering has begun, so answers are closed."),
        Problem.NOT_STARTED: _("You can record how it went once the gathering has begun."),
        Problem.NOT_ALLOWED: _("Only the organiser or a facilitator can record how it went."),
        Problem.BAD_ATTENDANCE: _("Write how many came as a whole number from 0 to %(max)s.")
        % {"max": ATTENDANCE_MAX},
        Problem.NOTE_TOO_LONG: _("Keep each note to %(max)s characters.") % {"max": NOTE_MAX},
        Problem.CANCELLED: _("This gathering was cancelled."),
        Problem.STALE: _(
            "Someone changed this gathering while you had the form open. Close it and open it again to see "
            "the change."
        ),
        Problem.NOT_YOURS: _("Only the organiser or a facilitator can change or cancel it."),
    }
    return texts[problem]


def only_facilitators_plan(t: Translator) -> str:
    return t.gettext("In this workspace facilitators plan the gatherings. Ask one of them.")


def next_not_announced(t: Translator, title: str, channel_id: str, error: str) -> str:
    """DM to the organiser of a weekly gathering whose next week could not be announced."""
    values = {"title": escape(title), "channel": channel_id, "error": error}
    return (
        t.gettext(
            "Next week's %(title)s could not be announced in <#%(channel)s> (%(error)s). Invite me there "
            "with /invite @Think Tank; the week after is announced as usual."
        )
        % values
    )


def not_announced(t: Translator, title: str, channel_id: str, error: str) -> str:
    """DM to the organiser when Slack refused the announcement; the gathering was not kept."""
    values = {"title": escape(title), "channel": channel_id, "error": error}
    if error in ("not_in_channel", "channel_not_found"):
        return (
            t.gettext(
                "%(title)s was not announced: I'm not in <#%(channel)s>. Invite me there with "
                "/invite @Think Tank, then plan it again."
            )
            % values
        )
    return (
        t.gettext(
            "%(title)s was not announced: Slack refused it in <#%(channel)s> (%(error)s). "
            "Please plan it again."
        )
        % values
    )
