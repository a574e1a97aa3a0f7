"""Each kind moves along its own path (bot/ideas/statuses.py PATHS, kept by bot/ideas/lifecycle.py): an
experiment is new, testing, learning shared or parked; the other kinds never test. `learning shared`
is reached only by sharing the learning."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.core.workspace_settings import ensure_workspace
from bot.ideas import lifecycle, pitches, statuses
from bot.ideas.data import IdeaData
from bot.ideas.lifecycle import Moved, Refusal
from bot.ideas.pitches import PitchDraft
from bot.ideas.views import browse
from handlers import idea as idea_handlers
from models import StatusChange
from tests.support import slack_payloads as p
from tests.support.listeners import Ack, Respond, context_for

TEAM, AUTHOR = p.TEAM_ID, "U0AUTHOR01"
EN = translator("en")


def pitched(db: Database, kind: str, title: str = "Lending shelf") -> IdeaData:
    with db.session() as session:
        ensure_workspace(session, TEAM)
        return pitches.create_pitch(
            session,
            team_id=TEAM,
            author_id=AUTHOR,
            draft=PitchDraft(kind=kind, title=title),
            origin_channel_id=None,
        )


def move(db: Database, idea: IdeaData, to_status: str) -> Moved | Refusal:
    with db.session() as session:
        current = pitches.get(session, TEAM, idea.id)
        assert current is not None
        return lifecycle.change_status(
            session, team_id=TEAM, user_id=AUTHOR, idea=current, to_status=to_status
        )


def status_of(db: Database, idea: IdeaData) -> str:
    with db.read() as session:
        current = pitches.get(session, TEAM, idea.id)
        assert current is not None
        return current.status


def test_an_experiment_refuses_a_projects_status_and_keeps_its_own(db: Database) -> None:
    trial = pitched(db, "experiment")

    assert move(db, trial, statuses.DEVELOPING) is Refusal.NOT_ON_PATH
    assert move(db, trial, statuses.DISCUSSING) is Refusal.NOT_ON_PATH
    assert status_of(db, trial) == statuses.NEW

    moved = move(db, trial, statuses.TESTING)
    assert isinstance(moved, Moved) and moved.to_status == statuses.TESTING
    assert isinstance(move(db, trial, statuses.PARKED), Moved)


@pytest.mark.parametrize("kind", ["idea", "challenge", "practice"])
def test_the_other_kinds_never_test_and_move_as_before(db: Database, kind: str) -> None:
    idea = pitched(db, kind)

    assert move(db, idea, statuses.TESTING) is Refusal.NOT_ON_PATH
    assert move(db, idea, statuses.LEARNING_SHARED) is Refusal.NOT_ON_PATH
    assert isinstance(move(db, idea, statuses.DISCUSSING), Moved)
    assert isinstance(move(db, idea, statuses.DONE), Moved)


def test_learning_shared_is_not_typed_but_reached_by_sharing(db: Database) -> None:
    trial = pitched(db, "experiment")
    move(db, trial, statuses.TESTING)

    assert move(db, trial, statuses.LEARNING_SHARED) is Refusal.SHARE_THE_LEARNING
    with db.session() as session:
        current = pitches.get(session, TEAM, trial.id)
        assert current is not None
        moved = lifecycle.learning_shared(session, team_id=TEAM, user_id=AUTHOR, idea=current)
    assert isinstance(moved, Moved) and moved.from_status == statuses.TESTING
    with db.read() as session:
        steps = session.execute(select(StatusChange.from_status, StatusChange.to_status)).all()
    assert [tuple(step) for step in steps] == [("new", "testing"), ("testing", "learning_shared")]


def test_only_an_experiment_can_have_its_learning_shared(db: Database) -> None:
    idea = pitched(db, "idea")
    with db.session() as session:
        assert (
            lifecycle.learning_shared(session, team_id=TEAM, user_id=AUTHOR, idea=idea) is Refusal.NOT_ON_PATH
        )


def test_the_first_perspective_leaves_an_experiment_new_and_moves_an_idea_on(db: Database) -> None:
    trial, idea = pitched(db, "experiment", "Trial"), pitched(db, "idea", "Garden")
    with db.session() as session:
        assert lifecycle.first_perspective(session, team_id=TEAM, idea=trial) is None
        moved = lifecycle.first_perspective(session, team_id=TEAM, idea=idea)
    assert moved is not None and moved.to_status == statuses.DISCUSSING
    assert status_of(db, trial) == statuses.NEW


def test_a_refusal_names_the_statuses_this_kind_can_have(db: Database) -> None:
    trial = pitched(db, "experiment", "Trial <!channel>")

    said = browse.status_refused(EN, Refusal.NOT_ON_PATH, trial)

    assert said == (
        "The status of #1 *Trial &lt;!channel&gt;* can be one of these: "
        "New, Testing, Learning shared, Parked."
    )
    assert "Share the learning" in browse.status_refused(EN, Refusal.SHARE_THE_LEARNING, trial)
    assert (
        browse.status_refused(EN, Refusal.SAME_STATUS, trial) == "#1 *Trial &lt;!channel&gt;* is already New."
    )


def test_idea_status_answers_a_status_off_the_kinds_path_with_the_path(listener_rt: Runtime) -> None:
    with listener_rt.db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        trial = pitches.create_pitch(
            session,
            team_id=p.TEAM_ID,
            author_id=p.USER_ID,
            draft=PitchDraft(kind="experiment", title="Trial", believe="b", outcome="o", test="t", share="s"),
            origin_channel_id=p.CHANNEL_ID,
        )
    for wanted, said in (("developing", "can be one of these"), ("learning_shared", "Share the learning")):
        ack, respond = Ack(), Respond()
        idea_handlers.idea_command(
            ack,
            p.slash_command("/idea", f"status {trial.number} {wanted}"),
            listener_rt.client,
            context_for(listener_rt),
            respond,
        )
        assert said in str(ack.calls) + str(respond.calls), (ack.calls, respond.calls)
    assert status_of(listener_rt.db, trial) == statuses.NEW, "nothing changed"
