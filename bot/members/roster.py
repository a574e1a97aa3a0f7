"""Members: their language, their Slack profile (locale, zone, roles) and the facilitator role."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent
from bot.core.i18n import available_languages, resolve_language
from bot.core.workspace_settings import ensure_workspace
from bot.members.membership import SLACKBOT, of_this_workspace
from models import Member, Workspace, utcnow

PROFILE_MAX_AGE = timedelta(days=1)
# Ids per IN (...) list: well under SQLite's limit on bound parameters.
IN_BATCH = 5_000


@dataclass(frozen=True)
class LanguageInputs:
    chosen: str | None
    slack_locale: str | None


def ensure_member(session: Session, team_id: str, user_id: str, *, first_sync: bool = False) -> Member:
    """The member's row, made on first sight.

    Someone first seen after the member list was read has joined since: a new member. Someone seen
    before the list was ever read, or found by its first reading, was already there (joined_at None).
    """
    member = session.get(Member, (team_id, user_id))
    if member is None:
        workspace = ensure_workspace(session, team_id)
        joined_at = utcnow() if workspace.members_synced_at is not None and not first_sync else None
        insert_if_absent(session, Member, team_id=team_id, user_id=user_id, joined_at=joined_at)
        member = session.get(Member, (team_id, user_id))
        if member is None:
            raise RuntimeError(f"member {user_id} of {team_id} was inserted but is not there")
    return member


def language_inputs(session: Session, team_id: str, user_id: str) -> LanguageInputs:
    member = session.get(Member, (team_id, user_id))
    if member is None:
        return LanguageInputs(None, None)
    return LanguageInputs(member.language, member.slack_locale)


def all_language_inputs(session: Session, limit: int) -> dict[tuple[str, str], LanguageInputs]:
    """Every member's language inputs, most recently seen first, for warming a cache."""
    rows = session.execute(
        select(Member.team_id, Member.user_id, Member.language, Member.slack_locale)
        .order_by(Member.first_seen_at.desc())
        .limit(limit)
    )
    return {(team, user): LanguageInputs(language, locale) for team, user, language, locale in rows}


def choose_language(session: Session, team_id: str, user_id: str, language: str) -> None:
    if language not in available_languages():
        raise ValueError(language)
    ensure_member(session, team_id, user_id).language = language


def needs_profile(session: Session, *, team_id: str, user_id: str, now: datetime | None = None) -> bool:
    """Whether the member's Slack profile is unknown or a day old, so worth reading again."""
    member = session.get(Member, (team_id, user_id))
    if member is None or member.profile_synced_at is None:
        return True
    return (now or utcnow()) - member.profile_synced_at > PROFILE_MAX_AGE


def apply_profile(
    session: Session,
    team_id: str,
    user: dict[str, Any],
    *,
    joined_at: datetime | None = None,
    first_sync: bool = False,
) -> Member | None:
    """Keep what the bot may keep of a Slack user object (see the privacy notes): no names, no e-mail.

    `joined_at` comes with team_join, Slack's own word that the person has just joined. Someone of
    another organisation (met in a shared channel) is no member: nothing is kept, and a row an
    older version made for them goes, with whatever rights their own organisation's flags gave.
    """
    if not of_this_workspace(user, team_id):
        stray = session.get(Member, (team_id, user["id"]))
        if stray is not None:
            session.delete(stray)
        return None
    known = session.get(Member, (team_id, user["id"])) is not None
    member = ensure_member(session, team_id, user["id"], first_sync=first_sync)
    if joined_at is not None:
        member.joined_at = joined_at
    deleted = bool(user.get("deleted"))
    if not deleted:
        member.deleted_at = None
    elif not member.deleted and known and not first_sync:
        # Deleted now: a member until today. An account first met already deleted (the first reading
        # of the list finds old ones) keeps deleted_at None: never a member in any week.
        member.deleted_at = utcnow()
    member.slack_locale = user.get("locale") or member.slack_locale
    member.timezone = user.get("tz") or member.timezone
    member.is_admin = bool(user.get("is_admin"))
    member.is_owner = bool(user.get("is_owner"))
    member.is_bot = bool(user.get("is_bot")) or user.get("id") == SLACKBOT
    member.deleted = deleted
    member.profile_synced_at = utcnow()
    return member


def never_synced(session: Session, team_id: str) -> bool:
    workspace = session.get(Workspace, team_id)
    return workspace is None or workspace.members_synced_at is None


def mark_synced(session: Session, team_id: str) -> None:
    ensure_workspace(session, team_id).members_synced_at = utcnow()


def is_facilitator(session: Session, team_id: str, user_id: str) -> bool:
    member = session.get(Member, (team_id, user_id))
    return member is not None and member.is_facilitator


def set_facilitator(session: Session, team_id: str, user_id: str, on: bool) -> bool:
    """Give or take the role; returns whether anything changed."""
    member = ensure_member(session, team_id, user_id)
    changed = member.is_facilitator != on
    member.is_facilitator = on
    return changed


def is_workspace_admin(session: Session, team_id: str, user_id: str) -> bool:
    """An admin or owner of the Slack workspace, as its profile last said."""
    member = session.get(Member, (team_id, user_id))
    return member is not None and (member.is_admin or member.is_owner)


def admins(session: Session, team_id: str) -> list[str]:
    """The workspace's admins and owners (humans of this workspace, not deleted), as Slack last said."""
    query = (
        select(Member.user_id)
        .where(
            Member.team_id == team_id,
            or_(Member.is_admin.is_(True), Member.is_owner.is_(True)),
            Member.is_bot.is_(False),
            Member.deleted.is_(False),
        )
        .order_by(Member.user_id)
    )
    return list(session.scalars(query))


def may_manage_settings(session: Session, team_id: str, user_id: str) -> bool:
    """Workspace admins and owners, and facilitators."""
    return is_workspace_admin(session, team_id, user_id) or is_facilitator(session, team_id, user_id)


def facilitators(session: Session, team_id: str) -> list[str]:
    query = (
        select(Member.user_id)
        .where(Member.team_id == team_id, Member.is_facilitator.is_(True))
        .order_by(Member.user_id)
    )
    return list(session.scalars(query))


def languages_of(
    session: Session, team_id: str, user_ids: Iterable[str], workspace_language: str
) -> dict[str, str]:
    """Each member's language (their choice, their Slack locale, the workspace's), read at once."""
    wanted = list(dict.fromkeys(user_ids))
    known: dict[str, LanguageInputs] = {}
    columns = select(Member.user_id, Member.language, Member.slack_locale).where(Member.team_id == team_id)
    # Many people (a pairing round): one read of the workspace beats long IN lists.
    batches = (
        [columns]
        if len(wanted) > IN_BATCH
        else [
            columns.where(Member.user_id.in_(wanted[start : start + IN_BATCH]))
            for start in range(0, len(wanted), IN_BATCH)
        ]
    )
    for query in batches:
        known.update(
            {
                user_id: LanguageInputs(language, locale)
                for user_id, language, locale in session.execute(query)
            }
        )
    return {
        user_id: resolve_language(
            chosen=known[user_id].chosen if user_id in known else None,
            slack_locale=known[user_id].slack_locale if user_id in known else None,
            workspace_language=workspace_language,
        )
        for user_id in wanted
    }
