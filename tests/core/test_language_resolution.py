"""Which language a member reads: Slack has no Finnish or Swedish interface, so an English Slack locale
gives way to the workspace language, and a member who never chose follows the workspace."""

from __future__ import annotations

from bot.core.preferences import Preferences
from bot.core.workspace_settings import set_value
from bot.members import roster
from models import utcnow
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, wait_until


def _member_with_locale(db, user_id: str, locale: str | None) -> None:
    with db.session() as session:
        member = roster.ensure_member(session, p.TEAM_ID, user_id)
        member.slack_locale, member.profile_synced_at = locale, utcnow()


def test_a_finn_with_an_english_slack_reads_the_workspace_language_and_follows_its_changes(db) -> None:
    _member_with_locale(db, "U0SEPPO001", "en-GB")
    with db.session() as session:
        set_value(session, p.TEAM_ID, "language", "fi")
    prefs = Preferences(db)
    assert prefs.language(p.TEAM_ID, "U0SEPPO001") == "fi"

    with db.session() as session:
        set_value(session, p.TEAM_ID, "language", "sv")
    prefs.forget(p.TEAM_ID)
    assert prefs.language(p.TEAM_ID, "U0SEPPO001") == "sv"


def test_a_swedish_slack_locale_still_wins_over_a_finnish_workspace_and_a_choice_over_both(db) -> None:
    _member_with_locale(db, "U0ASTRID01", "sv-FI")
    _member_with_locale(db, "U0JOHN0001", "en-US")
    with db.session() as session:
        set_value(session, p.TEAM_ID, "language", "fi")
        roster.choose_language(session, p.TEAM_ID, "U0JOHN0001", "en")
    prefs = Preferences(db)
    assert prefs.language(p.TEAM_ID, "U0ASTRID01") == "sv"
    assert prefs.language(p.TEAM_ID, "U0JOHN0001") == "en"
    with db.session() as session:
        assert roster.languages_of(session, p.TEAM_ID, ["U0ASTRID01", "U0JOHN0001", "U0NOBODY01"], "fi") == {
            "U0ASTRID01": "sv",
            "U0JOHN0001": "en",
            "U0NOBODY01": "fi",
        }


def test_an_unknown_slack_locale_falls_through_to_the_workspace(db) -> None:
    _member_with_locale(db, "U0KLINGON1", "tlh-KX")
    with db.session() as session:
        set_value(session, p.TEAM_ID, "language", "fi")
    assert Preferences(db).language(p.TEAM_ID, "U0KLINGON1") == "fi"


def test_a_member_whose_slack_is_in_english_gets_help_in_finnish_in_a_finnish_workspace(
    bot: BotUnderTest,
) -> None:
    bot.fake.add_user(p.USER_ID, locale="en-US", tz="Europe/Helsinki")
    with bot.db.session() as session:
        set_value(session, p.TEAM_ID, "language", "fi")
    bot.rt.prefs.forget(p.TEAM_ID)

    bot.send(p.slash_command("/thinktank", "help"))

    def locale_stored() -> bool:
        with bot.db.session() as session:
            return roster.language_inputs(session, p.TEAM_ID, p.USER_ID).slack_locale == "en-US"

    wait_until(locale_stored, message="the English Slack locale is stored")
    bot.rt.prefs.forget(p.TEAM_ID, p.USER_ID)
    reply = bot.send(p.slash_command("/thinktank", "help"))
    assert "auttaa" in reply.text and "Think Tank" in reply.text
