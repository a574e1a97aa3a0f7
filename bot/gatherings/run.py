"""The Slack side of gatherings: the announcement (once, claimed on the gathering), the next week's
occurrence of a weekly series, and the reminder DM an hour before (once per person, claimed on
their answer). The rules are in the other `bot.gatherings` modules, the words in
`bot.gatherings.views`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.runtime import Runtime
from bot.gatherings import announcement, attendance, changes, details, series
from bot.gatherings.details import GatheringData
from bot.gatherings.views import messages, replies
from bot.ideas.posting import dm_at_most_once, tell
from bot.slack import effects

log = logging.getLogger(__name__)


def announce(
    rt: Runtime, client: WebClient, team_id: str, gathering_id: int, *, from_form: bool = True
) -> bool:
    """Post the announcement once; a 5xx keeps the claim, since the post may be out.

    A refusal of a gathering just planned forgets it (nobody saw it) and asks its organiser to plan
    it again. A refusal of a weekly series' next occurrence keeps it, unannounced and not tried again,
    so the series does not make it afresh every few minutes: its organiser hears once a week at most."""
    with rt.db.session() as session:
        if not announcement.claim_announcement(session, team_id, gathering_id):
            return False
        gathering = details.get(session, team_id, gathering_id)
    if gathering is None:
        return False  # gone (its workspace purged) between the claim and now
    t = rt.prefs.workspace_translator(team_id)
    zone = rt.prefs.workspace(team_id).zone
    try:
        response = client.chat_postMessage(
            channel=gathering.channel_id,
            unfurl_links=False,
            unfurl_media=False,
            **messages.announcement(t, gathering, zone),
        )
    except SlackApiError as exc:
        if exc.response.status_code >= 500:
            raise
        if from_form:
            with rt.db.session() as session:
                announcement.forget_unannounced(session, team_id, gathering_id)
        error = str(exc.response.get("error") or "unknown_error")
        if gathering.organiser_id:
            told = rt.prefs.translator(team_id, gathering.organiser_id)
            if from_form:
                message = replies.not_announced(told, gathering.title, gathering.channel_id, error)
            else:
                message = replies.next_not_announced(told, gathering.title, gathering.channel_id, error)
            tell(client, gathering.organiser_id, {"text": message})
        return False
    with rt.db.session() as session:
        announcement.announced(session, team_id, gathering_id, response.get("ts"))
    return True


@dataclass
class RunReport:
    announced: list[int] = field(default_factory=list)
    reminded: list[tuple[int, str]] = field(default_factory=list)


def run(rt: Runtime, client: WebClient, team_id: str) -> RunReport:
    """The scheduled pass (every few minutes): next occurrences of weekly series, then reminders."""
    report = RunReport()
    zone = rt.prefs.workspace(team_id).zone
    with rt.db.session() as session:
        made = series.continue_series(session, team_id, zone)
    for gathering_id in made:
        try:
            if announce(rt, client, team_id, gathering_id, from_form=False):
                report.announced.append(gathering_id)
        except Exception:
            # Slack failed on its side: the post may be out, so the claim stays; the reminders go on.
            log.exception("next week's gathering %s of %s may not have been announced", gathering_id, team_id)
    with rt.db.read() as session:
        due = attendance.due_reminders(session, team_id)
    for gathering_id, user_id in due:
        with rt.db.read() as session:
            gathering = details.get(session, team_id, gathering_id)
        if gathering is None:
            continue  # gone (its workspace purged) since the reminders were read
        if _remind(rt, client, gathering, user_id=user_id, zone=zone):
            report.reminded.append((gathering_id, user_id))
    return report


def _remind(
    rt: Runtime, client: WebClient, gathering: GatheringData, *, user_id: str, zone: ZoneInfo
) -> bool:
    """The reminder DM, claimed on the person's answer; released only when Slack surely did not take
    it, so the next pass within the hour tries again. False when claimed before or not sent."""
    team_id, gathering_id = gathering.team_id, gathering.id
    message = messages.reminder(rt.prefs.translator(team_id, user_id), gathering, zone)
    delivery = effects.claim_send_confirm(
        rt.db,
        claim=lambda session: attendance.claim_reminder(
            session, team_id=team_id, gathering_id=gathering_id, user_id=user_id
        ),
        send=lambda: client.chat_postMessage(channel=user_id, unfurl_links=False, **message),
        release=lambda session: attendance.release_reminder(
            session, team_id=team_id, gathering_id=gathering_id, user_id=user_id
        ),
    )
    if delivery is None:
        return False
    if delivery.surely_not_sent:
        log.warning("reminder to %s not sent: %s", user_id, delivery.error)
    elif delivery.maybe_sent:
        log.warning("reminder to %s may not have arrived (%s)", user_id, delivery.error)
    return not delivery.surely_not_sent


def tell_changed(rt: Runtime, client: WebClient, team_id: str, gathering_id: int) -> list[str]:
    """Tell each person coming of the gathering's latest change (moved, or cancelled), once each:
    claimed per person and version, so a double submit or a second process tells nobody twice."""
    zone = rt.prefs.workspace(team_id).zone
    with rt.db.read() as session:
        gathering = details.get(session, team_id, gathering_id)
        waiting = changes.to_tell(session, team_id, gathering_id) if gathering else []
    told: list[str] = []
    if gathering is None:
        return told
    for user_id in waiting:
        with rt.db.session() as session:
            if not changes.claim_told(
                session,
                team_id=team_id,
                gathering_id=gathering_id,
                user_id=user_id,
                version=gathering.version,
            ):
                continue
        if dm_at_most_once(
            client, user_id, messages.changed(rt.prefs.translator(team_id, user_id), gathering, zone)
        ):
            told.append(user_id)
    return told
