"""One search for the whole bank: ideas of every kind (their tags and a practice's fields among their
words), learnings of pairs and of experiments, narrowed by kind, status, theme or tag, with More."""

from __future__ import annotations

import json
from typing import Any

from bot.core import ids, metadata
from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.core.workspace_settings import ensure_workspace
from bot.ideas import pitches, queries
from bot.ideas.data import IdeaData
from bot.ideas.pitches import PitchDraft
from bot.ideas.search import NO_FILTERS, Filters
from handlers import idea as idea_handlers
from models import Idea, Learning
from tests.support import slack_payloads as p
from tests.support.listeners import Ack, Respond, context_for
from tests.support.views_check import assert_valid_message

EN = translator("en")


def pitch(
    db: Database, title: str, *, team_id: str = p.TEAM_ID, status: str = "new", **fields: Any
) -> IdeaData:
    with db.session() as session:
        ensure_workspace(session, team_id)
        made = pitches.create_pitch(
            session,
            team_id=team_id,
            author_id=p.USER_ID,
            draft=PitchDraft(title=title, **fields),
            origin_channel_id="C1",
        )
        if status != "new":
            session.get(Idea, made.id).status = status  # type: ignore[union-attr]
        return made


def found(db: Database, words: str, filters: Filters = NO_FILTERS, team_id: str = p.TEAM_ID) -> list[str]:
    with db.read() as session:
        return [i.title for i in queries.search(session, team_id, words, filters=filters).ideas]


def learned(db: Database, words: str, filters: Filters = NO_FILTERS) -> list[tuple[str, int | None]]:
    with db.read() as session:
        return [
            (hit.text, hit.experiment.number if hit.experiment else None)
            for hit in queries.search_learnings(session, p.TEAM_ID, words, filters)
        ]


def keep_learning(db: Database, text: str, *, experiment: IdeaData | None = None) -> None:
    with db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        session.add(
            Learning(
                team_id=p.TEAM_ID,
                author_id=p.USER_ID,
                text=text,
                idea_id=experiment.id if experiment else None,
            )
        )


def test_a_tag_is_found_by_an_inflected_word_and_a_practices_place_by_its_case(db: Database) -> None:
    pitch(db, "Iltapäiväkerho", tags=("nuoret",))
    pitch(db, "Lukupiiri", kind="practice", used_where="kirjasto", ask_whom="Maija")
    pitch(db, "Läxhjälp", kind="practice", used_where="skola")
    pitch(db, "Something else", description="Nothing about it")

    assert found(db, "nuorille") == ["Iltapäiväkerho"]
    assert found(db, "kirjastoissa") == ["Lukupiiri"]
    assert found(db, "skolorna") == ["Läxhjälp"]
    assert found(db, "maijalta") == ["Lukupiiri"]


def test_filters_narrow_a_search_by_kind_status_theme_and_tag(db: Database) -> None:
    pitch(
        db,
        "Nuorten kokeilu",
        kind="experiment",
        description="nuorille",
        status="testing",
        themes=("culture",),
    )
    pitch(db, "Nuorten haaste", kind="challenge", description="nuorille", tags=("nuoret",))
    pitch(db, "Nuorten idea", description="nuorille", themes=("health",), tags=("nuoret", "kesä"))

    assert found(db, "nuori", Filters(kind="experiment")) == ["Nuorten kokeilu"]
    assert found(db, "nuori", Filters(status="testing")) == ["Nuorten kokeilu"]
    assert found(db, "nuori", Filters(theme="health")) == ["Nuorten idea"]
    assert sorted(found(db, "nuori", Filters(tag="nuoret"))) == ["Nuorten haaste", "Nuorten idea"]
    assert found(db, "nuori", Filters(kind="idea", tag="kesä")) == ["Nuorten idea"]
    assert found(db, "nuori", Filters(kind="practice")) == []


def test_an_experiments_learning_is_found_and_named_by_its_experiment(db: Database) -> None:
    experiment = pitch(db, "Kirjastoillat", kind="experiment", status="learning_shared")
    keep_learning(db, "Nuoret tulivat kun kaverit kutsuivat", experiment=experiment)
    keep_learning(db, "Parikeskustelussa opin nuorista paljon")

    assert sorted(learned(db, "nuorille")) == [
        ("Nuoret tulivat kun kaverit kutsuivat", experiment.number),
        ("Parikeskustelussa opin nuorista paljon", None),
    ]
    # Narrowed to experiments, a pair's learning (of no experiment) is left out.
    assert learned(db, "nuorille", Filters(kind="experiment")) == [
        ("Nuoret tulivat kun kaverit kutsuivat", experiment.number)
    ]
    assert learned(db, "nuorille", Filters(kind="practice")) == []


def run_idea(rt: Runtime, text: str) -> dict[str, Any]:
    ack = Ack()
    idea_handlers.idea_command(ack, p.slash_command("/idea", text), rt.client, context_for(rt), Respond())
    return ack.once


def more_value(message: dict[str, Any]) -> str:
    (button,) = (e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert button["action_id"] == ids.IDEA_MORE
    return str(button["value"])


def test_search_with_filter_words_pages_with_more_keeping_its_filters(listener_rt: Runtime) -> None:
    for n in range(12):
        pitch(
            listener_rt.db, f"Kokeilu {n:02d}", kind="experiment", description="vanhuksille", tags=("nuoret",)
        )
    pitch(listener_rt.db, "Idea for the elderly", description="vanhuksille", tags=("nuoret",))
    pitch(listener_rt.db, "Experiment elsewhere", kind="experiment", description="vanhuksille")

    first = run_idea(listener_rt, "search experiment vanhus #NUORET")

    assert_valid_message(first["text"], first["blocks"])
    assert "Showing only: Experiment · #nuoret" in first["text"]
    assert "Idea for the elderly" not in str(first) and "Experiment elsewhere" not in str(first)
    value = more_value(first)
    assert json.loads(value) == {
        "q": "search",
        "words": "vanhus",
        "kind": "experiment",
        "tag": "nuoret",
        "offset": 10,
    }
    respond = Respond()
    idea_handlers.more(Ack(), {"value": value}, context_for(listener_rt), respond)
    rest = str(respond.once)
    assert "Kokeilu" in rest and "Idea for the elderly" not in rest


def test_the_more_button_stays_under_slacks_limit_whatever_was_typed(listener_rt: Runtime) -> None:
    for n in range(11):
        pitch(listener_rt.db, f"Pitkä {n}", description="sana " * 3 + "ä" * 64, tags=("ö" * 40,))
    words = " ".join(["ä" * 300] * 40)

    message = run_idea(listener_rt, f"search sana {words} #{'ö' * 200} theme:health")

    assert len(message["blocks"]) <= 50
    if any(b["type"] == "actions" for b in message["blocks"]):
        assert len(more_value(message)) <= metadata.BUTTON_VALUE_MAX


def test_an_unknown_theme_or_a_tag_with_no_letter_in_a_search_gets_the_usage(listener_rt: Runtime) -> None:
    for text in ("search kirjasto theme:gardening", "search kirjasto #🎉"):
        answer = run_idea(listener_rt, text)
        assert "/idea search" in answer["text"] and "blocks" not in answer


def test_a_forged_more_button_reads_only_known_filters(listener_rt: Runtime) -> None:
    pitch(listener_rt.db, "Vanhusten kerho", description="vanhuksille")
    forged = json.dumps({"q": "search", "words": "vanhus", "kind": "'; DROP TABLE ideas; --", "tag": "#!!"})
    respond = Respond()

    idea_handlers.more(Ack(), {"value": forged}, context_for(listener_rt), respond)

    assert "Vanhusten kerho" in str(respond.once)
