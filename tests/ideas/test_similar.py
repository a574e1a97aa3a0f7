"""Similar ideas before posting: found with the language-aware search, of the same workspace only,
never the pitch's own form, and never in the way when the lookup fails or is slow."""

from __future__ import annotations

import threading

from bot.core.db import Database
from bot.ideas import pitches, similar
from bot.ideas.data import IdeaData, LinkData
from bot.ideas.pitches import PitchDraft
from bot.ideas.views.similar import draft_from_metadata, draft_metadata, similar_seen
from tests.support import slack_payloads as p

OTHER_TEAM = "T0OTHER001"


def keep(
    db: Database, title: str, description: str = "", *, team_id: str = p.TEAM_ID, view_id: str | None = None
) -> IdeaData:
    with db.session() as session:
        return pitches.create_pitch(
            session,
            team_id=team_id,
            author_id=p.USER_ID,
            draft=PitchDraft(title=title, description=description),
            origin_channel_id="C1",
            view_id=view_id,
        )


def similar_to(db: Database, title: str, description: str = "", view_id: str | None = None) -> list[str]:
    with db.read() as session:
        draft = PitchDraft(title=title, description=description)
        return [idea.title for idea in similar.similar_ideas(session, p.TEAM_ID, draft, view_id=view_id)]


def test_an_inflected_finnish_title_finds_the_idea_it_resembles(db: Database) -> None:
    keep(db, "Kirjasto lainaa työkaluja", "Porakone ja sahat lainaan kirjastokortilla.")
    keep(db, "Nuorten kesätyöt", "Kesätöitä nuorille kaupungin puistoissa.")

    assert similar_to(db, "Työkalujen lainaus kirjastosta") == ["Kirjasto lainaa työkaluja"]
    assert similar_to(db, "Kesätöitä nuorille") == ["Nuorten kesätyöt"]


def test_an_unrelated_pitch_finds_nothing(db: Database) -> None:
    keep(db, "Kirjasto lainaa työkaluja")
    keep(db, "Nuorten kesätyöt")

    assert similar_to(db, "Kävelykokoukset puistossa") == []


def test_a_short_title_is_helped_by_the_first_words_of_its_description(db: Database) -> None:
    keep(db, "Vanhusten ulkoilu", "Vapaaehtoiset ulkoilevat vanhusten kanssa.")

    assert similar_to(db, "Ulkoiluapu", "Vanhuksille ulkoilukaveri joka viikko") == ["Vanhusten ulkoilu"]


def test_only_the_same_workspace_and_never_the_pitch_from_the_same_form(db: Database) -> None:
    keep(db, "Kirjasto lainaa työkaluja", team_id=OTHER_TEAM)
    keep(db, "Työkalujen lainaus kirjastosta", view_id="V0SAMEFORM")

    assert similar_to(db, "Työkalujen lainaus kirjastosta", view_id="V0SAMEFORM") == []


def test_at_most_three_are_offered(db: Database) -> None:
    for place in ("Kalliossa", "Vallilassa", "Käpylässä", "Töölössä"):
        keep(db, f"Kirjasto lainaa työkaluja {place}")

    assert len(similar_to(db, "Työkalujen lainaus kirjastosta")) == similar.SHOWN


def test_a_failing_lookup_finds_nothing() -> None:
    def broken() -> list[IdeaData]:
        raise RuntimeError("the database is away")

    assert similar.within_budget(broken) == []


def test_a_lookup_slower_than_its_budget_finds_nothing() -> None:
    release = threading.Event()

    def slow() -> list[IdeaData]:
        release.wait()
        raise AssertionError("never read")

    try:
        assert similar.within_budget(slow, budget=0.01) == []
    finally:
        release.set()


def test_the_draft_travels_in_the_similar_view_and_comes_back_whole() -> None:
    draft = PitchDraft(
        kind="experiment",
        title="Työkalujen lainaus kirjastosta",
        description="Ä" * 500,
        believe="b",
        outcome="o",
        test="t",
        share="s",
        themes=("health",),
        seeking=("funding",),
        tags=("nuoret",),
        links=(LinkData("https://example.org", "Plan"),),
        challenge_id=7,
        used_where="u",
        ask_whom="a",
    )
    carried = draft_metadata(draft, "C0IDEAS001")

    assert carried is not None and len(carried) <= 3000
    assert draft_from_metadata(carried) == draft
    assert similar_seen(carried)


def test_a_draft_too_big_to_carry_skips_the_step() -> None:
    assert draft_metadata(PitchDraft(title="x", description="y" * 3000), None) is None


def test_a_forged_draft_reads_as_empty_fields() -> None:
    forged = (
        '{"draft": {"title": 5, "tags": "x", "links": [[1, 2]], "challenge_id": "7", "learning_due": "soon"}}'
    )

    assert draft_from_metadata(forged) == PitchDraft(kind="idea")
    assert draft_from_metadata("not json") is None
