"""The ideas bank: /idea to browse, search, follow and move ideas from pitch to funded project."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot.core import ids
from bot.core.db import Database
from bot.core.i18n import translator
from bot.ideas import pitches, queries
from bot.ideas.data import IdeaData
from bot.ideas.pitches import PitchDraft
from bot.members import roster
from models import Idea, IdeaFollow, Partner, StatusChange
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, wait_until
from tests.support.pitching import pitch_values, submit_pitch
from tests.support.views_check import assert_valid_message, assert_valid_view

FOLLOWER = "U0FOLLOW01"
STRANGER = "U0STRANGE1"


def pitch(
    db: Database, title: str, *, team_id: str = p.TEAM_ID, author: str = p.USER_ID, **fields
) -> IdeaData:
    with db.session() as session:
        return pitches.create_pitch(
            session,
            team_id=team_id,
            author_id=author,
            draft=PitchDraft(title=title, **fields),
            origin_channel_id="C1",
        )


def count(db: Database, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def status_of(db: Database, number: int) -> str | None:
    with db.read() as session:
        return session.scalar(select(Idea.status).where(Idea.number == number))


# --- search, on the engine under test ---------------------------------------------------------


def found(db: Database, words: str, team_id: str = p.TEAM_ID) -> list[str]:
    with db.read() as session:
        return [i.title for i in queries.search(session, team_id, words).ideas]


def test_search_finds_finnish_and_english_words_and_their_beginnings(db: Database) -> None:
    pitch(db, "Terveyskioski kirjastoon", description="Hyvinvointia yhteisölle, äänestä!")
    pitch(db, "Community garden", description="Growing food together improves health")
    pitch(
        db,
        "Kulttuurikävely",
        believe="järjestämme kävelyn",
        outcome="yksinäisyys vähenee",
        test="kyselyllä",
        share="blogissa",
    )

    assert found(db, "terv") == ["Terveyskioski kirjastoon"]
    assert found(db, "yhteisölle") == ["Terveyskioski kirjastoon"]
    assert found(db, "ÄÄNESTÄ") == ["Terveyskioski kirjastoon"]
    assert found(db, "garden food") == ["Community garden"]
    assert found(db, "yksinäisyys") == ["Kulttuurikävely"]
    assert found(db, "grow heal") == ["Community garden"]
    assert found(db, "garden terveys") == []


def test_search_ranks_title_matches_first_and_ignores_query_syntax(db: Database) -> None:
    pitch(db, "Bike repair", description="fix things")
    pitch(db, "Tool library", description="lend a bike pump and tools")
    pitch(db, "Bike kitchen")

    assert found(db, "bike")[-1] == "Tool library"
    assert set(found(db, "bike")) == {"Bike repair", "Tool library", "Bike kitchen"}
    for hostile in (
        'bike" OR "x',
        "bike*) NEAR(",
        "'; DROP TABLE ideas; --",
        "title:bike",
        "-bike",
        "&|!():*",
    ):
        found(db, hostile)  # never an error
    assert found(db, "   ") == []


def test_a_new_or_edited_idea_is_searchable_at_once_and_only_in_its_workspace(db: Database) -> None:
    idea = pitch(db, "Seed swap")
    pitch(db, "Seed library", team_id="T0OTHER001")
    assert found(db, "seed") == ["Seed swap"]

    with db.session() as session:
        session.get(Idea, idea.id).title = "Plant swap"
    assert found(db, "seed") == []
    assert found(db, "plant") == ["Plant swap"]
    assert found(db, "seed", team_id="T0OTHER001") == ["Seed library"]


# --- /idea through the app ---------------------------------------------------------------------


def test_idea_list_pages_newest_first_with_a_more_button(bot: BotUnderTest) -> None:
    for i in range(1, 13):
        pitch(bot.db, f"Idea number {i}")

    first = bot.send(p.slash_command("/idea", "list"))

    assert_valid_message(first.body["text"], first.body["blocks"])
    shown = str(first.body["blocks"])
    assert shown.index("#12") < shown.index("#3") and "#2*" not in shown
    more = next(e for b in first.body["blocks"] if b["type"] == "actions" for e in b["elements"])
    press = p.block_actions(ids.IDEA_MORE, more["value"], response_url=bot.fake.response_url("more"))
    bot.send(press)
    (rest,) = bot.fake.wait_for("response_url")
    assert rest.params["replace_original"] in (True, "true")
    assert "#2*" in str(rest.params["blocks"]) and "#1*" in str(rest.params["blocks"])
    assert "#3*" not in str(rest.params["blocks"])


def test_idea_list_filters_by_status_and_theme_in_the_members_language(bot: BotUnderTest) -> None:
    pitch(bot.db, "Sauna evenings", themes=("wellbeing",))
    pitch(bot.db, "Choir", themes=("culture",))
    with bot.db.session() as session:
        roster.choose_language(session, p.TEAM_ID, p.USER_ID, "fi")
    bot.rt.prefs.forget(p.TEAM_ID, p.USER_ID)

    by_theme = bot.send(p.slash_command("/idea", "list hyvinvointi"))
    by_status_and_theme = bot.send(p.slash_command("/idea", "list uusi culture"))
    wrong = bot.send(p.slash_command("/idea", "list gardening"))

    assert "Sauna evenings" in str(by_theme.body) and "Choir" not in str(by_theme.body)
    assert "Choir" in str(by_status_and_theme.body) and "Sauna" not in str(by_status_and_theme.body)
    assert "`gardening`" in wrong.text and translator("fi").gettext("Health") in wrong.text


def test_idea_show_tells_the_whole_story(bot: BotUnderTest) -> None:
    idea = pitch(bot.db, "Repair cafe", description="Fix, don't throw", seeking=("partners",))
    with bot.db.session() as session:
        pitches.follow(session, team_id=p.TEAM_ID, idea_id=idea.id, user_id=FOLLOWER)
        pitches.record_post(
            session, team_id=p.TEAM_ID, idea_id=idea.id, channel_id=p.CHANNEL_ID, message_ts="1.5"
        )

    reply = bot.send(p.slash_command("/idea", "show #1"))

    assert_valid_message(reply.body["text"], reply.body["blocks"])
    shown = str(reply.body["blocks"])
    assert "#1 Repair cafe" in shown and "Fix, don't throw" in shown and "1 follower" in shown
    assert "0 perspectives" in shown and "https://" in shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("show", "Which idea?"),
        ("show twelve", "`twelve` is not an idea number"),
        ("show 999", "There is no idea #999"),
        ("status 1", "Which status"),
        ("status 1 finished", "`finished` is not a status"),
        ("search", "What should I look for?"),
        ("frobnicate", "I don't know `/idea frobnicate`"),
        ("show 1 please", "I didn't expect `please`"),
    ],
)
def test_a_wrong_idea_command_says_what_is_wrong_and_changes_nothing(
    bot: BotUnderTest, text, expected
) -> None:
    pitch(bot.db, "Only idea")

    reply = bot.send(p.slash_command("/idea", text))

    assert expected in reply.text
    assert status_of(bot.db, 1) == "new" and count(bot.db, StatusChange) == 0


def test_idea_search_and_mine(bot: BotUnderTest) -> None:
    pitch(bot.db, "Terveyskävely", author=p.USER_ID)
    pitch(bot.db, "Health walk", author=STRANGER)

    search = bot.send(p.slash_command("/idea", "search terv"))
    mine = bot.send(p.slash_command("/idea", "mine"))
    nothing = bot.send(p.slash_command("/idea", "search zebra"))

    assert "Terveyskävely" in str(search.body) and "Health walk" not in str(search.body)
    assert "Terveyskävely" in str(mine.body) and "Health walk" not in str(mine.body)
    assert "Nothing matches" in str(nothing.body)


def test_follow_and_unfollow_by_command(bot: BotUnderTest) -> None:
    pitch(bot.db, "Book swap")

    follow = bot.send(p.slash_command("/idea", "follow 1", user_id=FOLLOWER))
    unfollow = bot.send(p.slash_command("/idea", "unfollow #1", user_id=FOLLOWER))
    again = bot.send(p.slash_command("/idea", "unfollow 1", user_id=FOLLOWER))

    assert "You're following #1" in follow.text
    assert "no longer follow" in unfollow.text and "weren't following" in again.text
    assert count(bot.db, IdeaFollow) == 0


# --- the lifecycle -------------------------------------------------------------------------------


def posted_pitch(bot: BotUnderTest, title: str) -> str:
    submit_pitch(bot, title=title)
    bot.fake.wait_for("chat.postMessage")
    return wait_until(lambda: _ts(bot.db), message="the card is posted")


def _ts(db: Database) -> str | None:
    with db.read() as session:
        return session.scalar(select(Idea.message_ts))


def test_a_stranger_cannot_move_an_idea_and_nothing_changes(bot: BotUnderTest) -> None:
    pitch(bot.db, "Mine to move")

    reply = bot.send(
        p.slash_command(
            "/idea", "status 1 done", user_id=STRANGER, response_url=bot.fake.response_url("status")
        )
    )

    (answer,) = bot.fake.wait_for("response_url")
    assert "Only the author" in answer.params["text"]
    assert reply.status == 200
    assert status_of(bot.db, 1) == "new" and count(bot.db, StatusChange) == 0


def test_the_author_moves_an_idea_and_followers_hear_in_their_language(bot: BotUnderTest) -> None:
    ts = posted_pitch(bot, "Street party")
    with bot.db.session() as session:
        roster.choose_language(session, p.TEAM_ID, FOLLOWER, "fi")
        idea_id = session.scalar(select(Idea.id).where(Idea.number == 1))
        pitches.follow(session, team_id=p.TEAM_ID, idea_id=idea_id, user_id=FOLLOWER)
    bot.fake.reset()

    bot.send(p.slash_command("/idea", "status 1 discussing let's talk", response_url=bot.fake.response_url()))

    (update,) = bot.fake.wait_for("chat.update")
    assert update.params["ts"] == ts and translator("en").gettext("Discussing") in str(
        update.params["blocks"]
    )
    dm = bot.fake.wait_for("chat.postMessage")[0]
    assert dm.params["channel"] == FOLLOWER
    assert translator("fi").gettext("Discussing") in dm.params["text"] and "let's talk" in dm.params["text"]
    (answer,) = bot.fake.wait_for("response_url")
    assert "is now Discussing" in answer.params["text"]
    with bot.db.read() as session:
        step = session.scalar(select(StatusChange))
        assert (step.from_status, step.to_status, step.user_id, step.note) == (
            "new",
            "discussing",
            p.USER_ID,
            "let's talk",
        )


def test_becoming_a_project_asks_for_partners_and_keeps_them(bot: BotUnderTest) -> None:
    idea = pitch(bot.db, "Youth hub")
    with bot.db.session() as session:
        roster.set_facilitator(session, p.TEAM_ID, STRANGER, True)

    bot.send(p.slash_command("/idea", "status 1 developing", user_id=STRANGER))
    (opened,) = bot.fake.wait_for("views.open")
    modal = opened.json("view")
    assert_valid_view(modal)
    assert status_of(bot.db, 1) == "new", "nothing changes until the form is sent"

    values = {
        ids.PARTNERS_BLOCK: {ids.INPUT: p.plain_input("City library\nRed Cross; city library, Makers ry")}
    }
    reply = bot.send(
        p.view_submission(
            ids.PARTNERS_MODAL, values, private_metadata=modal["private_metadata"], user_id=STRANGER
        )
    )

    assert not reply.errors
    wait_until(lambda: status_of(bot.db, 1) == "developing")
    with bot.db.read() as session:
        assert queries.partners_of(session, p.TEAM_ID, idea.id) == [
            "City library",
            "Red Cross",
            "Makers ry",
        ]
    dm = bot.fake.wait_for("chat.postMessage", count=2)
    assert {c.params["channel"] for c in dm} == {p.USER_ID, STRANGER}
    assert count(bot.db, Partner) == 3


def test_a_workspace_admin_may_move_any_idea(bot: BotUnderTest) -> None:
    pitch(bot.db, "Admin's choice")
    bot.fake.add_user("U0ADMIN001", is_admin=True)

    bot.send(
        p.slash_command(
            "/idea", "status 1 parked", user_id="U0ADMIN001", response_url=bot.fake.response_url()
        )
    )

    wait_until(lambda: status_of(bot.db, 1) == "parked")


def test_a_forged_partners_form_changes_nothing(bot: BotUnderTest) -> None:
    idea = pitch(bot.db, "Not yours")
    forged = json.dumps({"idea": idea.id, "status": "funded", "note": ""})
    values = {ids.PARTNERS_BLOCK: {ids.INPUT: p.plain_input("Evil Corp")}}

    reply = bot.send(p.view_submission(ids.PARTNERS_MODAL, values, private_metadata=forged, user_id=STRANGER))

    assert ids.PARTNERS_BLOCK in reply.errors
    assert status_of(bot.db, 1) == "new" and count(bot.db, Partner) == 0


def test_the_first_perspective_moves_a_pitch_to_discussing(bot: BotUnderTest) -> None:
    ts = posted_pitch(bot, "Quiet start")
    bot.fake.reset()

    bot.send(
        p.event_callback(p.message_event("Love it", user_id=FOLLOWER, thread_ts=ts, ts="1800000000.000300"))
    )

    wait_until(lambda: status_of(bot.db, 1) == "discussing")
    (update,) = bot.fake.wait_for("chat.update")
    assert update.params["ts"] == ts
    dm = bot.fake.wait_for("chat.postMessage")[0]
    assert dm.params["channel"] == p.USER_ID and "first perspective" in dm.params["text"]


# --- editing -------------------------------------------------------------------------------------


def press_edit(bot: BotUnderTest, idea_id: int, user_id: str) -> None:
    bot.send(
        p.block_actions(
            ids.CARD_MENU,
            user_id=user_id,
            action_type="overflow",
            action_fields={"selected_option": p.option(f"{ids.EDIT}:{idea_id}", "Edit")},
        )
    )


def test_the_author_edits_a_pitch_and_the_card_and_search_follow(bot: BotUnderTest) -> None:
    ts = posted_pitch(bot, "Old name")
    with bot.db.read() as session:
        idea_id = session.scalar(select(Idea.id))
    bot.fake.reset()

    press_edit(bot, idea_id, p.USER_ID)
    (opened,) = bot.fake.wait_for("views.open")
    form = opened.json("view")
    assert_valid_view(form)
    assert form["title"]["text"] == "Edit your idea"
    title_block = next(b for b in form["blocks"] if b.get("block_id") == "title")
    assert title_block["element"]["initial_value"] == "Old name"

    edited = pitch_values(title="Allotment gardens", description="Now with a plan")
    reply = bot.send(p.view_submission(ids.PITCH_MODAL, edited, private_metadata=form["private_metadata"]))

    assert not reply.errors
    (update,) = bot.fake.wait_for("chat.update")
    assert update.params["ts"] == ts and "#1 Allotment gardens" in str(update.params["blocks"])
    assert found(bot.db, "allotment") == ["Allotment gardens"] and found(bot.db, "old") == []
    assert count(bot.db, Idea) == 1


def test_only_the_author_and_facilitators_may_edit(bot: BotUnderTest) -> None:
    idea = pitch(bot.db, "Hands off")

    press_edit(bot, idea.id, STRANGER)
    (refusal,) = bot.fake.wait_for("chat.postEphemeral")
    forged = p.view_submission(
        ids.PITCH_MODAL,
        pitch_values(title="Hijacked"),
        private_metadata=json.dumps({"edit": idea.id}),
        user_id=STRANGER,
    )
    reply = bot.send(forged)

    assert "Only the author" in refusal.params["text"] and bot.fake.calls_to("views.open") == []
    assert "title" in reply.errors
    assert found(bot.db, "hands") == ["Hands off"]


# --- App Home -----------------------------------------------------------------------------------


def test_the_home_tab_shows_my_ideas_the_ones_i_follow_and_the_latest(bot: BotUnderTest) -> None:
    pitch(bot.db, "My own idea", author=FOLLOWER)
    followed = pitch(bot.db, "Someone's idea", author=STRANGER)
    pitch(bot.db, "Newest idea", author=STRANGER)
    with bot.db.session() as session:
        pitches.follow(session, team_id=p.TEAM_ID, idea_id=followed.id, user_id=FOLLOWER)

    bot.send(p.event_callback(p.app_home_opened_event(user_id=FOLLOWER)))

    (published,) = bot.fake.wait_for("views.publish")
    view = published.json("view")
    assert_valid_view(view)
    texts = [str(b) for b in view["blocks"]]
    position = {
        label: next(i for i, t in enumerate(texts) if label in t)
        for label in (
            "Your ideas",
            "My own idea",
            "Ideas you follow",
            "Someone's idea",
            "Latest ideas",
            "Newest idea",
        )
    }
    assert list(position.values()) == sorted(position.values())


# --- export ---------------------------------------------------------------------------------------


def test_export_round_trips_ideas_with_history_and_partners(
    db: Database, tmp_path, capsys, monkeypatch
) -> None:
    import csv
    import io

    from app import main
    from bot.ideas import lifecycle

    idea = pitch(
        db, 'Kaupunkiviljely, "urban" farming', description="Rivi 1\nRivi 2", themes=("environment",)
    )
    pitch(db, "Second")
    with db.session() as session:
        roster.set_facilitator(session, p.TEAM_ID, FOLLOWER, True)
        moved = lifecycle.change_status(
            session, team_id=p.TEAM_ID, user_id=FOLLOWER, idea=idea, to_status="funded", note="Grant!"
        )
        assert isinstance(moved, lifecycle.Moved)
        lifecycle.set_partners(session, team_id=p.TEAM_ID, idea_id=idea.id, names=["City", "Sitra"])
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.chdir(tmp_path)

    assert main(["export", "ideas", "--format", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert main(["export", "ideas", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))

    first = exported["ideas"][0]
    assert exported["team_id"] == p.TEAM_ID and [i["number"] for i in exported["ideas"]] == [1, 2]
    assert first["title"] == 'Kaupunkiviljely, "urban" farming' and first["partners"] == ["City", "Sitra"]
    assert [(h["from"], h["to"], h["by"], h["note"]) for h in first["history"]] == [
        ("new", "funded", FOLLOWER, "Grant!")
    ]
    assert len(rows) == 2
    assert rows[0]["title"] == first["title"] and rows[0]["description"] == "Rivi 1\nRivi 2"
    assert rows[0]["partners"] == "City; Sitra" and json.loads(rows[0]["history"]) == first["history"]
