"""/idea: browse, search, follow and move the community's ideas; the partners form; "More"."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.core import ids, metadata
from bot.core.i18n import Translator
from bot.home.views.help import idea_help
from bot.ideas import kinds, lifecycle, pitches, queries, statuses, tags, topics
from bot.ideas.commands import IdeaCommand, Wrong, parse
from bot.ideas.data import IdeaData
from bot.ideas.lifecycle import Moved, Refusal
from bot.ideas.posting import announce_move, permalink, tell
from bot.ideas.search import Filters, query_words
from bot.ideas.topics import Topic
from bot.ideas.views import browse, found, labels, notices, show
from bot.slack.client import before_ack
from bot.slack.context import Requester, requester
from handlers import payloads

log = logging.getLogger(__name__)

LATEST = 5


def status_names(t: Translator) -> dict[str, str]:
    return {labels.status(t, s).lower(): s for s in statuses.ALL}


def kind_names(t: Translator) -> dict[str, str]:
    return {labels.kind(t, k).lower(): k for k in kinds.ALL}


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
        command.get("text") or "",
        theme_names=theme_names(t, themes),
        status_names=status_names(t),
        kind_names=kind_names(t),
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
    if command.action == "mine":
        return _page(who, {"q": "mine"})
    if command.action == "list":
        # What the More button carries: the filters that are set, by their keys.
        query: dict[str, Any] = {"q": "list", **command.filters.as_dict()}
        if command.by_support:
            query["support"] = True
        return _page(who, query)
    if command.action == "search":
        return _search(who, command.words, command.filters)
    if command.topic is not None:
        return _follow_topic(who, command.topic, follow=command.action == "follow_topic")
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
        return show.detail_message(t, detail, link, who.settings.zone)
    if command.action == "follow":
        with who.db.session() as session:
            new = pitches.follow(session, team_id=who.team_id, idea_id=idea.id, user_id=who.user_id)
        return notices.following(t, idea, new)
    if command.action == "unfollow":
        with who.db.session() as session:
            was = pitches.unfollow(session, team_id=who.team_id, idea_id=idea.id, user_id=who.user_id)
        return browse.unfollowed(t, idea, was)
    return _change_status(who, client, idea, command.status or "", command.note, trigger_id)


def _follow_topic(who: Requester, topic: Topic, *, follow: bool) -> str:
    with who.db.session() as session:
        if not follow:
            was = topics.unfollow(session, team_id=who.team_id, user_id=who.user_id, topic=topic)
            return browse.topic_unfollowed(who.t, topic, was)
        new = topics.follow(session, team_id=who.team_id, user_id=who.user_id, topic=topic)
        already = new or topic in topics.followed(session, team_id=who.team_id, user_id=who.user_id)
    return browse.topic_followed(who.t, topic, new=new, already=already)


def _search(who: Requester, words: str, filters: Filters, offset: int = 0) -> dict[str, Any]:
    """One page of matching ideas; the learnings that match come with the first page only."""
    with who.db.read() as session:
        page = queries.search(session, who.team_id, words, offset=offset, filters=filters)
        learned = queries.search_learnings(session, who.team_id, words, filters) if offset == 0 else []
    return found.search_message(
        who.t, words, page, learned, searched_by=query_words(words), filters=filters, zone=who.settings.zone
    )


def _filters(query: dict[str, Any]) -> Filters:
    """The filters a More button carries, each checked again (a button's value can be forged)."""
    kind, status = metadata.text(query, "kind"), metadata.text(query, "status")
    tag = metadata.text(query, "tag")
    return Filters(
        kind=kind if kind in kinds.ALL else None,
        status=status if status in statuses.ALL else None,
        theme=metadata.text(query, "theme"),
        tag=tags.normalise(tag) if tag else None,
    )


def _page(who: Requester, query: dict[str, Any], offset: int = 0) -> dict[str, Any]:
    if query.get("q") == "search":
        return _search(who, metadata.text(query, "words") or "", _filters(query), offset)
    t = who.t
    with who.db.read() as session:
        if query.get("q") == "mine":
            page = queries.authored_by(session, who.team_id, who.user_id, offset=offset)
            heading = t.gettext("*Ideas you pitched*")
        else:
            filters, by_support = _filters(query), query.get("support") is True
            page = queries.list_ideas(
                session,
                who.team_id,
                kind=filters.kind,
                status=filters.status,
                theme=filters.theme,
                tag=filters.tag,
                by_support=by_support,
                offset=offset,
            )
            heading = browse.list_heading(t, filters, by_support=by_support)
    return browse.page_message(t, page, heading, query)


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
