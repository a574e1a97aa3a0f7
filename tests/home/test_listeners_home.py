"""The App Home, /thinktank and the settings form: their listeners called directly."""

from __future__ import annotations

from bot.core import ids
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.home.views import help as help_views
from bot.ideas.views import notices
from handlers import home, settings, thinktank
from models.member import Member
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, Respond, context_for

EN = translator("en")


def language_of(rt: Runtime, user_id: str = p.USER_ID) -> str | None:
    with rt.db.read() as session:
        member = session.get(Member, (p.TEAM_ID, user_id))
        return member.language if member else None


def thinktank_command(rt: Runtime, text: str) -> tuple[Ack, Respond]:
    ack, respond = Ack(), Respond()
    thinktank.thinktank_command(ack, p.slash_command("/thinktank", text), context_for(rt), rt.client, respond)
    return ack, respond


def test_opening_the_home_tab_publishes_it_for_that_member(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    home.home_opened(p.app_home_opened_event(), listener_rt.client, context_for(listener_rt))

    (published,) = fake_slack.calls_to("views.publish")
    assert published.params["user_id"] == p.USER_ID
    assert published.json("view")["type"] == "home"


def test_opening_the_messages_tab_publishes_nothing(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    home.home_opened(p.app_home_opened_event(tab="messages"), listener_rt.client, context_for(listener_rt))

    assert fake_slack.calls_to("views.publish") == []


def test_thinktank_alone_answers_with_the_help_in_the_ack(listener_rt: Runtime) -> None:
    ack, respond = thinktank_command(listener_rt, "")

    assert ack.once == {"text": help_views.thinktank_help(EN)}
    assert respond.calls == []


def test_a_subcommand_that_takes_nothing_more_says_so(listener_rt: Runtime) -> None:
    ack, _respond = thinktank_command(listener_rt, "stats please")

    assert ack.once == {"text": help_views.takes_nothing_more(EN, "/thinktank", "stats")}


def test_choosing_a_language_keeps_it_and_answers_in_it(listener_rt: Runtime) -> None:
    ack, _respond = thinktank_command(listener_rt, "language fi")

    assert ack.once == {"text": notices.language_changed(translator("fi"))}
    assert language_of(listener_rt) == "fi"
    assert listener_rt.prefs.translator(p.TEAM_ID, p.USER_ID).language == "fi"


def test_an_unknown_language_is_refused_with_the_usage(listener_rt: Runtime) -> None:
    ack, _respond = thinktank_command(listener_rt, "language klingon")

    assert ack.once == {"text": help_views.language_usage(EN)}
    assert language_of(listener_rt) is None


def test_the_home_language_menu_keeps_the_choice_and_redraws_the_home_tab(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    ack = Ack()
    press = p.block_actions(
        ids.HOME_LANGUAGE,
        view={"type": "home"},
        action_type="static_select",
        action_fields={"selected_option": p.option("sv")},
    )
    thinktank.language_from_home(ack, press["actions"][0], listener_rt.client, context_for(listener_rt))

    assert ack.once == {}
    assert language_of(listener_rt) == "sv"
    (published,) = fake_slack.calls_to("views.publish")
    assert published.params["user_id"] == p.USER_ID


def test_settings_sent_by_someone_who_may_not_change_them_are_refused(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    ack = Ack()
    form = p.view_submission(ids.SETTINGS_MODAL, {})
    settings.save_settings(ack, form["view"], listener_rt.client, context_for(listener_rt))

    assert ack.once == {
        "response_action": "errors",
        "errors": {"language": "Only workspace admins and facilitators can change the settings."},
    }
    assert fake_slack.calls_to("chat.postMessage") == []


def test_the_time_zone_menu_offers_matching_zones(listener_rt: Runtime) -> None:
    ack = Ack()
    settings.timezone_choices(ack, {"value": "Helsinki"})

    assert "Europe/Helsinki" in str(ack.once["options"])
