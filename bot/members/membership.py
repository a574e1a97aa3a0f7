"""Who is a member: the one place that decides it, from what Slack sends (pure, no database).

A member is a human account of this workspace. Bots, Slackbot and the app itself are not; nor is a
person of another organisation met in a channel shared with it (Slack Connect): they are never
counted, welcomed or given rights, whatever their own organisation's profile says (`is_admin`).
"""

from __future__ import annotations

from typing import Any

SLACKBOT = "USLACKBOT"
# Message subtypes that are a person writing; edits, deletions, joins and bot posts are not.
PERSON_SUBTYPES = (None, "thread_broadcast", "file_share")


def of_this_workspace(user: dict[str, Any], team_id: str) -> bool:
    """A Slack user object (users.info, users.list, team_join, user_change) of this workspace.

    Slack gives an outsider's object with their own organisation's `team_id`; on Enterprise Grid a
    member's home workspace may differ, and the workspaces they belong to are listed."""
    home = user.get("team_id")
    teams = (user.get("enterprise_user") or {}).get("teams") or []
    return (home in (None, team_id) or team_id in teams) and not user.get("is_stranger")


def is_human(user: dict[str, Any]) -> bool:
    return not (user.get("is_bot") or user.get("is_app_user") or user.get("id") == SLACKBOT)


def is_member_profile(user: dict[str, Any], team_id: str) -> bool:
    return is_human(user) and of_this_workspace(user, team_id)


def sender_from_elsewhere(body: dict[str, Any]) -> bool:
    """Whether a request from Slack comes from someone of another organisation.

    Events in a shared channel name the sender's organisation (`user_team`, else `team`) beside the
    workspace the event is delivered to (`team_id`); buttons and forms carry `user.team_id`."""
    here = _receiving_team(body)
    if here is None:
        return False
    event = body.get("event") if body.get("type") == "event_callback" else None
    if isinstance(event, dict):
        theirs = event.get("user_team") or event.get("team")
    else:
        user = body.get("user")
        theirs = user.get("team_id") if isinstance(user, dict) else None
    enterprise = body.get("enterprise_id") or (body.get("enterprise") or {}).get("id")
    return isinstance(theirs, str) and theirs not in (here, enterprise)


def is_person_message(event: dict[str, Any], bot_user_id: str | None = None) -> bool:
    """A message a person wrote (not an edit, a join, a bot's post, Slackbot or the app itself)."""
    user = event.get("user")
    return (
        event.get("subtype") in PERSON_SUBTYPES
        and not event.get("bot_id")
        and isinstance(user, str)
        and bool(user)
        and user not in (SLACKBOT, bot_user_id)
    )


def _receiving_team(body: dict[str, Any]) -> str | None:
    team = body.get("team_id")
    if isinstance(team, str):
        return team
    team = body.get("team")
    if isinstance(team, dict) and isinstance(team_id := team.get("id"), str):
        return team_id
    return None
