"""`/thinktank report` and its **Post to channel** button, called directly."""

from __future__ import annotations

from bot.core import ids
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.core.weeks import PeriodError
from bot.facilitation.views.blocks import facilitators_only
from bot.home.views import help as help_views
from bot.pulse.views.report import report_button_unreadable
from handlers import report
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, Respond, context_for

EN = translator("en")


def post_press(rt: Runtime, value: str) -> tuple[Ack, Respond]:
    ack, respond = Ack(), Respond()
    press = p.block_actions(ids.REPORT_POST, value)
    report.post_report(ack, press["actions"][0], context_for(rt), rt.client, respond)
    return ack, respond


def test_three_words_after_report_are_refused_in_the_ack(listener_rt: Runtime) -> None:
    ack, respond = Ack(), Respond()
    report.report_command(ack, context_for(listener_rt), respond, ["2026-01-01", "2026-01-31", "extra"])

    assert ack.once == {"text": help_views.report_usage(EN, PeriodError("extra"))}
    assert respond.calls == []


def test_a_period_is_acked_first_then_answered_to_the_asker_only(listener_rt: Runtime) -> None:
    ack, respond = Ack(), Respond()
    report.report_command(ack, context_for(listener_rt), respond, ["2026-01-01", "2026-01-31"])

    assert ack.once == {}
    assert respond.once["response_type"] == "ephemeral"
    assert respond.once["replace_original"] is False


def test_a_post_button_with_a_value_no_button_of_ours_carries_posts_nothing(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    ack, respond = post_press(listener_rt, "next week, please")

    assert ack.once == {}
    assert respond.once["text"] == report_button_unreadable(EN)
    assert fake_slack.calls_to("chat.postMessage") == []


def test_only_facilitators_post_a_report(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    _ack, respond = post_press(listener_rt, "2026-01-01/2026-01-31")

    assert respond.once["text"] == facilitators_only(EN)
    assert fake_slack.calls_to("chat.postMessage") == []
