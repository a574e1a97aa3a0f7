"""The pitch form's knowledge-bank rules: which challenge an answer may name, an experiment's learning
date, tags and links as members type them (and as a forged payload sends them)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update

from bot.core import ids
from bot.core.db import Database
from bot.core.i18n import translator
from bot.ideas import answering, kinds, pitches, statuses
from bot.ideas.data import IdeaData, IdeaRef, LinkData
from bot.ideas.pitch_problems import PitchProblem
from bot.ideas.pitches import PitchDraft, check_pitch
from bot.ideas.views.pitch import draft_from_state, field_errors, pitch_modal
from bot.ideas.views.similar import draft_metadata, similar_modal
from models import Idea
from tests.support import slack_payloads as p
from tests.support.pitching import pitch_values
from tests.support.views_check import assert_valid_view

TODAY = date(2026, 12, 1)
OTHER_TEAM = "T0OTHER001"


def keep(
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


def set_status(db: Database, idea: IdeaData, status: str) -> None:
    with db.session() as session:
        session.execute(update(Idea).where(Idea.id == idea.id).values(status=status))


def open_ids(db: Database, draft: PitchDraft, team_id: str = p.TEAM_ID) -> set[int]:
    """What the listener asks before checking: is the named challenge open in this workspace?"""
    if draft.challenge_id is None:
        return set()
    with db.read() as session:
        found = answering.open_challenge(session, team_id, draft.challenge_id)
    return {found.id} if found else set()


def problems_of(db: Database, draft: PitchDraft, before: IdeaData | None = None) -> dict[str, PitchProblem]:
    return check_pitch(draft, (), open_challenges=open_ids(db, draft), today=TODAY, before=before)


def form(**typed) -> PitchDraft:
    """A pitch form as a member fills it, with the knowledge fields typed as given."""
    values = pitch_values(title="Tool library")
    for block, value in typed.items():
        values[block] = {ids.INPUT: p.plain_input(value)}
    return draft_from_state(values)


# --- answering a challenge ---------------------------------------------------------------------


def test_an_idea_may_answer_an_open_challenge_of_its_own_workspace(db: Database) -> None:
    challenge = keep(db, "How do we build trust?", kind=kinds.CHALLENGE)

    assert problems_of(db, PitchDraft(title="Open books", challenge_id=challenge.id)) == {}


def test_a_forged_parked_done_or_foreign_challenge_is_refused(db: Database) -> None:
    parked = keep(db, "Parked question", kind=kinds.CHALLENGE)
    done = keep(db, "Answered question", kind=kinds.CHALLENGE)
    set_status(db, parked, statuses.PARKED)
    set_status(db, done, statuses.DONE)
    foreign = keep(db, "Their question", kind=kinds.CHALLENGE, team_id=OTHER_TEAM)
    plain_idea = keep(db, "Not a challenge")

    for challenge_id in (parked.id, done.id, foreign.id, plain_idea.id, 999_999, 0):
        draft = PitchDraft(title="An answer", challenge_id=challenge_id)
        assert problems_of(db, draft) == {"challenge": PitchProblem.CHALLENGE_NOT_OPEN}, challenge_id


def test_a_challenge_cannot_answer_a_challenge(db: Database) -> None:
    challenge = keep(db, "How do we build trust?", kind=kinds.CHALLENGE)

    draft = PitchDraft(kind=kinds.CHALLENGE, title="And how do we keep it?", challenge_id=challenge.id)
    assert problems_of(db, draft) == {"challenge": PitchProblem.CHALLENGE_ANSWERS_CHALLENGE}


def test_an_edit_keeps_the_challenge_it_answers_even_once_that_is_parked(db: Database) -> None:
    challenge = keep(db, "How do we build trust?", kind=kinds.CHALLENGE)
    answer = keep(db, "Open books", challenge_id=challenge.id)
    set_status(db, challenge, statuses.PARKED)

    assert problems_of(db, pitches.draft_of(answer), before=answer) == {}


def test_open_challenges_are_this_workspaces_open_ones_newest_first(db: Database) -> None:
    first = keep(db, "First question", kind=kinds.CHALLENGE)
    parked = keep(db, "Parked question", kind=kinds.CHALLENGE)
    keep(db, "An idea")
    newest = keep(db, "Newest question", kind=kinds.CHALLENGE)
    keep(db, "Their question", kind=kinds.CHALLENGE, team_id=OTHER_TEAM)
    set_status(db, parked, statuses.PARKED)

    with db.read() as session:
        offered = answering.open_challenges(session, p.TEAM_ID)

    assert [c.id for c in offered] == [newest.id, first.id]


def test_a_new_answer_is_told_to_the_challenges_author_and_followers_once_each(db: Database) -> None:
    challenge = keep(db, "How do we build trust?", kind=kinds.CHALLENGE, author="U0ASKER001")
    with db.session() as session:
        for user_id in ("U0ASKER001", "U0FAN00001", "U0ANSWER01"):
            pitches.follow(session, team_id=p.TEAM_ID, idea_id=challenge.id, user_id=user_id)
        people = answering.to_tell(
            session, team_id=p.TEAM_ID, challenge_id=challenge.id, answer_author_id="U0ANSWER01"
        )

    assert people == ["U0ASKER001", "U0FAN00001"]


# --- an experiment's learning date -------------------------------------------------------------


def experiment(**changes) -> PitchDraft:
    lines = dict(believe="we walk", outcome="we think", test="a month", share="a post")
    return PitchDraft(kind=kinds.EXPERIMENT, title="Walking meetings", **(lines | changes))


def test_a_new_experiment_names_a_day_from_today_to_a_year_ahead(db: Database) -> None:
    year = timedelta(days=366)
    assert problems_of(db, experiment()) == {"learning_due": PitchProblem.LEARNING_DUE_MISSING}
    assert problems_of(db, experiment(learning_due=TODAY - timedelta(days=1))) == {
        "learning_due": PitchProblem.LEARNING_DUE_PAST
    }
    assert problems_of(db, experiment(learning_due=TODAY + year + timedelta(days=1))) == {
        "learning_due": PitchProblem.LEARNING_DUE_TOO_FAR
    }
    assert problems_of(db, experiment(learning_due=TODAY)) == {}
    assert problems_of(db, experiment(learning_due=TODAY + year)) == {}
    # Other kinds need no date.
    assert problems_of(db, PitchDraft(title="Walking meetings")) == {}


def test_an_edited_experiment_keeps_its_date_even_once_it_has_passed(db: Database) -> None:
    with db.session() as session:
        draft = experiment(learning_due=TODAY - timedelta(days=30))
        before = pitches.create_pitch(
            session, team_id=p.TEAM_ID, author_id=p.USER_ID, draft=draft, origin_channel_id="C1"
        )

    assert problems_of(db, pitches.draft_of(before), before=before) == {}
    moved = experiment(learning_due=TODAY - timedelta(days=2))
    assert problems_of(db, moved, before=before) == {"learning_due": PitchProblem.LEARNING_DUE_PAST}


# --- tags --------------------------------------------------------------------------------------


def test_tags_are_read_normalised_and_once(db: Database) -> None:
    draft = form(tags="#Nuoret #kulttuuri, NUORET  #Ｎｕｏｒｅｔ")

    assert draft.tags == ("nuoret", "kulttuuri")
    assert problems_of(db, draft) == {}


def test_a_tag_field_of_only_emoji_is_refused_and_a_huge_tag_is_cut(db: Database) -> None:
    only_emoji = form(tags="🎉 ✨ !!!")
    huge = form(tags="#" + "ä" * 200)

    assert problems_of(db, only_emoji) == {"tags": PitchProblem.TAGS_UNREADABLE}
    assert huge.tags == ("ä" * 40,)
    assert problems_of(db, huge) == {}


def test_forged_tags_are_refused(db: Database) -> None:
    not_normalised = PitchDraft(title="x", tags=("#Nuoret",))
    too_long = PitchDraft(title="x", tags=("a" * 200,))

    for draft in (not_normalised, too_long):
        assert problems_of(db, draft) == {"tags": PitchProblem.TAGS_UNREADABLE}


def test_more_tags_than_an_idea_may_have_are_named_in_the_form_not_quietly_cut(db: Database) -> None:
    typed = form(tags=" ".join(f"#aihe{n}" for n in range(11)))

    assert len(typed.tags) == 11
    assert problems_of(db, typed) == {"tags": PitchProblem.TOO_MANY_TAGS}
    assert problems_of(db, form(tags=" ".join(f"#aihe{n}" for n in range(10)))) == {}


# --- links -------------------------------------------------------------------------------------


def test_links_are_read_one_a_line_with_a_label(db: Database) -> None:
    draft = form(links="https://miro.com/app/board/x Our Miro board\n\nhttp://example.org/plan.pdf\n")

    assert draft.links == (
        LinkData("https://miro.com/app/board/x", "Our Miro board"),
        LinkData("http://example.org/plan.pdf", ""),
    )
    assert problems_of(db, draft) == {}


def test_a_link_that_cannot_be_kept_is_named_by_its_line(db: Database) -> None:
    t = translator("en")
    cases = {
        "javascript:alert(1)": PitchProblem.LINK_NOT_WEB,
        "slack://open": PitchProblem.LINK_NOT_WEB,
        "example.org": PitchProblem.LINK_NOT_WEB,
        "https://example.org/<!channel>": PitchProblem.LINK_NOT_WEB,
        "https://example.org/" + "x" * 1000: PitchProblem.LINK_TOO_LONG,
        "https://example.org " + "label " * 30: PitchProblem.LINK_LABEL_TOO_LONG,
    }
    for line, problem in cases.items():
        draft = form(links=f"https://example.org/ok Fine\n{line}")
        problems = problems_of(db, draft)
        assert problems == {"links": problem}, line
        assert field_errors(t, problems, draft)["links"].startswith("Line 2:")


def test_at_most_five_links(db: Database) -> None:
    draft = form(links="\n".join(f"https://example.org/{i}" for i in range(6)))

    assert problems_of(db, draft) == {"links": PitchProblem.TOO_MANY_LINKS}


def test_forged_links_are_checked_again(db: Database) -> None:
    forged = PitchDraft(title="x", links=(LinkData("javascript:alert(1)", "click"),))
    six = PitchDraft(title="x", links=tuple(LinkData(f"https://example.org/{i}") for i in range(6)))

    assert problems_of(db, forged) == {"links": PitchProblem.LINK_NOT_WEB}
    assert problems_of(db, six) == {"links": PitchProblem.TOO_MANY_LINKS}


def test_every_problem_has_words_in_every_language() -> None:
    for language in ("en", "fi", "sv"):
        t = translator(language)
        for problem in PitchProblem:
            assert field_errors(t, {"x": problem})["x"]


def test_the_practice_fields_are_read_and_kept(db: Database) -> None:
    draft = form(used_where="Helsinki libraries", ask_whom="Aino at the city library")
    kept = keep(db, "Tool library", kind=kinds.PRACTICE, used_where=draft.used_where, ask_whom=draft.ask_whom)

    assert (kept.used_where, kept.ask_whom) == ("Helsinki libraries", "Aino at the city library")


# --- the views, at Slack's limits ---------------------------------------------------------------


def test_the_pitch_form_with_every_knowledge_field_full_is_a_valid_view() -> None:
    challenges = [
        IdeaRef(id=i, number=100_000 + i, kind=kinds.CHALLENGE, status=statuses.NEW, title="Ö" * 150)
        for i in range(150)
    ]
    draft = PitchDraft(
        kind=kinds.PRACTICE,
        title="T" * 150,
        used_where="u" * 900,
        ask_whom="a" * 900,
        tags=tuple(f"{'t' * 38}{i:02d}" for i in range(10)),
        links=tuple(LinkData("https://example.org/" + "x" * 980, "L" * 100) for _ in range(5)),
        challenge_id=42,
        learning_due=TODAY,
    )
    for language in ("en", "fi", "sv"):
        view = pitch_modal(translator(language), themes=("health",), draft=draft, challenges=challenges[:100])
        assert_valid_view(view)
        picked = next(b for b in view["blocks"] if b.get("block_id") == "challenge")
        assert len(picked["element"]["options"]) == 100
        assert picked["element"]["initial_option"]["value"] == "42"
        tags_block = next(b for b in view["blocks"] if b.get("block_id") == "tags")
        assert tags_block["element"]["initial_value"].startswith("#tttt")


def test_the_similar_view_is_valid_and_escapes_titles() -> None:
    found = [
        IdeaData(
            id=i,
            team_id=p.TEAM_ID,
            number=i,
            kind=kinds.IDEA,
            status=statuses.NEW,
            title="<!channel> & " + "x" * 140,
            description="",
            believe="",
            outcome="",
            test="",
            share="",
            themes=(),
            seeking=(),
            author_id=None,
            channel_id="C0IDEAS001",
            message_ts="1.2",
            origin_channel_id=None,
            created_at=datetime(2026, 12, 1, tzinfo=UTC),
        )
        for i in range(3)
    ]
    draft = PitchDraft(title="<@U0SOMEONE> " + "y" * 130)
    view = similar_modal(translator("fi"), draft, found, draft_metadata(draft, None) or "")

    assert_valid_view(view)
    assert "<!channel>" not in str(view["blocks"]) and "<@U0SOMEONE>" not in str(view["blocks"])
    assert view["callback_id"] == ids.PITCH_SIMILAR_MODAL


def test_a_learning_date_is_kept_for_an_experiment_only(db: Database) -> None:
    idea = keep(db, "Tool library", learning_due=TODAY)
    trial = keep(
        db,
        "Walking meetings",
        **{k: v for k, v in vars(experiment(learning_due=TODAY)).items() if k != "title"},
    )

    assert (idea.learning_due, trial.learning_due) == (None, TODAY)
