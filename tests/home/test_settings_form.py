"""`/thinktank settings`: the form for workspace admins and facilitators, refused to everyone else."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.core import ids, workspace_settings
from bot.core.i18n import available_languages, translator
from bot.core.workspace_settings import WorkspaceSettings
from bot.home.views.settings_form import settings_modal, timezone_options
from bot.members import roster
from models import WorkspaceSetting
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, wait_until
from tests.support.views_check import assert_valid_view

ADMIN = "U0ADMIN001"
FACILITATOR = "U0FACIL001"


def form_values(**changes: str) -> dict:
    raw = {
        "language": "fi",
        "timezone": "Europe/Helsinki",
        "ideas_channel": "C0IDEAS001",
        "stats_channel": None,
        "stats_day": "fri",
        "stats_time": "15:30",
        "reminder_after_hours": "24",
        "stale_after_days": "10",
        "themes": "health, culture, open data",
        "learnings_channel": None,
        "pairing_every_days": "0",
    }
    raw.update(changes)
    values = {
        "language": {ids.INPUT: p.static_select(raw["language"])},
        "timezone": {ids.INPUT: {"type": "external_select", "selected_option": p.option(raw["timezone"])}},
        "stats_day": {ids.INPUT: p.static_select(raw["stats_day"])},
        "stats_time": {ids.INPUT: {"type": "timepicker", "selected_time": raw["stats_time"]}},
    }
    for key in ("ideas_channel", "stats_channel", "learnings_channel"):
        values[key] = {ids.INPUT: {"type": "conversations_select", "selected_conversation": raw[key]}}
    for key in ("reminder_after_hours", "stale_after_days", "pairing_every_days"):
        values[key] = {ids.INPUT: {"type": "number_input", "value": raw[key]}}
    values["themes"] = {ids.INPUT: p.plain_input(raw["themes"])}
    return values


def stored(bot: BotUnderTest) -> dict[str, str]:
    with bot.db.read() as session:
        return {row.key: row.value for row in session.scalars(select(WorkspaceSetting))}


def test_the_form_is_valid_in_every_language() -> None:
    for language in available_languages():
        t = translator(language)
        assert_valid_view(settings_modal(t, WorkspaceSettings()))
        assert_valid_view(settings_modal(t, WorkspaceSettings(ideas_channel="C1"), facilitators=["U1", "U2"]))


def test_time_zones_are_found_by_part_of_their_name() -> None:
    assert [o["value"] for o in timezone_options("hels")] == ["Europe/Helsinki"]
    assert len(timezone_options("a")) == 100


def test_an_ordinary_member_is_refused_and_no_form_opens(bot: BotUnderTest) -> None:
    bot.send(p.slash_command("/thinktank", "settings", response_url=bot.fake.response_url()))

    (answer,) = bot.fake.wait_for("response_url")
    assert "Only workspace admins and facilitators" in answer.params["text"]
    assert bot.fake.calls_to("views.open") == []


def test_a_facilitator_changes_the_settings(bot: BotUnderTest) -> None:
    with bot.db.session() as session:
        roster.set_facilitator(session, p.TEAM_ID, FACILITATOR, True)

    bot.send(p.slash_command("/thinktank", "settings", user_id=FACILITATOR))
    (opened,) = bot.fake.wait_for("views.open")
    form = opened.json("view")
    assert_valid_view(form)
    assert "facilitators" not in [b.get("block_id") for b in form["blocks"]], (
        "only admins choose facilitators"
    )

    reply = bot.send(
        p.view_submission(
            ids.SETTINGS_MODAL, form_values(), private_metadata=form["private_metadata"], user_id=FACILITATOR
        )
    )

    assert not reply.errors
    wait_until(lambda: stored(bot).get("language") == "fi")
    assert stored(bot) == {
        "language": "fi",
        "timezone": "Europe/Helsinki",
        "ideas_channel": "C0IDEAS001",
        "stats_schedule": "fri 15:30",
        "reminder_after_hours": "24",
        "stale_after_days": "10",
        "themes": "health,culture,open data",
        "pairing_every_days": "0",
    }
    with bot.db.read() as session:
        assert workspace_settings.load(session, p.TEAM_ID).themes == ("health", "culture", "open data")


def test_bad_values_come_back_as_errors_and_nothing_is_saved(bot: BotUnderTest) -> None:
    with bot.db.session() as session:
        roster.set_facilitator(session, p.TEAM_ID, FACILITATOR, True)

    values = form_values(
        timezone="Mars/Olympus", reminder_after_hours="100000", themes=" , ", stats_time="9am"
    )
    reply = bot.send(p.view_submission(ids.SETTINGS_MODAL, values, user_id=FACILITATOR))

    assert set(reply.errors) == {"timezone", "reminder_after_hours", "themes", "stats_time"}
    assert stored(bot) == {}


def test_an_admin_also_chooses_the_facilitators_and_a_forged_form_changes_nothing(bot: BotUnderTest) -> None:
    bot.fake.add_user(ADMIN, is_admin=True)
    bot.send(p.slash_command("/thinktank", "settings", user_id=ADMIN))
    form = bot.fake.wait_for("views.open")[0].json("view")
    assert "facilitators" in [b.get("block_id") for b in form["blocks"]]

    values = form_values()
    values["facilitators"] = {
        ids.INPUT: {"type": "multi_users_select", "selected_users": [FACILITATOR, "U0OTHER001"]}
    }
    bot.send(
        p.view_submission(
            ids.SETTINGS_MODAL, values, private_metadata=form["private_metadata"], user_id=ADMIN
        )
    )
    wait_until(lambda: stored(bot).get("language") == "fi")
    with bot.db.read() as session:
        assert roster.facilitators(session, p.TEAM_ID) == [FACILITATOR, "U0OTHER001"]

    forged = bot.send(
        p.view_submission(
            ids.SETTINGS_MODAL,
            form_values(language="en"),
            private_metadata=json.dumps({"facilitators": True}),
            user_id="U0NOBODY01",
        )
    )
    assert forged.errors and stored(bot)["language"] == "fi"


def test_the_time_zone_menu_answers_what_is_typed(bot: BotUnderTest) -> None:
    suggestion = {
        "type": "block_suggestion",
        "user": {"id": FACILITATOR, "team_id": p.TEAM_ID},
        "team": {"id": p.TEAM_ID},
        "api_app_id": p.API_APP_ID,
        "token": "x",
        "action_id": ids.INPUT,
        "block_id": "timezone",
        "value": "helsin",
        "container": {"type": "view", "view_id": "V0VIEW0001"},
        "view": {"id": "V0VIEW0001", "type": "modal"},
    }

    reply = bot.send(suggestion)

    assert [o["value"] for o in reply.body["options"]] == ["Europe/Helsinki"]
