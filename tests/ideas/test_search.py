"""Search that understands Finnish, Swedish and English: inflected forms meet their base forms on both
engines, word beginnings still match, results are ranked, and **More** pages past the first ten."""

from __future__ import annotations

import json

from sqlalchemy import insert, select, text

from bot.core import ids
from bot.core.db import Database
from bot.core.workspace_settings import ensure_workspace
from bot.ideas import pitches, queries
from bot.ideas.data import IdeaData
from bot.ideas.pitches import PitchDraft
from bot.ideas.queries import search_learnings
from bot.ideas.search_terms import terms
from models import Idea, Learning
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest
from tests.support.views_check import assert_valid_message


def pitch(db: Database, title: str, description: str = "", team_id: str = p.TEAM_ID) -> IdeaData:
    with db.session() as session:
        return pitches.create_pitch(
            session,
            team_id=team_id,
            author_id=p.USER_ID,
            draft=PitchDraft(title=title, description=description),
            origin_channel_id="C1",
        )


def found(db: Database, words: str) -> list[str]:
    with db.read() as session:
        return [idea.title for idea in queries.search(session, p.TEAM_ID, words).ideas]


def test_finnish_base_forms_find_inflected_words_and_the_other_way_round(db: Database) -> None:
    pitch(db, "Kylävierailut vanhuksille", "Vapaaehtoiset käyvät yksin asuvien luona.")
    pitch(db, "Koulutuksen tasa-arvo", "Samat mahdollisuudet jokaiselle koululaiselle.")
    pitch(db, "Kirjastoauto lähiöihin")

    assert found(db, "vanhus") == ["Kylävierailut vanhuksille"]
    assert found(db, "vanhusten") == ["Kylävierailut vanhuksille"]
    assert found(db, "koulutus") == ["Koulutuksen tasa-arvo"]
    assert found(db, "vapaaehtoinen") == ["Kylävierailut vanhuksille"]
    assert found(db, "kirjastossa") == ["Kirjastoauto lähiöihin"], "the first part of a compound"


def test_a_compounds_last_part_is_found_too(db: Database) -> None:
    pitch(db, "Nuorten mielenterveys", "Matalan kynnyksen keskusteluapu.")
    pitch(db, "Liikkuva terveyspalveluauto", "Kiertää syrjäkylissä.")
    pitch(db, "Musik på äldreboenden")

    assert set(found(db, "terveys")) == {"Nuorten mielenterveys", "Liikkuva terveyspalveluauto"}
    assert found(db, "terveyspalvelu") == ["Liikkuva terveyspalveluauto"]
    assert found(db, "boende") == ["Musik på äldreboenden"]


def test_swedish_and_english_forms_meet_their_base_forms(db: Database) -> None:
    pitch(db, "Fler lärare i skolorna")
    pitch(db, "Skola och bibliotek under samma tak")
    pitch(db, "Fewer meetings", "More time for getting things done.")

    assert set(found(db, "skola")) == {"Fler lärare i skolorna", "Skola och bibliotek under samma tak"}
    assert set(found(db, "skolorna")) == {"Fler lärare i skolorna", "Skola och bibliotek under samma tak"}
    assert found(db, "meeting") == ["Fewer meetings"]
    assert found(db, "meetings") == ["Fewer meetings"]


def test_word_beginnings_still_match_and_dots_may_be_left_out(db: Database) -> None:
    pitch(db, "Terveyskioski kauppakeskukseen")
    pitch(db, "Päiväkotien ulkoilu metsässä")

    assert found(db, "terv") == ["Terveyskioski kauppakeskukseen"]
    assert found(db, "paivakoti") == ["Päiväkotien ulkoilu metsässä"], "typed on an English keyboard"
    assert found(db, "päiväkoti metsä") == ["Päiväkotien ulkoilu metsässä"]


def test_ideas_matching_every_word_come_first_then_those_matching_most(db: Database) -> None:
    pitch(db, "Kesätyöt nuorille kirjastoissa", "Kunta palkkaa nuoria kesäksi.")
    pitch(db, "Nuorten kesäleiri", "Leiri saaristossa.")
    pitch(db, "Kirjaston lukupiiri")
    pitch(db, "Pyöräkorjaamo")

    # Three words: all three first, then any two of them; one of three is not enough.
    assert found(db, "nuorille kesä leiri") == ["Nuorten kesäleiri", "Kesätyöt nuorille kirjastoissa"]
    assert found(db, "nuorten kesätyöt kirjastossa") == ["Kesätyöt nuorille kirjastoissa"]
    # Four words: three of them at least.
    assert found(db, "nuorille kesätyö kirjasto leiri") == ["Kesätyöt nuorille kirjastoissa"]
    # Two words must both match, as before.
    assert found(db, "pyörä kirjasto") == []
    assert found(db, "ja") == [], "a lone stopword is still a query, and nothing says ja here"
    assert found(db, "nuoret ja kirjasto") == ["Kesätyöt nuorille kirjastoissa"], "ja is left out"


def test_pages_go_on_from_every_word_to_most_words_without_gaps_or_repeats(db: Database) -> None:
    for n in range(12):
        pitch(db, f"Nuorten kesätyöt kirjastossa {n}")
    for n in range(3):
        pitch(db, f"Nuorten kesätyöt {n}")
    pitch(db, "Kirjastoauto")

    pages, offset = [], 0
    while True:
        with db.read() as session:
            page = queries.search(session, p.TEAM_ID, "nuoret kesätyö kirjasto", offset=offset, limit=4)
        pages.append([idea.title for idea in page.ideas])
        if not page.has_more:
            break
        offset += len(page.ideas)

    titles = [title for page in pages for title in page]
    assert len(titles) == len(set(titles)) == 15
    assert all("kirjastossa" in title for title in titles[:12]), "all three words first"
    assert [len(page) for page in pages] == [4, 4, 4, 3]


def test_terms_follow_an_edit_and_stay_in_their_workspace(db: Database) -> None:
    idea = pitch(db, "Siemenvaihto")
    pitch(db, "Siemenkirjasto", team_id="T0OTHER001")
    with db.session() as session:
        session.get(Idea, idea.id).title = "Taimien vaihtopäivä"

    assert found(db, "siemen") == []
    assert found(db, "taimet") == ["Taimien vaihtopäivä"]


def test_ideas_written_in_bulk_get_their_terms_too(db: Database) -> None:
    with db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        session.execute(
            insert(Idea),
            [{"team_id": p.TEAM_ID, "number": 2, "kind": "idea", "title": "Ruokahävikki kiertoon"}],
        )
    assert found(db, "ruokahävikin") == ["Ruokahävikki kiertoon"]


def test_learnings_are_found_by_their_inflected_words(db: Database) -> None:
    with db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        learning = "Kirjastoissa lainataan ompelukoneita."
        session.add(Learning(team_id=p.TEAM_ID, author_id=p.USER_ID, text=learning))
    with db.read() as session:
        learned = search_learnings(session, p.TEAM_ID, "kirjasto ompelukone")
    assert [learning.text for learning in learned] == ["Kirjastoissa lainataan ompelukoneita."]


def test_terms_hold_words_as_written_and_their_base_forms_folded() -> None:
    made = terms("Vanhuksille", "skolorna")
    assert set(made.split()) >= {"vanhuksille", "vanhus", "skolorna", "skola"}
    assert "päiväkoti" not in terms("päiväkodeissa") and "paivakoti" in terms("päiväkodeissa")


def test_search_shows_more_past_the_first_page_and_more_gives_the_rest(bot: BotUnderTest) -> None:
    for n in range(1, 13):
        pitch(bot.db, f"Puutarha {n}", "Yhteisöpuutarha kerrostalon pihalle")
    pitch(bot.db, "Puutarhat ja kirjastot")

    first = bot.send(p.slash_command("/idea", "search puutarhassa"))

    assert_valid_message(first.body["text"], first.body["blocks"])
    shown = json.dumps(first.body["blocks"])
    assert shown.count("Puutarha") == 10
    more = next(e for b in first.body["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert more["action_id"] == ids.IDEA_MORE
    bot.send(p.block_actions(ids.IDEA_MORE, more["value"], response_url=bot.fake.response_url("more")))
    (rest,) = bot.fake.wait_for("response_url")
    assert rest.params["replace_original"] in (True, "true")
    rest_shown = json.dumps(rest.params["blocks"])
    assert rest_shown.count("Puutarha") == 3 and ids.IDEA_MORE not in rest_shown
    seen = {line for line in (shown + rest_shown).split("Puutarha")[1:]}
    assert len(seen) == 13, "no idea twice, none left out"


def test_the_index_is_over_the_terms_on_either_engine(db: Database) -> None:
    pitch(db, "Kaupunkipyörät lähiöihin")
    with db.read() as session:
        stored = session.scalar(select(Idea.title_terms))
        assert "kaupunkipyora" in stored.split()
        if session.get_bind().dialect.name == "postgresql":
            assert session.scalar(text("SELECT search::text FROM ideas")).count("'lahio") >= 1


def test_words_whose_base_forms_or_folded_letters_are_punctuation_search_safely(db: Database) -> None:
    # simplemma gives `apua!` for `apuva`; folding makes `⑴` into `(1)` and `ﾞ` into nothing. To
    # PostgreSQL's to_tsquery each of these was syntax, and the search failed.
    pitch(db, "Apua arkeen", "Naapuriapua ikäihmisille.")
    pitch(db, "Terveyskioski", "Kioski 1 torilla.")

    assert found(db, "apuva") == ["Apua arkeen"]
    assert found(db, "apua!") == ["Apua arkeen"]
    assert found(db, "terveys ﾞ") == ["Terveyskioski"]
    assert found(db, "⑴ kioski") == ["Terveyskioski"]
    assert found(db, "ﾞ") == []
    assert found(db, "' & | ! : * ( ) \" \\") == []


def test_more_after_a_very_long_query_goes_on_with_the_same_search(bot: BotUnderTest) -> None:
    for n in range(1, 13):
        pitch(bot.db, f"Puutarha {n}", "Yhteisöpuutarha kerrostalon pihalle")
    # Over two thousand characters typed: the button carries the words searched by, within Slack's
    # 2,000 characters for a button's value, never a cut-off piece of JSON.
    typed = "puutarhassa " + "ja " * 700 + "pihalle"

    first = bot.send(p.slash_command("/idea", f"search {typed}"))

    assert_valid_message(first.body["text"], first.body["blocks"])
    more = next(e for b in first.body["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert len(more["value"]) <= 2000
    assert json.loads(more["value"])["q"] == "search"
    bot.send(p.block_actions(ids.IDEA_MORE, more["value"], response_url=bot.fake.response_url("more")))
    (rest,) = bot.fake.wait_for("response_url")
    assert json.dumps(rest.params["blocks"]).count("Puutarha") == 2
