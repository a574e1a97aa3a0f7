"""An experiment's learning as rules (bot/ideas/learning.py): who may share it, kept once, the step
to `learning shared`, whose learning is due for asking, and search in Finnish and Swedish."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.core.db import Database
from bot.ideas import learning, lifecycle, pitches, statuses
from bot.ideas.learning import LearningDraft, Outcome, Problem
from bot.ideas.queries import search_learnings
from models import Idea, Learning, StatusChange, utcnow
from models.pairing import LEARNING_MAX
from tests.ideas.learning_support import (
    AUTHOR,
    FACILITATOR,
    STRANGER,
    TEAM,
    TODAY,
    experiment,
    share,
    workspace,
)


def learnings(db: Database) -> list[tuple[int | None, str]]:
    with db.read() as session:
        return [(row.idea_id, row.text) for row in session.execute(select(Learning.idea_id, Learning.text))]


def test_the_author_shares_the_learning_which_moves_the_experiment_and_keeps_the_step(db: Database) -> None:
    workspace(db)
    trial = experiment(db)

    shared = share(db, trial.id, worked="Evenings", did_not="Mornings", again="maybe")

    assert shared.outcome is Outcome.SHARED and shared.moved is not None
    assert shared.idea is not None and shared.idea.status == statuses.LEARNING_SHARED
    assert shared.idea.learning is not None
    assert (shared.idea.learning.worked, shared.idea.learning.did_not, shared.idea.learning.again) == (
        "Evenings",
        "Mornings",
        "maybe",
    )
    with db.read() as session:
        step = session.execute(select(StatusChange.user_id, StatusChange.to_status)).one()
    assert tuple(step) == (AUTHOR, "learning_shared")


def test_a_facilitator_may_share_it_and_anyone_else_is_refused(db: Database) -> None:
    workspace(db)
    mine, theirs = experiment(db, "One"), experiment(db, "Two")

    assert share(db, mine.id, STRANGER).outcome is Outcome.NOT_ALLOWED
    assert learnings(db) == []
    assert share(db, theirs.id, FACILITATOR).outcome is Outcome.SHARED


def test_a_form_sent_twice_keeps_the_first_and_changes_nothing(db: Database) -> None:
    workspace(db)
    trial = experiment(db)
    share(db, trial.id, text="First")

    again = share(db, trial.id, text="Second")

    assert again.outcome is Outcome.ALREADY and again.moved is None
    assert learnings(db) == [(trial.id, "First")]
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(StatusChange)) == 1


def test_an_unknown_id_another_workspaces_id_or_an_idea_that_is_no_experiment_is_unknown(
    db: Database,
) -> None:
    workspace(db)
    plain_idea = experiment(db, "Garden", kind="idea")
    trial = experiment(db)

    assert share(db, 999_999).outcome is Outcome.UNKNOWN
    assert share(db, plain_idea.id).outcome is Outcome.UNKNOWN
    draft = LearningDraft(text="Forged")
    with db.session() as session:
        other = learning.share(
            session, team_id="T0OTHER001", user_id=AUTHOR, idea_id=trial.id, draft=draft, now=utcnow()
        )
    assert other.outcome is Outcome.UNKNOWN
    assert learnings(db) == []


def test_a_learning_with_the_step_missing_still_counts_as_shared(db: Database) -> None:
    """Should the status move meanwhile, the learning is kept, and nothing asks for it again."""
    workspace(db)
    trial = experiment(db, due=TODAY - timedelta(days=10))
    with db.session() as session:
        session.add(
            Learning(team_id=TEAM, idea_id=trial.id, author_id=AUTHOR, text="Kept", created_at=utcnow())
        )
    with db.read() as session:
        assert learning.due_for_asking(session, TEAM, TODAY) == []
        assert learning.overdue(session, TEAM, TODAY) == []


def test_the_form_is_checked_again_as_a_payload_can_be_forged() -> None:
    assert learning.check(LearningDraft(text="Fine", again="yes")) == {}
    assert learning.check(LearningDraft(text=" \u200b ")) == {"text": Problem.MISSING}
    too_long = "x" * (LEARNING_MAX + 1)
    assert learning.check(LearningDraft(text="Fine", worked=too_long, did_not=too_long)) == {
        "worked": Problem.TOO_LONG,
        "did_not": Problem.TOO_LONG,
    }
    assert learning.check(LearningDraft(text="Fine", again="always")) == {"again": Problem.UNKNOWN_CHOICE}


def test_due_today_or_before_is_asked_and_the_future_the_asked_the_shared_and_the_erased_are_not(
    db: Database,
) -> None:
    workspace(db)
    today = experiment(db, "Today")
    past = experiment(db, "Last month", due=TODAY - timedelta(days=30))
    experiment(db, "Tomorrow", due=TODAY + timedelta(days=1))
    experiment(db, "No day", due=None)
    experiment(db, "Erased", author=None)
    experiment(db, "Plain idea", kind="idea")
    shared = experiment(db, "Shared")
    share(db, shared.id)
    parked = experiment(db, "Parked")
    with db.session() as session:
        current = pitches.get(session, TEAM, parked.id)
        assert current is not None
        lifecycle.change_status(session, team_id=TEAM, user_id=AUTHOR, idea=current, to_status="parked")

    with db.read() as session:
        due = [idea.title for idea in learning.due_for_asking(session, TEAM, TODAY)]
    assert due == ["Last month", "Today"]

    now = utcnow()
    with db.session() as session:
        assert learning.claim_ask(session, team_id=TEAM, idea_id=today.id, now=now)
        assert not learning.claim_ask(session, team_id=TEAM, idea_id=today.id, now=now)
        # Shared or parked since it was found due: nobody is asked.
        assert not learning.claim_ask(session, team_id=TEAM, idea_id=shared.id, now=now)
        assert not learning.claim_ask(session, team_id=TEAM, idea_id=parked.id, now=now)
    with db.read() as session:
        assert [i.id for i in learning.due_for_asking(session, TEAM, TODAY)] == [past.id]
    with db.session() as session:
        learning.release_ask(session, team_id=TEAM, idea_id=today.id, claimed_at=now)
    with db.read() as session:
        assert len(learning.due_for_asking(session, TEAM, TODAY)) == 2


def test_asking_is_not_activity_on_the_experiment(db: Database) -> None:
    workspace(db)
    trial = experiment(db)
    with db.read() as session:
        before = session.scalar(select(Idea.updated_at).where(Idea.id == trial.id))
    with db.session() as session:
        learning.claim_ask(session, team_id=TEAM, idea_id=trial.id, now=utcnow() + timedelta(days=3))
    with db.read() as session:
        assert session.scalar(select(Idea.updated_at).where(Idea.id == trial.id)) == before


def test_search_finds_a_shared_learning_by_inflected_finnish_and_swedish_words(db: Database) -> None:
    workspace(db)
    trial = experiment(db, "Lautapelit kirjastossa")
    share(
        db,
        trial.id,
        text="Nuorille järjestetyt peli-illat toivat kirjastoon uusia kävijöitä.",
        worked="Skolorna spred ordet.",
        did_not="Vanhuksille aamut olivat liian aikaisin.",
    )

    with db.read() as session:
        for words in ("nuoret", "skola", "vanhus"):
            found = search_learnings(session, TEAM, words)
            assert [f.text[:8] for f in found] == ["Nuorille"], words
        assert search_learnings(session, TEAM, "jalkapallo") == []
