"""Languages: which one a member reads, and catalogues that are complete and in step with the code."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from sqlalchemy import select

from bot.core.i18n import available_languages, language_of_locale, locales_dir, resolve_language, translator
from bot.core.preferences import Preferences
from bot.core.workspace_settings import set_value
from bot.members import roster
from models import Member
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, wait_until

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "pgettext": ((1, "c"), 2)}


def catalogue(language: str):
    with (locales_dir() / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def source_message_ids(project_root) -> set[str]:
    ids: set[str] = set()
    for folder in ("bot", "handlers"):
        for _file, _line, message, *_rest in extract_from_dir(
            project_root / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_english_finnish_and_swedish_are_available() -> None:
    assert available_languages()[0] == "en"
    assert {"en", "fi", "sv"} <= set(available_languages())


def test_a_swedish_speaker_reads_swedish_from_their_slack_locale_or_their_choice() -> None:
    assert language_of_locale("sv-SE") == "sv" and language_of_locale("sv-FI") == "sv"
    assert resolve_language(chosen=None, slack_locale="sv-FI", workspace_language="fi") == "sv"
    assert "svenska" in translator("sv").gettext("Done! I'll use English with you from now on.")
    assert translator("sv").gettext("a former member") != "a former member"


@pytest.mark.parametrize("language", available_languages())
def test_every_catalogue_translates_every_message_of_the_code(language: str, project_root) -> None:
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue(language) if m.id}
    missing = sorted(source_message_ids(project_root) - set(translated))
    empty = sorted(
        i
        for i, m in translated.items()
        if not m.string or (isinstance(m.string, tuple) and not all(m.string))
    )
    fuzzy = sorted(i for i, m in translated.items() if m.fuzzy)
    assert missing == [], f"{language}: not in the catalogue (run `make messages`)"
    assert empty == [], f"{language}: left empty"
    assert fuzzy == [], f"{language}: marked fuzzy, needs a translator's look"


@pytest.mark.parametrize("language", available_languages())
def test_translations_keep_their_placeholders(language: str) -> None:
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue(language).check() if errors]
    assert problems == []


def test_the_template_lists_every_message_of_the_code(project_root) -> None:
    with (locales_dir() / "messages.pot").open("rb") as pot:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}
    assert source_message_ids(project_root) == template, "run `make messages` to refresh locales/messages.pot"


def test_modal_titles_and_buttons_fit_slack_in_every_language() -> None:
    for language in available_languages():
        t = translator(language)
        for text in ("Pitch an idea", "Pitch it", "Cancel", "Add a perspective", "Share"):
            assert len(t.gettext(text)) <= 24, (language, text)


def test_the_confirmation_of_a_language_choice_is_in_that_language() -> None:
    assert "English" in translator("en").gettext("Done! I'll use English with you from now on.")
    assert "suomea" in translator("fi").gettext("Done! I'll use English with you from now on.")


@pytest.mark.parametrize(
    ("chosen", "locale", "workspace", "expected"),
    [
        ("fi", "en-US", "en", "fi"),  # the member's own choice wins
        (None, "fi-FI", "en", "fi"),  # then their Slack locale, when supported
        (None, "sv-FI", "fi", "sv"),  # ...and not English
        (None, "en-US", "fi", "fi"),  # Slack has no Finnish: an English locale yields to the workspace
        (None, "en-GB", "sv", "sv"),
        ("en", "en-GB", "fi", "en"),  # unless the member chose English themselves
        (None, "en-US", None, "en"),
        (None, "tlh-KX", "fi", "fi"),  # a locale never seen before falls through too
        (None, "", "sv", "sv"),
        (None, "de-DE", "fi", "fi"),  # an unsupported locale falls through to the workspace
        (None, None, "fi", "fi"),
        (None, None, None, "en"),  # and English in the end
        ("xx", "yy-YY", "zz", "en"),
    ],
)
def test_a_members_language(chosen, locale, workspace, expected) -> None:
    assert resolve_language(chosen=chosen, slack_locale=locale, workspace_language=workspace) == expected


def test_slack_locales_map_to_languages() -> None:
    assert language_of_locale("fi-FI") == "fi"
    assert language_of_locale("en_GB") == "en"
    assert language_of_locale("pt-BR") is None
    assert language_of_locale(None) is None


def test_dates_and_numbers_follow_the_language() -> None:
    from datetime import date

    assert translator("fi").number(10000) == "10\xa0000"
    assert translator("en").number(10000) == "10,000"
    assert translator("fi").date(date(2026, 11, 23)) == "23.11.2026"


def test_preferences_resolve_and_forget(db) -> None:
    prefs = Preferences(db)
    assert prefs.language(p.TEAM_ID, p.USER_ID) == "en"
    with db.session() as session:
        set_value(session, p.TEAM_ID, "language", "fi")
    prefs.forget(p.TEAM_ID)
    assert prefs.language(p.TEAM_ID, p.USER_ID) == "fi"
    with db.session() as session:
        roster.choose_language(session, p.TEAM_ID, p.USER_ID, "en")
    prefs.forget(p.TEAM_ID, p.USER_ID)
    assert prefs.language(p.TEAM_ID, p.USER_ID) == "en"


def test_thinktank_language_changes_what_the_member_reads(bot: BotUnderTest) -> None:
    reply = bot.send(p.slash_command("/thinktank", "language fi"))

    assert "suomea" in reply.text
    bot.send(p.slash_command("/pitch"))
    (call,) = bot.fake.wait_for("views.open")
    assert call.json("view")["title"]["text"] == translator("fi").gettext("Pitch an idea")


def test_a_bad_language_gets_the_usage_and_changes_nothing(bot: BotUnderTest) -> None:
    reply = bot.send(p.slash_command("/thinktank", "language klingon"))

    assert "/thinktank language fi" in reply.text
    with bot.db.session() as session:
        assert session.scalar(select(Member.language).where(Member.user_id == p.USER_ID)) is None


def test_the_slack_locale_is_learnt_after_the_first_request(bot: BotUnderTest) -> None:
    bot.fake.add_user(p.USER_ID, locale="fi-FI", tz="Europe/Helsinki")

    bot.send(p.slash_command("/thinktank", "help"))

    def learnt() -> bool:
        with bot.db.session() as session:
            return session.scalar(select(Member.slack_locale).where(Member.user_id == p.USER_ID)) == "fi-FI"

    wait_until(learnt, message="the member's locale is stored")
    (users_info,) = bot.fake.calls_to("users.info")
    assert users_info.params.get("include_locale") in (True, "true", "1", 1)
    # The cached language is forgotten just after the profile is stored, so allow a moment.
    reply = wait_until(
        lambda: (r := bot.send(p.slash_command("/thinktank", "help"))) and "auttaa" in r.text and r,
        message="help in Finnish",
    )
    assert "Think Tank" in reply.text


def test_english_says_exactly_what_the_code_says() -> None:
    wrong = [m.id for m in catalogue("en") if m.id and m.string != m.id and not isinstance(m.id, tuple)]
    wrong += [m.id for m in catalogue("en") if isinstance(m.id, tuple) and tuple(m.string) != m.id]
    assert wrong == [], "run `make messages`"
