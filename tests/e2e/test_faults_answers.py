"""Faults met by forms and answers (issue 15): a form sent while the database is down stays open with
everything in it and stores nothing until it is sent again; the error handler answers in the
member's own language and logs one line; after "Erase my data" no Home tab names the member.
Each runs on SQLite and, with TEST_DATABASE_URL, PostgreSQL."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from sqlalchemy import select

from bot.core import ids
from bot.core.db import Database
from bot.core.i18n import translator
from bot.facilitation import attention
from bot.home.views import help as help_views
from bot.ideas.views import notices
from bot.members import roster
from models import Idea, IdeaFollow, WorkspaceSetting, utcnow
from tests.home.test_settings_form import form_values
from tests.support import slack_payloads as p
from tests.support.faults import database_outage
from tests.support.harness import BotUnderTest, Reply, wait_until
from tests.support.pitching import pitch_values, submit_pitch

ADMIN = "U0ADMIN001"

# What the error handler says, in English as written in bot/ideas/views/notices.py: the message ids
# the catalogues translate.
FORM_TOO_LATE = (
    "Sorry, Slack closed the form before I could open it (it gives me only three seconds). "
    "Please try again; it usually opens the second time."
)
STORAGE_DOWN = (
    "Sorry, I can't reach my database right now, so nothing was saved or changed. "
    "Please try again in a few minutes."
)
NOT_SAVED_FORM_OPEN = (
    "Not saved yet: I can't reach my database right now. Everything you wrote is still here; "
    "please press the button again in a minute."
)


def a_member(db: Database, user_id: str, *, admin: bool = False) -> None:
    """Someone the bot knows, their Slack profile read today (so no background read of it races
    with what a test sends), a workspace admin if `admin`."""
    with db.session() as session:
        member = roster.ensure_member(session, p.TEAM_ID, user_id)
        member.is_admin = admin
        member.profile_synced_at = utcnow()


def input_blocks(form: dict[str, Any]) -> set[str]:
    return {b["block_id"] for b in form["blocks"] if b.get("type") == "input" and "block_id" in b}


def send_form(
    bot: BotUnderTest, form: dict[str, Any], values: dict[str, Any], *, user_id: str = p.USER_ID
) -> Reply:
    """Send a form the bot opened, as Slack sends it back: the same view, its blocks and metadata."""
    return bot.send(
        p.view_submission(
            form["callback_id"],
            values,
            private_metadata=form.get("private_metadata", ""),
            blocks=form["blocks"],
            user_id=user_id,
            view_id=form.get("id") or "V0THEFORM01",
        )
    )


def kept_open_saying(reply: Reply, form: dict[str, Any], text: str) -> None:
    """The form is not closed: Slack is asked to show an error on one of its fields, and the person's
    words stay in it."""
    assert reply.status == 200
    assert reply.body["response_action"] == "errors"
    ((block_id, message),) = reply.errors.items()
    assert block_id in input_blocks(form)
    assert message == text


# ---------------------------------------------------------------- the settings form during an outage


def stored_settings(db: Database) -> dict[str, str]:
    with db.read() as session:
        return {row.key: row.value for row in session.scalars(select(WorkspaceSetting))}


def test_settings_sent_while_the_database_is_down_stay_in_the_open_form_and_are_saved_when_sent_again(
    bot: BotUnderTest,
) -> None:
    a_member(bot.db, ADMIN, admin=True)
    bot.send(p.slash_command("/thinktank", "settings", user_id=ADMIN))
    form = bot.fake.wait_for("views.open")[0].json("view")
    bot.settled()
    values = form_values(language="fi", themes="health, culture")

    with database_outage(bot.db) as outage:
        reply = send_form(bot, form, values, user_id=ADMIN)
        assert outage.refused >= 1
        bot.settled()

    kept_open_saying(reply, form, notices.not_saved_form_open(translator("en")))
    assert stored_settings(bot.db) == {}
    assert bot.fake.calls_to("chat.postMessage") == []  # nobody is told "saved"

    again = send_form(bot, form, values, user_id=ADMIN)

    assert again.status == 200 and again.errors == {}
    assert stored_settings(bot.db)["language"] == "fi"  # saved before the ack
    assert stored_settings(bot.db)["themes"] == "health,culture"
    (saved,) = bot.fake.wait_for("chat.postMessage")
    assert saved.params["channel"] == ADMIN


# ---------------------------------------------------------------- the card's Edit during an outage


def titles(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Idea.title).order_by(Idea.number)))


def posted_pitch(bot: BotUnderTest, title: str, *, user_id: str = p.USER_ID) -> tuple[int, str]:
    """A pitch by `user_id`, its card in the ideas channel: (the idea's id, the card's ts)."""
    submit_pitch(bot, title=title, user_id=user_id)

    def placed() -> tuple[int, str] | None:
        with bot.db.read() as session:
            row = session.execute(select(Idea.id, Idea.message_ts).where(Idea.title == title)).first()
        return (row[0], row[1]) if row and row[1] else None

    idea: tuple[int, str] = wait_until(placed, message="the card's place is kept")
    bot.settled()
    bot.fake.reset()
    return idea


def test_an_edit_sent_while_the_database_is_down_stays_in_the_open_form_and_is_saved_when_sent_again(
    bot: BotUnderTest,
) -> None:
    idea_id, ts = posted_pitch(bot, "Old name")
    bot.send(
        p.block_actions(
            ids.CARD_MENU,
            action_type="overflow",
            action_fields={"selected_option": p.option(f"{ids.EDIT}:{idea_id}", "Edit")},
            message_ts=ts,
        )
    )
    form = bot.fake.wait_for("views.open")[0].json("view")
    bot.settled()
    edited = pitch_values(title="Allotment gardens", description="Now with a plan")

    with database_outage(bot.db) as outage:
        reply = send_form(bot, form, edited)
        assert outage.refused >= 1
        bot.settled()

    kept_open_saying(reply, form, notices.not_saved_form_open(translator("en")))
    assert titles(bot.db) == ["Old name"]
    assert bot.fake.calls_to("chat.update") == []

    again = send_form(bot, form, edited)

    assert again.status == 200 and again.errors == {}
    assert titles(bot.db) == ["Allotment gardens"]
    (redrawn,) = bot.fake.wait_for("chat.update")
    assert redrawn.params["ts"] == ts and "Allotment gardens" in str(redrawn.params["blocks"])


# ---------------------------------------------------------------- the apology in the member's language


def speaking(bot: BotUnderTest, language: str, *, admin: bool = False) -> None:
    """The member chooses their language with /thinktank language; their next command is answered
    in it (which also leaves it in the bot's memory, all it has while the database is down)."""
    a_member(bot.db, p.USER_ID, admin=admin)
    chosen = bot.send(p.slash_command("/thinktank", f"language {language}"))
    assert chosen.text == notices.language_changed(translator(language))
    assert bot.send(p.slash_command("/thinktank", "help")).text == help_views.thinktank_help(
        translator(language)
    )
    bot.settled()


def a_form_slack_will_not_open(bot: BotUnderTest) -> str:
    """/thinktank settings, with Slack answering views.open expired_trigger_id: told after the ack."""
    bot.fake.error_next("views.open", "expired_trigger_id")
    bot.send(p.slash_command("/thinktank", "settings", response_url=bot.fake.response_url()))
    (answer,) = bot.fake.wait_for("response_url")
    bot.settled()
    return str(answer.params["text"])


def a_command_during_an_outage(bot: BotUnderTest) -> str:
    """/idea follow 1 while the database refuses connections: told in the command's ack."""
    with database_outage(bot.db):
        reply = bot.send(p.slash_command("/idea", "follow 1"))
        bot.settled()
    return reply.text


def a_form_during_an_outage(bot: BotUnderTest) -> str:
    """The pitch form sent while the database refuses connections: told on the open form."""
    bot.send(p.slash_command("/pitch"))
    form = bot.fake.wait_for("views.open")[-1].json("view")
    bot.settled()
    with database_outage(bot.db):
        reply = send_form(bot, form, pitch_values(title="Rain gardens"))
        bot.settled()
    ((_block, message),) = reply.errors.items()
    return str(message)


FAILURES = {
    "a form Slack will not open": (a_form_slack_will_not_open, FORM_TOO_LATE),
    "a command during an outage": (a_command_during_an_outage, STORAGE_DOWN),
    "a form sent during an outage": (a_form_during_an_outage, NOT_SAVED_FORM_OPEN),
}


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("failure", list(FAILURES))
def test_the_apology_is_in_the_members_own_language(
    http_bot: BotUnderTest, failure: str, language: str
) -> None:
    speaking(http_bot, language, admin=True)  # an admin, so the settings form is theirs to open
    fail, english = FAILURES[failure]

    said = fail(http_bot)

    assert translator(language).gettext(english) != english, f"no {language} text for {english!r}"
    assert said == translator(language).gettext(english)


# ---------------------------------------------------------------- one log line per failure


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_failure_is_logged_in_exactly_one_line(
    http_bot: BotUnderTest, failure: str, caplog: pytest.LogCaptureFixture
) -> None:
    a_member(http_bot.db, p.USER_ID, admin=True)
    fail, english = FAILURES[failure]

    with caplog.at_level(logging.DEBUG, logger="handlers.errors"):
        caplog.clear()
        said = fail(http_bot)

    assert said == translator("en").gettext(english)  # it did fail, and the person was told
    lines = [r for r in caplog.records if r.name == "handlers.errors" and r.levelno >= logging.WARNING]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    (line,) = lines
    assert line.levelno == logging.ERROR
    assert "\n" not in line.getMessage() and line.exc_info is None  # one line: no traceback in it


# ---------------------------------------------------------------- no Home tab names an erased member


ERASED, FOLLOWER, FACILITATOR = "U0ERASED01", "U0FOLLOW01", "U0FACIL001"


def home_of(bot: BotUnderTest, user_id: str) -> str:
    """The member opens the App Home: the Home tab published for them, as JSON."""
    before = len(bot.fake.calls_to("views.publish"))
    bot.send(p.event_callback(p.app_home_opened_event(user_id=user_id)))
    published = bot.fake.wait_for("views.publish", count=before + 1)[before]
    assert published.params["user_id"] == user_id
    return json.dumps(published.json("view"))


def test_after_erase_my_data_no_home_tab_names_the_member(http_bot: BotUnderTest) -> None:
    bot = http_bot
    for user_id in (ERASED, FOLLOWER, FACILITATOR):
        a_member(bot.db, user_id)
    with bot.db.session() as session:
        roster.set_facilitator(session, p.TEAM_ID, FACILITATOR, True)
        # The pitcher joined this week and has not been welcomed: on the facilitator's list by name.
        roster.ensure_member(session, p.TEAM_ID, ERASED).joined_at = utcnow()
    idea_id, ts = posted_pitch(bot, "Book swap", user_id=ERASED)
    bot.send(p.block_actions(ids.FOLLOW, str(idea_id), user_id=FOLLOWER, message_ts=ts))
    bot.settled()
    with bot.db.session() as session:
        assert session.scalars(select(IdeaFollow.user_id)).all() == [FOLLOWER]
        attention.refresh(session, p.TEAM_ID, utcnow())  # as the scheduler does

    followers_home = home_of(bot, FOLLOWER)
    assert "Book swap" in followers_home
    # The Home tab lists ideas by number, title and status: it never names an idea's author, so
    # there is no author to write as "a former member" on it.
    assert ERASED not in followers_home
    assert f"<@{ERASED}>" in home_of(bot, FACILITATOR)  # named as someone to welcome

    bot.send(
        p.block_actions(ids.PRIVACY_ERASE, "erase", user_id=ERASED, response_url=bot.fake.response_url())
    )
    bot.fake.wait_for("response_url")
    bot.settled()

    followers_home = home_of(bot, FOLLOWER)
    assert "Book swap" in followers_home  # the idea stays, its author forgotten
    assert ERASED not in followers_home
    facilitators_home = home_of(bot, FACILITATOR)
    assert ERASED not in facilitators_home
