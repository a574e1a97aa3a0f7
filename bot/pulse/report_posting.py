"""The "in numbers" card posted to the stats channel by a facilitator: claim, post, attach the picture.

The figures come from `bot.pulse.period_report`, the words from `bot.pulse.views.stats`, the picture from
`bot.pulse.report_card`, the claim from `bot.pulse.report_claims`; this module is the Slack side of it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import workspace_settings
from bot.core.db import Database
from bot.core.i18n import Translator, translator
from bot.pulse import period_report, report_card, report_claims
from bot.pulse.report_claims import PeriodKey
from bot.pulse.views.report import report_message, report_title
from bot.slack.effects import claim_send_confirm

log = logging.getLogger(__name__)

NO_CHANNEL = "no_channel"
ALREADY_POSTED = "already_posted"
UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True)
class Outcome:
    channel_id: str | None
    # "posted", "already_posted", "unconfirmed", "no_channel", or Slack's refusal (claim released).
    result: str
    # Posted, but its picture could not be attached (the post stands; the picture is made by hand).
    picture_missing: bool = False

    @property
    def posted(self) -> bool:
        return self.result == "posted"


def post_report(db: Database, client: WebClient, team_id: str, period: PeriodKey) -> Outcome:
    """Post the period's card to `stats_channel` in the workspace's language, once, with its picture."""
    with db.read() as session:
        settings = workspace_settings.load(session, team_id)
        figures = period_report.report(session, team_id, settings.zone, first=period.first, last=period.last)
    channel = settings.stats_channel
    if channel is None:
        return Outcome(None, NO_CHANNEL)
    t = translator(settings.language)
    message = report_message(t, figures)
    # Drawn before the claim: a claim is only ever left behind by a post that may really be out.
    png = report_card.render(figures, t) if figures["since"] is not None else None
    delivery = claim_send_confirm(
        db,
        claim=lambda session: report_claims.claim(session, team_id, period, channel),
        send=lambda: client.chat_postMessage(
            channel=channel, unfurl_links=False, unfurl_media=False, **message
        ),
        # Slack said no, so nothing was posted: the facilitator may mend it and press again.
        release=lambda session: report_claims.release(session, team_id, period, channel),
        confirm=lambda session, response: report_claims.confirm(
            session, team_id, period, channel, response.get("ts")
        ),
    )
    if delivery is None:
        return Outcome(channel, ALREADY_POSTED)
    if delivery.surely_not_sent:
        return Outcome(channel, delivery.error)
    if delivery.maybe_sent:
        log.warning("the report for %s may or may not be in %s (%s)", period, channel, delivery.error)
        return Outcome(channel, UNCONFIRMED)
    attached = png is None or _attach_card(client, channel, png, figures, t)
    log.info("posted the report %s of %s to %s", period, team_id, channel)
    return Outcome(channel, "posted", picture_missing=not attached)


def _attach_card(client: WebClient, channel: str, png: bytes, figures: dict[str, Any], t: Translator) -> bool:
    """True when the picture went with the post. Never tried twice: a 5xx may have shared it."""
    try:
        client.files_upload_v2(
            channel=channel,
            file=png,
            filename=f"in-numbers-{figures['from']}-{figures['to']}.png",
            title=report_title(t, figures),
            alt_txt=report_card.description(figures, t),
            # files.info would need the files:read scope, and the answer is not needed.
            request_file_info=False,
        )
    except SlackApiError as exc:
        log.warning("the report card was not attached: %s", exc.response.get("error"))
        return False
    except Exception:
        log.exception("the report card was not attached")
        return False
    return True
