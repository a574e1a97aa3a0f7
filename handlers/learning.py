"""An experiment's learning: the **Share the learning** button (in the DM on the day it is due) and
its form."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.ideas import learning, learning_run
from bot.ideas.learning import Outcome, Shared
from bot.ideas.posting import tell_privately
from bot.ideas.views import learning as views
from bot.slack.context import requester
from handlers import payloads
from models import utcnow


def register(app: App) -> None:
    app.action(ids.LEARNING_SHARE)(on_share)
    app.view(ids.LEARNING_MODAL)(on_submitted)


def on_share(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Open the form for the experiment's author or a facilitator; anyone else hears why not."""
    ack()
    who = requester(context)
    idea_id = payloads.idea_id(action)
    allowed = Shared(Outcome.UNKNOWN)
    if idea_id is not None:
        with who.db.read() as session:
            allowed = learning.may_open(session, team_id=who.team_id, user_id=who.user_id, idea_id=idea_id)
    if allowed.outcome is Outcome.SHARED and allowed.idea is not None:
        view = views.learning_modal(who.t, allowed.idea, who.settings.learnings_channel)
        client.views_open(trigger_id=body["trigger_id"], view=view)
        return
    text = _refusal(who.t, allowed)
    tell_privately(client, user_id=who.user_id, channel_id=payloads.channel_of(body), text=text)


def on_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Kept (once), the experiment moved to `learning shared`, then posted and its card redrawn."""
    who = requester(context)
    idea_id = metadata.whole_number(metadata.read(view.get("private_metadata")), "idea")
    draft = learning.draft_of(
        text=payloads.input_text(view, "text"),
        worked=payloads.input_text(view, "worked"),
        did_not=payloads.input_text(view, "did_not"),
        again=_chosen(view, "again"),
    )
    problems = learning.check(draft)
    if problems:
        errors = {name: views.form_problem(who.t, problem) for name, problem in problems.items()}
        ack(response_action="errors", errors=errors)
        return
    shared = Shared(Outcome.UNKNOWN)
    if idea_id is not None:
        with who.db.session() as session:
            shared = learning.share(
                session, team_id=who.team_id, user_id=who.user_id, idea_id=idea_id, draft=draft, now=utcnow()
            )
    if shared.outcome is not Outcome.SHARED or shared.idea is None:
        ack(response_action="errors", errors={"text": _refusal(who.t, shared)})
        return
    ack(response_action="update", view=views.thanks_modal(who.t, shared.idea, who.settings.learnings_channel))
    learning_run.after_sharing(who.rt, client, shared, by_user_id=who.user_id)


def _refusal(t: Translator, shared: Shared) -> str:
    if shared.idea is None or shared.outcome is Outcome.UNKNOWN:
        return views.unknown_experiment(t)
    if shared.outcome is Outcome.ALREADY:
        return views.already_shared(t, shared.idea)
    return views.not_allowed(t, shared.idea)


def _chosen(view: dict[str, Any], block_id: str) -> str | None:
    """The radio button chosen in a form's block; forged shapes read as none."""
    block = view.get("state", {}).get("values", {}).get(block_id)
    state = block.get(ids.INPUT) if isinstance(block, dict) else None
    option = state.get("selected_option") if isinstance(state, dict) else None
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) else None
