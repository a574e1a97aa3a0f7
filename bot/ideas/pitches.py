"""Ideas: checking a pitch, numbering and keeping it, and what members do with it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent
from bot.core.text import is_blank
from bot.core.workspace_settings import ensure_workspace
from bot.core.workspace_settings import load as load_settings
from bot.ideas import kinds, looking_for, statuses, tags
from bot.ideas.data import IdeaData, LinkData, data_of
from bot.ideas.links import MAX_PER_IDEA as LINKS_MAX
from bot.ideas.links import link_problem
from bot.ideas.pitch_problems import PitchProblem
from bot.ideas.search_terms import terms
from bot.pulse import activity
from models import HelpOffer, Idea, IdeaFollow, IdeaLink, IdeaTag, IdeaTheme, Perspective, Workspace, utcnow
from models.idea import BODY_FIELDS, DESCRIPTION_MAX, HYPOTHESIS_LINE_MAX, TITLE_FIELDS, TITLE_MAX

HYPOTHESIS_FIELDS = ("believe", "outcome", "test", "share")
# A practice's two lines, each as long as a line of the hypothesis.
PRACTICE_FIELDS = ("used_where", "ask_whom")
# An experiment's learning is promised for a day within a year.
LEARNING_DUE_WITHIN = timedelta(days=366)
POST_CLAIM_EXPIRES = timedelta(minutes=5)


@dataclass(frozen=True)
class PitchDraft:
    """A pitch as it came from the form, before it is checked."""

    kind: str = "idea"
    title: str = ""
    description: str = ""
    believe: str = ""
    outcome: str = ""
    test: str = ""
    share: str = ""
    themes: tuple[str, ...] = ()
    seeking: tuple[str, ...] = ()
    # A practice's.
    used_where: str = ""
    ask_whom: str = ""
    # Normalised already (`bot.ideas.tags`).
    tags: tuple[str, ...] = ()
    links: tuple[LinkData, ...] = ()
    # The challenge it answers (an id of this workspace's ideas), and an experiment's learning date.
    challenge_id: int | None = None
    learning_due: date | None = None
    # What the form could not read: text in the tag field with no tag in it, and the first link line
    # (1-based) that cannot be kept with why. Never stored; `check_pitch` turns them into problems.
    tags_unreadable: bool = False
    bad_link_line: int = 0
    bad_link: PitchProblem | None = None


def check_pitch(
    draft: PitchDraft,
    themes: tuple[str, ...],
    *,
    open_challenges: Collection[int] = (),
    today: date | None = None,
    before: IdeaData | None = None,
) -> dict[str, PitchProblem]:
    """Problems by form field (`PitchProblem`); empty when the pitch can be kept.

    `open_challenges`: ids of the workspace's challenges that take answers (`bot.ideas.answering`);
    `today`: the day in the workspace's zone (None: dates are not checked); `before`: the idea as it
    was, when this is an edit (what it already had stays allowed).

    Slack's inputs enforce lengths in the client, but a payload can be forged, so every limit is
    checked again here.
    """
    problems = _check_text(draft, themes)
    problems.update(_check_knowledge(draft, open_challenges=open_challenges, today=today, before=before))
    return problems


def _check_text(draft: PitchDraft, themes: tuple[str, ...]) -> dict[str, PitchProblem]:
    problems: dict[str, PitchProblem] = {}
    if draft.kind not in kinds.ALL:
        problems["kind"] = PitchProblem.KIND_UNKNOWN
    if is_blank(draft.title):
        problems["title"] = PitchProblem.TITLE_MISSING
    elif len(draft.title) > TITLE_MAX:
        problems["title"] = PitchProblem.TITLE_TOO_LONG
    if len(draft.description) > DESCRIPTION_MAX:
        problems["description"] = PitchProblem.DESCRIPTION_TOO_LONG
    for name in HYPOTHESIS_FIELDS:
        value = getattr(draft, name)
        if len(value) > HYPOTHESIS_LINE_MAX:
            problems[name] = PitchProblem.HYPOTHESIS_TOO_LONG
        elif draft.kind == kinds.EXPERIMENT and not value:
            problems[name] = PitchProblem.HYPOTHESIS_MISSING
    if any(theme not in themes for theme in draft.themes):
        problems["themes"] = PitchProblem.THEME_UNKNOWN
    if any(item not in looking_for.ALL for item in draft.seeking):
        problems["seeking"] = PitchProblem.SEEKING_UNKNOWN
    for name in PRACTICE_FIELDS:
        if len(getattr(draft, name)) > HYPOTHESIS_LINE_MAX:
            problems[name] = PitchProblem.PRACTICE_LINE_TOO_LONG
    return problems


def _check_knowledge(
    draft: PitchDraft, *, open_challenges: Collection[int], today: date | None, before: IdeaData | None
) -> dict[str, PitchProblem]:
    """The challenge answered, the learning date, the tags and the links."""
    problems: dict[str, PitchProblem] = {}
    kept_challenge = before is not None and draft.challenge_id == before.challenge_id
    if draft.challenge_id is not None:
        if draft.kind not in kinds.ANSWERS:
            problems["challenge"] = PitchProblem.CHALLENGE_ANSWERS_CHALLENGE
        elif draft.challenge_id not in open_challenges and not kept_challenge:
            problems["challenge"] = PitchProblem.CHALLENGE_NOT_OPEN
    due = draft.learning_due
    kept_due = before is not None and due == before.learning_due
    was_experiment = before is not None and before.kind == kinds.EXPERIMENT
    if today is not None and draft.kind == kinds.EXPERIMENT and not kept_due:
        if due is None:
            if not was_experiment:
                problems["learning_due"] = PitchProblem.LEARNING_DUE_MISSING
        elif due < today:
            problems["learning_due"] = PitchProblem.LEARNING_DUE_PAST
        elif due > today + LEARNING_DUE_WITHIN:
            problems["learning_due"] = PitchProblem.LEARNING_DUE_TOO_FAR
    normalised = all(tags.normalise(tag) == tag for tag in draft.tags)
    if draft.tags_unreadable or not normalised:
        problems["tags"] = PitchProblem.TAGS_UNREADABLE
    elif len(draft.tags) > tags.MAX_PER_IDEA:
        problems["tags"] = PitchProblem.TOO_MANY_TAGS
    if draft.bad_link is not None:
        problems["links"] = draft.bad_link
    elif len(draft.links) > LINKS_MAX:
        problems["links"] = PitchProblem.TOO_MANY_LINKS
    else:
        found = (link_problem(link.url, link.label) for link in draft.links)
        problem = next((p for p in found if p is not None), None)
        if problem is not None:
            problems["links"] = problem
    return problems


def _next_number(session: Session, team_id: str) -> int:
    ensure_workspace(session, team_id)
    # One UPDATE … RETURNING: two pitches submitted at once can never get the same number.
    bump = (
        update(Workspace)
        .where(Workspace.team_id == team_id)
        .values(idea_seq=Workspace.idea_seq + 1)
        .returning(Workspace.idea_seq)
    )
    return session.execute(bump).scalar_one()


@dataclass(frozen=True)
class PitchTerms:
    """A pitch's search terms, made before the write transaction opens: with the dictionaries still
    loading they can take seconds, which must not hold the write lock nor a connection."""

    title: str
    body: str


def terms_of_pitch(draft: PitchDraft) -> PitchTerms:
    # PitchDraft's fields carry the model's names, so the model's lists serve both (tags as a line).
    def text_of(field: str) -> str:
        value = getattr(draft, field)
        return tags.as_line(value) if isinstance(value, tuple) else str(value)

    return PitchTerms(
        title=terms(*(text_of(field) for field in TITLE_FIELDS)),
        body=terms(*(text_of(field) for field in BODY_FIELDS)),
    )


def pitch_of_form(session: Session, team_id: str, view_id: str) -> IdeaData | None:
    """The idea already made from this pitch form, if any."""
    idea = session.scalar(select(Idea).where(Idea.team_id == team_id, Idea.view_id == view_id))
    return data_of(session, idea) if idea is not None else None


def create_pitch_once(
    session: Session,
    *,
    team_id: str,
    author_id: str,
    draft: PitchDraft,
    origin_channel_id: str | None,
    view_id: str | None,
    pitch_terms: PitchTerms | None = None,
) -> tuple[IdeaData, bool]:
    """Keep a pitch once per form; True when it is new. Slack sends a form again, with the same view
    id, when the first submission's ack came too late: that returns the idea already made."""
    existing = pitch_of_form(session, team_id, view_id) if view_id else None
    if existing is not None:
        return existing, False
    try:
        with session.begin_nested():
            idea = create_pitch(
                session,
                team_id=team_id,
                author_id=author_id,
                draft=draft,
                origin_channel_id=origin_channel_id,
                view_id=view_id,
                pitch_terms=pitch_terms,
            )
    except IntegrityError:
        # The same form, submitted again while the first was still being stored, got there first.
        existing = pitch_of_form(session, team_id, view_id) if view_id else None
        if existing is None:
            raise
        return existing, False
    return idea, True


def create_pitch(
    session: Session,
    *,
    team_id: str,
    author_id: str,
    draft: PitchDraft,
    origin_channel_id: str | None,
    view_id: str | None = None,
    pitch_terms: PitchTerms | None = None,
) -> IdeaData:
    """Keep a checked pitch under the workspace's next number."""
    made = (
        {"title_terms": pitch_terms.title, "body_terms": pitch_terms.body} if pitch_terms is not None else {}
    )
    idea = Idea(
        **made,
        team_id=team_id,
        number=_next_number(session, team_id),
        kind=draft.kind,
        status=statuses.FIRST,
        title=draft.title,
        description=draft.description,
        believe=draft.believe,
        outcome=draft.outcome,
        test=draft.test,
        share=draft.share,
        seeking=list(draft.seeking),
        author_id=author_id,
        origin_channel_id=origin_channel_id,
        view_id=view_id,
        themes=[IdeaTheme(team_id=team_id, theme=t, position=i) for i, t in enumerate(draft.themes)],
        challenge_id=draft.challenge_id,
        learning_due=_learning_due(draft),
    )
    _set_knowledge(idea, team_id=team_id, author_id=author_id, draft=draft)
    session.add(idea)
    session.flush()
    # A new idea has nothing to count yet: no queries for zeros while the write lock is held.
    return data_of(session, idea, counts=False)


def edit_pitch(session: Session, *, team_id: str, idea_id: int, draft: PitchDraft) -> IdeaData | None:
    """Replace what the pitch says (its number, status and history stay); None for an unknown idea."""
    idea = session.scalar(select(Idea).where(Idea.team_id == team_id, Idea.id == idea_id))
    if idea is None:
        return None
    idea.kind, idea.title, idea.description = draft.kind, draft.title, draft.description
    idea.believe, idea.outcome, idea.test, idea.share = draft.believe, draft.outcome, draft.test, draft.share
    idea.seeking = list(draft.seeking)
    idea.themes = [IdeaTheme(team_id=team_id, theme=t, position=i) for i, t in enumerate(draft.themes)]
    idea.challenge_id, idea.learning_due = draft.challenge_id, _learning_due(draft)
    _set_knowledge(idea, team_id=team_id, author_id=idea.author_id, draft=draft)
    session.flush()
    return data_of(session, idea)


def _learning_due(draft: PitchDraft) -> date | None:
    # Only an experiment is followed up on its day; a date left in the form of another kind is dropped.
    return draft.learning_due if draft.kind == kinds.EXPERIMENT else None


def _set_knowledge(idea: Idea, *, team_id: str, author_id: str | None, draft: PitchDraft) -> None:
    """A practice's fields, the tags (rows for lists, a line for search) and the links, as the form says."""
    idea.used_where, idea.ask_whom = draft.used_where, draft.ask_whom
    idea.tags = tags.as_line(draft.tags)
    idea.tag_rows = [IdeaTag(team_id=team_id, tag=tag, position=i) for i, tag in enumerate(draft.tags)]
    kept = {(link.url, link.label): link for link in idea.link_rows}
    idea.link_rows = [
        kept.get((link.url, link.label))
        or IdeaLink(team_id=team_id, url=link.url, label=link.label, added_by=author_id, position=i)
        for i, link in enumerate(draft.links)
    ]
    for i, row in enumerate(idea.link_rows):
        row.position = i


def draft_of(idea: IdeaData) -> PitchDraft:
    """An idea back as a form's contents, for editing."""
    return PitchDraft(**{f.name: getattr(idea, f.name) for f in fields(PitchDraft) if hasattr(idea, f.name)})


def target_channel(ideas_channel: str | None, idea: IdeaData) -> str | None:
    """The workspace's ideas channel, or else where `/pitch` was typed; None when neither is known.

    A direct message is never the place for a card the whole community should see."""
    origin = idea.origin_channel_id
    return ideas_channel or (origin if origin and not origin.startswith("D") else None)


def claim_post(session: Session, *, team_id: str, idea_id: int, now: datetime | None = None) -> bool:
    """Take the right to post an unposted idea's card; False when it is posted or being posted.

    A claim left by a process that died mid-post expires, so the idea can always be posted again.
    """
    now = now or utcnow()
    claim = (
        update(Idea)
        .where(
            Idea.team_id == team_id,
            Idea.id == idea_id,
            Idea.message_ts.is_(None),
            or_(Idea.post_claimed_at.is_(None), Idea.post_claimed_at < now - POST_CLAIM_EXPIRES),
        )
        .values(post_claimed_at=now)
        .returning(Idea.id)
    )
    return session.execute(claim).first() is not None


def release_post(session: Session, *, team_id: str, idea_id: int) -> None:
    """Give the claim back after Slack refused the post, so that "Post it again" can try."""
    session.execute(
        update(Idea)
        .where(Idea.team_id == team_id, Idea.id == idea_id, Idea.message_ts.is_(None))
        .values(post_claimed_at=None)
    )


def record_post(session: Session, *, team_id: str, idea_id: int, channel_id: str, message_ts: str) -> None:
    session.execute(
        update(Idea)
        .where(Idea.team_id == team_id, Idea.id == idea_id)
        .values(channel_id=channel_id, message_ts=message_ts, post_claimed_at=None)
    )


def get(session: Session, team_id: str, idea_id: int) -> IdeaData | None:
    idea = session.scalar(select(Idea).where(Idea.team_id == team_id, Idea.id == idea_id))
    return None if idea is None else data_of(session, idea)


def by_message(session: Session, team_id: str, channel_id: str, message_ts: str) -> IdeaData | None:
    """The idea whose card is the message `message_ts` in `channel_id`, if any."""
    idea = session.scalar(
        select(Idea).where(
            Idea.team_id == team_id, Idea.channel_id == channel_id, Idea.message_ts == message_ts
        )
    )
    return None if idea is None else data_of(session, idea)


def latest(session: Session, team_id: str, limit: int = 5) -> list[IdeaData]:
    ideas = session.scalars(
        select(Idea).where(Idea.team_id == team_id).order_by(Idea.number.desc()).limit(limit)
    )
    return [data_of(session, idea, counts=False) for idea in ideas]


def follow(session: Session, *, team_id: str, idea_id: int, user_id: str) -> bool:
    """Follow an idea; False when the member already did."""
    return insert_if_absent(session, IdeaFollow, team_id=team_id, idea_id=idea_id, user_id=user_id)


def unfollow(session: Session, *, team_id: str, idea_id: int, user_id: str) -> bool:
    """Stop following; False when the member was not following."""
    gone = session.execute(
        delete(IdeaFollow)
        .where(IdeaFollow.team_id == team_id, IdeaFollow.idea_id == idea_id, IdeaFollow.user_id == user_id)
        .returning(IdeaFollow.user_id)
    ).first()
    return gone is not None


def offer_help(session: Session, *, team_id: str, idea_id: int, user_id: str) -> bool:
    """Record "I can help"; False when this member already offered (the author is told once)."""
    return insert_if_absent(session, HelpOffer, team_id=team_id, idea_id=idea_id, user_id=user_id)


def add_perspective(
    session: Session,
    *,
    team_id: str,
    idea_id: int,
    user_id: str | None,
    message_ts: str,
    source: str,
    at: datetime | None = None,
) -> bool:
    """Count a perspective once per message; False when that message was already counted.

    A new one also counts for its giver's week: giving a perspective makes an active commenter.
    """
    added = insert_if_absent(
        session,
        Perspective,
        team_id=team_id,
        idea_id=idea_id,
        user_id=user_id,
        message_ts=message_ts,
        source=source,
    )
    if added and user_id:
        activity.add(
            session, team_id, user_id, "perspectives", at or utcnow(), load_settings(session, team_id).zone
        )
    return added
