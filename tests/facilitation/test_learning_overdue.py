"""An experiment's learning not shared a week after its day is a facilitator's item
(bot/facilitation/attention.py LEARNING_OVERDUE), with a way to share it; it goes by itself once the
learning is shared or the experiment parked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.core.db import Database
from bot.core.i18n import translator
from bot.facilitation import attention, reminders
from bot.facilitation.attention import LEARNING_OVERDUE
from bot.facilitation.views.blocks import item_blocks
from bot.ideas import lifecycle, pitches
from models import AttentionItem
from tests.ideas.learning_support import AUTHOR, FACILITATOR, TEAM, TODAY, experiment, share, workspace
from tests.support.views_check import assert_valid_message

EN = translator("en")
# A Tuesday morning in Helsinki, the day the learning fell due, and a week on.
DUE_MORNING = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
WEEK_ON = DUE_MORNING + timedelta(days=7)


def learning_items(db: Database, now: datetime) -> list[tuple[str, str]]:
    """What a run at `now` would send the facilitator about learnings: (kind, idea number)."""
    report = reminders.run(db, None, TEAM, now=now, scheduled=False, dry_run=True)
    return [
        (item.kind, f"#{item.idea.number}" if item.idea else "")
        for entry, _result in report.digests
        if entry.facilitator.user_id == FACILITATOR
        for item in entry.items
        if item.kind == LEARNING_OVERDUE
    ]


def test_a_learning_a_week_overdue_is_an_item_and_not_a_day_sooner(db: Database) -> None:
    workspace(db)
    experiment(db, due=TODAY)
    experiment(db, "Without a day", due=None)

    assert learning_items(db, DUE_MORNING) == []
    assert learning_items(db, WEEK_ON - timedelta(days=1)) == []
    assert learning_items(db, WEEK_ON) == [(LEARNING_OVERDUE, "#1")]


def test_the_item_goes_by_itself_once_the_learning_is_shared(db: Database) -> None:
    workspace(db)
    trial = experiment(db, due=TODAY)
    with db.session() as session:
        attention.refresh(session, TEAM, WEEK_ON)

    share(db, trial.id)

    assert learning_items(db, WEEK_ON + timedelta(hours=1)) == []
    with db.session() as session:
        attention.refresh(session, TEAM, WEEK_ON + timedelta(hours=1))
    with db.read() as session:
        states = session.execute(select(AttentionItem.kind, AttentionItem.state)).all()
    assert [tuple(s) for s in states] == [(LEARNING_OVERDUE, "gone")]


def test_a_parked_experiment_owes_no_learning(db: Database) -> None:
    workspace(db)
    trial = experiment(db, due=TODAY)
    with db.session() as session:
        current = pitches.get(session, TEAM, trial.id)
        assert current is not None
        lifecycle.change_status(session, team_id=TEAM, user_id=AUTHOR, idea=current, to_status="parked")

    assert learning_items(db, WEEK_ON) == []


def test_the_item_says_how_long_it_is_overdue_and_offers_to_share_it(db: Database) -> None:
    workspace(db)
    trial = experiment(db, due=TODAY)
    with db.session() as session:
        attention.refresh(session, TEAM, WEEK_ON)
        (item,) = attention.open_items_of(session, TEAM, FACILITATOR)

    blocks = item_blocks(EN, item, WEEK_ON + timedelta(days=2), None, UTC)

    text = blocks[0]["text"]["text"]
    assert "was due 9 days ago and hasn't been shared yet" in text
    buttons = [(e["action_id"], e["value"]) for e in blocks[1]["elements"]]
    assert ("learning_share", str(trial.id)) in buttons
    assert_valid_message(text, blocks)
