"""Short messages to one person: confirmations, refusals and what to do next."""

from __future__ import annotations

from typing import Any

from bot.core import ids
from bot.core.i18n import Translator
from bot.core.text import escape, quote
from bot.ideas.data import IdeaData, IdeaRef
from bot.ideas.views.card import author_mention


def _idea_ref(idea: IdeaData) -> str:
    return f"#{idea.number} *{escape(idea.title)}*"


def unknown_idea(t: Translator) -> str:
    return t.gettext("I can't find that idea any more. It may have been removed.")


def not_yours_to_edit(t: Translator, idea: IdeaData) -> str:
    return t.gettext(
        "Only the author of %(idea)s and facilitators can edit it. "
        "You can add your perspective in its thread."
    ) % {"idea": _idea_ref(idea)}


def not_posted_yet(t: Translator, idea: IdeaData) -> str:
    return t.gettext("Idea %(idea)s isn't posted in a channel yet, so there is no thread to add to.") % {
        "idea": _idea_ref(idea)
    }


def following(t: Translator, idea: IdeaData, new: bool) -> str:
    if new:
        return t.gettext("You're following %(idea)s. I'll send you a message when it moves on.") % {
            "idea": _idea_ref(idea)
        }
    return t.gettext("You already follow %(idea)s.") % {"idea": _idea_ref(idea)}


def help_offered(t: Translator, idea: IdeaData, new: bool, author_told: bool = True) -> str:
    values = {"idea": _idea_ref(idea), "author": author_mention(t, idea.author_id)}
    if idea.author_id is None or not author_told:
        return t.gettext("Thank you! Say hello in the thread of %(idea)s so the others know.") % values
    if new:
        return t.gettext("Thank you! I told %(author)s that you can help with %(idea)s.") % values
    return t.gettext("You have already offered to help with %(idea)s, and %(author)s knows.") % values


def own_idea_help(t: Translator, idea: IdeaData) -> str:
    return t.gettext(
        "%(idea)s is your own idea. Ask for help in its thread, or share it with people who could join."
    ) % {"idea": _idea_ref(idea)}


def help_offer_dm(t: Translator, idea: IdeaData, helper_id: str, link: str | None) -> dict[str, Any]:
    """To the author, in the author's language."""
    values = {"helper": f"<@{helper_id}>", "idea": _idea_ref(idea)}
    text = t.gettext("Good news: %(helper)s offered to help with your idea %(idea)s.") % values
    if link:
        text += "\n" + t.gettext("<%(link)s|Open the pitch> and say hello in its thread.") % {"link": link}
    else:
        text += "\n" + t.gettext("Send them a message to say hello.")
    return {"text": text}


def perspective_shared(t: Translator, idea: IdeaData) -> str:
    return t.gettext("Thank you! Your perspective is in the thread of %(idea)s.") % {"idea": _idea_ref(idea)}


def post_failed_dm(t: Translator, idea: IdeaData, channel_id: str | None, error: str) -> dict[str, Any]:
    """To the pitcher when the card could not be posted: the idea is kept, here is what to do."""
    values = {"idea": _idea_ref(idea), "channel": f"<#{channel_id}>", "error": escape(error)}
    if error == "no_channel" or channel_id is None:
        text = (
            t.gettext(
                "I saved your idea %(idea)s, but no ideas channel is set yet, so I don't know where to "
                "post it. Ask a facilitator to choose one, then press *Post it again*. Next time you can "
                "type `/pitch` in the channel where your idea belongs."
            )
            % values
        )
    elif error == "maybe_posted":
        text = (
            t.gettext(
                "I saved your idea %(idea)s, but Slack stumbled while I posted it in %(channel)s, so it may "
                "be there already. Have a look: if it isn't there, press *Post it again*."
            )
            % values
        )
    elif error == "not_in_channel":
        text = (
            t.gettext(
                "I saved your idea %(idea)s, but I couldn't post it in %(channel)s because I'm not a member "
                "of that channel. Invite me there with `/invite @Think Tank`, then press *Post it again*."
            )
            % values
        )
    elif error == "is_archived":
        text = (
            t.gettext(
                "I saved your idea %(idea)s, but %(channel)s is archived. Ask a facilitator to choose "
                "another ideas channel, then press *Post it again*."
            )
            % values
        )
    elif error == "channel_not_found":
        text = (
            t.gettext(
                "I saved your idea %(idea)s, but I can't see the channel it should go to. If it is private, "
                "invite me there with `/invite @Think Tank`, then press *Post it again*."
            )
            % values
        )
    else:
        text = (
            t.gettext(
                "I saved your idea %(idea)s, but Slack didn't let me post it (%(error)s). "
                "Press *Post it again* in a moment."
            )
            % values
        )
    return {
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": ids.RETRY_POST,
                        "value": str(idea.id),
                        "style": "primary",
                        "text": {"type": "plain_text", "text": t.gettext("Post it again")},
                    }
                ],
            },
        ],
    }


def posted(t: Translator, idea: IdeaData, channel_id: str) -> dict[str, Any]:
    text = t.gettext("Your idea %(idea)s is now posted in %(channel)s.") % {
        "idea": _idea_ref(idea),
        "channel": f"<#{channel_id}>",
    }
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def language_changed(t: Translator) -> str:
    """Said in the newly chosen language."""
    return t.gettext("Done! I'll use English with you from now on.")


def perspective_returned(t: Translator, idea: IdeaData, text: str) -> dict[str, Any]:
    """The thread refused a perspective: its words exist nowhere else, so they go back to the writer."""
    intro = t.gettext(
        "Sorry, I couldn't post your perspective in the thread of %(idea)s. Here it is, so you can post "
        "it yourself or try again later:"
    ) % {"idea": _idea_ref(idea)}
    return {"text": f"{intro}\n{quote(escape(text))}"}


def members_only(t: Translator) -> str:
    return t.gettext(
        "Thanks for your interest! Following, offering help and adding perspectives are for members "
        "of this workspace only."
    )


def something_went_wrong(t: Translator) -> str:
    return t.gettext("Sorry, something went wrong on my side. Nothing was changed; please try again.")


def form_too_late(t: Translator) -> str:
    return t.gettext(
        "Sorry, Slack closed the form before I could open it (it gives me only three seconds). "
        "Please try again; it usually opens the second time."
    )


def storage_down(t: Translator) -> str:
    return t.gettext(
        "Sorry, I can't reach my database right now, so nothing was saved or changed. "
        "Please try again in a few minutes."
    )


def storage_down_after_ack(t: Translator) -> str:
    return t.gettext(
        "Sorry, I lost my database partway through, so this may be only partly done. "
        "Please check in a few minutes and try again if something is missing."
    )


def went_wrong_after_ack(t: Translator) -> str:
    return t.gettext(
        "Sorry, something went wrong on my side partway through, so this may be only partly done. "
        "Please check and try again if something is missing."
    )


def not_saved_form_open(t: Translator) -> str:
    return t.gettext(
        "Not saved yet: I can't reach my database right now. Everything you wrote is still here; "
        "please press the button again in a minute."
    )


def form_failed(t: Translator) -> str:
    return t.gettext(
        "Sorry, something went wrong on my side and this was not saved. Everything you wrote is still "
        "here; please try again."
    )


def choose_channel(t: Translator) -> str:
    return t.gettext("Choose the channel your pitch should be posted in.")


def unconfirmed_stats_dm(t: Translator, channel_id: str, week: str) -> str:
    """To the workspace's admins, once: the weekly post may or may not be out, and how to mend it."""
    return t.gettext(
        "The weekly figures for %(week)s may not have reached <#%(channel)s>: posting them was cut "
        "short, so I can't tell whether they went out, and I won't post them twice by myself. Please "
        "look in the channel. If they are missing, whoever runs Think Tank can post them with "
        "`python app.py stats post --week %(week)s --force`."
    ) % {"week": week, "channel": channel_id}


def new_answer_dm(t: Translator, answer: IdeaData, challenge: IdeaRef, link: str | None) -> dict[str, Any]:
    """To a challenge's author and followers, in their language, when an answer is posted."""
    values = {
        "answer": _idea_ref(answer),
        "challenge": f"#{challenge.number} *{escape(challenge.title)}*",
    }
    text = t.gettext("The challenge %(challenge)s has a new answer: %(answer)s.") % values
    if link:
        text += "\n" + t.gettext("<%(link)s|Open the answer> and add your perspective.") % {"link": link}
    return {"text": text}


def challenge_not_open(t: Translator) -> str:
    return t.gettext(
        "That challenge is not open for answers any more, so I can't start an answer to it. "
        "You can still pitch your idea with /pitch."
    )
