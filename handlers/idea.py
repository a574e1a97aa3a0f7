"""/idea: browse, search, follow and move the community's ideas; the partners form; "More"."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.home.views.help import idea_help
from bot.ideas import lifecycle, pitches, queries, statuses
from bot.ideas.commands import IdeaCommand, Wrong, parse
from bot.ideas.data import IdeaData
from bot.ideas.lifecycle import Moved, Refusal
from bot.ideas.posting import announce_move, permalink, tell
from bot.ideas.search import query_words
from bot.ideas.views import browse, labels, notices
from bot.pairing.learnings import search_learnings
from bot.pairing.views.replies import learnings_blocks
from bot.slack.client import before_ack
from bot.slack.context import Requester, requester
from handlers import payloads

log = logging.getLogger(__name__)

LATEST = 5


def status_names(t: Translator) -> dict[str, str]:
    return {labels.status(t, s).lower(): s for s in statuses.ALL}


def theme_names(t: Translator, themes: tuple[str, ...]) -> dict[str, str]:
    return {
        **{labels.theme(t, theme).lower(): theme for theme in themes},
        **{theme: theme for theme in themes},
    }


def register(app: App) -> None:
    app.command("/idea")(idea_command)
    app.action(ids.IDEA_MORE)(more)
    app.action(ids.OPEN_PITCH)(open_pitch)
    app.view(ids.PARTNERS_MODAL)(submit_partners)


def idea_command(
    ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
) -> None:
    """/idea [list|show|search|mine|follow|unfollow|status …]."""
    who = requester(context)
    t = who.t
    themes = who.settings.themes
    parsed = parse(
        command.get("text") or "", theme_names=theme_names(t, themes), status_names=status_names(t)
    )
    if isinstance(parsed, Wrong):
        ack(text=browse.wrong_command(t, parsed, themes))
        return
    if parsed.action != "status":
        # Reads and a follow take milliseconds: the answer goes in the ack, which works in any channel.
        answer = _run(who, parsed, client, command["trigger_id"])
        ack(**({"text": answer} if isinstance(answer, str) else answer))
        return
    # A status change may open a form and tells people: ack first, answer after.
    ack()
    answer = _run(who, parsed, client, command["trigger_id"])
    if answer:
        respond(text=answer, response_type="ephemeral")


def _run(who: Requester, command: IdeaCommand, client: WebClient, trigger_id: str) -> dict[str, Any] | str:
    """The answer to a well-formed command: a message (dict) or a line of text."""
    if command.action == "latest":
        with who.db.read() as session:
            latest = pitches.latest(session, who.team_id, limit=LATEST)
        return idea_help(who.t, latest) + "\n\n" + browse.usage(who.t)
    if command.action in ("list", "mine"):
        return _page(who, {"q": command.action, "status": command.status, "theme": command.theme})
    if command.action == "search":
        return _search(who, command.words)
    if command.number is None:
        # `parse` gives every other subcommand its number, or answers Wrong.
        raise ValueError(f"/idea {command.action} came without an idea number")
    return _run_on_idea(who, command, command.number, client, trigger_id)


def _run_on_idea(
    who: Requester, command: IdeaCommand, number: int, client: WebClient, trigger_id: str
) -> dict[str, Any] | str:
    t = who.t
    with who.db.read() as session:
        # `show` needs the whole story; the other commands only the idea itself.
        if command.action == "show":
            detail = queries.detail(session, who.team_id, number)
            idea = detail.idea if detail else None
        else:
            detail, idea = None, queries.by_number(session, who.team_id, number)
    if idea is None:
        return browse.unknown_number(t, number)
    if detail is not None:
        # Answered in the ack: the card's link is asked for once, briefly, and left out if Slack is
        # slow to give it (a rate limit's Retry-After would outlast Slack's three seconds).
        link = permalink(before_ack(client), idea)
        return browse.detail_message(t, detail, link, who.settings.zone)
    if command.action == "follow":
        with who.db.session() as session:
            new = pitches.follow(session, team_id=who.team_id, idea_id=idea.id, user_id=who.user_id)
        return notices.following(t, idea, new)
    if command.action == "unfollow":
        with who.db.session() as session:
            was = pitches.unfollow(session, team_id=who.team_id, idea_id=idea.id, user_id=who.user_id)
        return browse.unfollowed(t, idea, was)
    return _change_status(who, client, idea, command.status or "", command.note, trigger_id)


def _search(who: Requester, words: str, offset: int = 0) -> dict[str, Any]:
    """One page of matching ideas; what pairs learned comes with the first page only."""
    with who.db.read() as session:
        found = queries.search(session, who.team_id, words, offset=offset)
        learned = search_learnings(session, who.team_id, words) if offset == 0 else []
    t = who.t
    return browse.search_message(
        t, words, found, learnings_blocks(t, learned, who.settings.zone), searched_by=query_words(words)
    )


def _page(who: Requester, query: dict[str, Any], offset: int = 0) -> dict[str, Any]:
    if query.get("q") == "search":
        return _search(who, metadata.text(query, "words") or "", offset)
    t = who.t
    with who.db.read() as session:
        if query.get("q") == "mine":
            found = queries.authored_by(session, who.team_id, who.user_id, offset=offset)
            heading = t.gettext("*Ideas you pitched*")
        else:
            status = query.get("status") if query.get("status") in statuses.ALL else None
            theme = query.get("theme") if isinstance(query.get("theme"), str) else None
            found = queries.list_ideas(session, who.team_id, status=status, theme=theme, offset=offset)
            heading = browse.list_heading(t, status, theme)
    return browse.page_message(t, found, heading, query)


def _change_status(
    who: Requester, client: WebClient, idea: IdeaData, status: str, note: str, trigger_id: str
) -> str:
    t = who.t
    refusal = _refusal(who, idea, status, note)
    if refusal is Refusal.NOT_ALLOWED:
        # Perhaps an admin whose profile is not read yet (or is being read in the background
        # right now): read it if need be, and ask again.
        who.rt.member_sync.refresh_now(client, who.team_id, who.user_id)
        refusal = _refusal(who, idea, status, note)
    if refusal is not None:
        return browse.status_refused(t, refusal, idea)
    if lifecycle.needs_partners(status):
        with who.db.read() as session:
            partners = queries.partners_of(session, who.team_id, idea.id)
        view = browse.partners_modal(t, idea, status=status, note=note, partners=partners)
        client.views_open(trigger_id=trigger_id, view=view)
        return ""
    with who.db.session() as session:
        moved = lifecycle.change_status(
            session, team_id=who.team_id, user_id=who.user_id, idea=idea, to_status=status, note=note
        )
    if isinstance(moved, Refusal):
        return browse.status_refused(t, moved, idea)
    announce_move(who.rt, client, moved)
    return browse.moved_confirmation(t, moved)


def _refusal(who: Requester, idea: IdeaData, status: str, note: str) -> Refusal | None:
    with who.db.read() as session:
        return lifecycle.check_change(
            session, team_id=who.team_id, user_id=who.user_id, idea=idea, to_status=status, note=note
        )


def more(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    """ "More" under a list or search: the next page, in place of this one."""
    ack()
    query = metadata.read(action.get("value"))
    offset = max(metadata.whole_number(query, "offset") or 0, 0)
    respond(**_page(requester(context), query, offset), replace_original=True)


def open_pitch(ack: Ack) -> None:
    # A link button: Slack opens the URL itself and only tells us it was pressed.
    ack()


def submit_partners(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The partners form of a status change: the change made, the partners kept, everyone told."""
    who = requester(context)
    meta = metadata.read(view.get("private_metadata"))
    idea_id, status = metadata.whole_number(meta, "idea"), metadata.text(meta, "status")
    note = metadata.text(meta, "note") or ""
    partners = lifecycle.parse_partners(payloads.input_text(view, ids.PARTNERS_BLOCK))
    with who.db.session() as session:
        idea = pitches.get(session, who.team_id, idea_id) if idea_id is not None else None
        if idea is None or status is None:
            moved: Moved | Refusal = Refusal.UNKNOWN_STATUS
        else:
            moved = lifecycle.change_status(
                session, team_id=who.team_id, user_id=who.user_id, idea=idea, to_status=status, note=note
            )
            if isinstance(moved, Moved):
                lifecycle.set_partners(session, team_id=who.team_id, idea_id=idea.id, names=partners)
    if isinstance(moved, Refusal):
        problem = notices.unknown_idea(who.t) if idea is None else browse.status_refused(who.t, moved, idea)
        ack(response_action="errors", errors={ids.PARTNERS_BLOCK: problem})
        return
    ack()
    announce_move(who.rt, client, moved)
    tell(client, who.user_id, {"text": browse.moved_confirmation(who.t, moved)})
