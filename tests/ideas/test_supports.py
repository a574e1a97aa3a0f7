"""Supports: one per member, undone by pressing again, safe when two presses race, counted in one query."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from bot.core.db import Database
from bot.ideas import pitches, queries, supports
from bot.ideas.data import IdeaData
from bot.ideas.pitches import PitchDraft
from models import Support

TEAM, OTHER_TEAM = "T0SUPPORT1", "T0SUPPORT2"
AUTHOR, MEMBER, ANOTHER = "U0AUTHOR01", "U0MEMBER01", "U0MEMBER02"


def pitch(db: Database, title: str, team_id: str = TEAM) -> IdeaData:
    with db.session() as session:
        return pitches.create_pitch(
            session, team_id=team_id, author_id=AUTHOR, draft=PitchDraft(title=title), origin_channel_id="C1"
        )


def press(db: Database, idea: IdeaData, user_id: str = MEMBER) -> bool:
    with db.session() as session:
        return supports.toggle(session, team_id=idea.team_id, idea_id=idea.id, user_id=user_id)


def rows(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Support)) or 0


def test_pressing_supports_and_pressing_again_withdraws(db: Database) -> None:
    idea = pitch(db, "Repair cafe")

    assert press(db, idea) is True
    assert rows(db) == 1
    assert press(db, idea) is False
    assert rows(db) == 0
    assert press(db, idea) is True
    with db.read() as session:
        assert supports.supports(session, team_id=TEAM, idea_id=idea.id, user_id=MEMBER)
        assert pitches.get(session, TEAM, idea.id).supports == 1  # type: ignore[union-attr]


def test_each_member_counts_once_and_an_author_may_support_their_own_idea(db: Database) -> None:
    idea = pitch(db, "Repair cafe")

    for user_id in (MEMBER, ANOTHER, AUTHOR):
        assert press(db, idea, user_id) is True

    with db.read() as session:
        assert supports.count(session, TEAM, idea.id) == 3


def test_two_presses_racing_make_no_second_row_and_no_error(db: Database) -> None:
    idea = pitch(db, "Repair cafe")

    with ThreadPoolExecutor(max_workers=1) as pool, db.session() as first:
        assert supports.toggle(first, team_id=TEAM, idea_id=idea.id, user_id=MEMBER) is True
        # The second press begins while the first is not yet committed.
        second = pool.submit(press, db, idea)
    second_answer = second.result(timeout=60)

    # Whichever way the engine orders them, the member sees the state their last answer told them.
    assert rows(db) == (1 if second_answer else 0)


def test_counts_for_a_page_come_from_one_query_and_stay_in_their_workspace(db: Database) -> None:
    first, second, elsewhere = pitch(db, "One"), pitch(db, "Two"), pitch(db, "Three", OTHER_TEAM)
    press(db, first)
    press(db, first, ANOTHER)
    press(db, elsewhere)

    with db.read() as session:
        assert supports.counts(session, TEAM, [first.id, second.id, elsewhere.id]) == {first.id: 2}
        page = queries.list_ideas(session, TEAM)
    assert {idea.title: idea.supports for idea in page.ideas} == {"One": 2, "Two": 0}


def test_a_list_by_support_puts_the_most_supported_first_then_the_newest(db: Database) -> None:
    _quiet, loved, liked, _newest = (pitch(db, title) for title in ("Quiet", "Loved", "Liked", "Newest"))
    for user_id in (MEMBER, ANOTHER, AUTHOR):
        press(db, loved, user_id)
    press(db, liked)

    with db.read() as session:
        page = queries.list_ideas(session, TEAM, by_support=True, limit=3)
        rest = queries.list_ideas(session, TEAM, by_support=True, offset=3, limit=3)

    assert [idea.title for idea in page.ideas] == ["Loved", "Liked", "Newest"]
    assert page.has_more and [idea.title for idea in rest.ideas] == ["Quiet"]
