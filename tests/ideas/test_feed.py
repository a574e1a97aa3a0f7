"""A member's feed: what is new in the tags and themes they follow, answers to the challenges they
follow, learnings shared on their experiments; each once, the newest first, never their own."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.core.db import Database
from bot.ideas import feed, topics
from bot.ideas.feed import ANSWER, LEARNING, NEW_IDEA, Feed
from bot.ideas.topics import Topic
from tests.ideas.feed_bank import WEDNESDAY_8_UTC, Bank, hours

TEAM, OTHER_TEAM = "T0FEED001", "T0FEED002"
READER = "U0READER"
NOW = WEDNESDAY_8_UTC
DAY_AGO = NOW - hours(24)


@pytest.fixture
def bank(db: Database) -> Bank:
    return Bank(db, TEAM)


def feed_for(db: Database, user_id: str = READER, *, since: datetime = DAY_AGO, limit: int = 20) -> Feed:
    with db.read() as session:
        return feed.feed_of(session, team_id=TEAM, user_id=user_id, since=since, until=NOW, limit=limit)


def titles(found: Feed) -> list[str]:
    return [item.idea.title for item in found.items]


def test_new_ideas_under_a_followed_tag_or_theme_reach_the_member_and_nothing_else(
    db: Database, bank: Bank
) -> None:
    bank.follow(READER, "tag:nuoret", "theme:health")
    bank.idea("Nuorten kesätyöt", at=NOW - hours(3), tags=("nuoret",))
    bank.idea("Kävelyryhmä", at=NOW - hours(2), themes=("health",), kind="experiment")
    bank.idea("Kirjastoilta", at=NOW - hours(1), themes=("culture",), tags=("vanhukset",))

    found = feed_for(db)

    assert titles(found) == ["Kävelyryhmä", "Nuorten kesätyöt"]
    assert [item.topic for item in found.items] == [Topic("theme", "health"), Topic("tag", "nuoret")]
    assert {item.what for item in found.items} == {NEW_IDEA}
    assert found.more == 0


def test_an_idea_under_two_followed_topics_appears_once_explained_by_the_topic_followed_first(
    db: Database, bank: Bank
) -> None:
    bank.follow(READER, "theme:wellbeing")
    bank.follow(READER, "tag:nuoret")
    bank.idea("Nuorten hyvinvointi", at=NOW - hours(1), themes=("wellbeing",), tags=("nuoret",))

    (item,) = feed_for(db).items

    assert item.topic == Topic("theme", "wellbeing")


def test_the_members_own_ideas_and_learnings_are_left_out_but_a_forgotten_authors_are_not(
    db: Database, bank: Bank
) -> None:
    bank.follow(READER, "tag:nuoret")
    experiment = bank.idea("Oma kokeilu", at=NOW - hours(30), tags=("nuoret",), kind="experiment")
    bank.learning(experiment, at=NOW - hours(1), author=READER)
    bank.idea("Oma idea", at=NOW - hours(2), tags=("nuoret",), author=READER)
    bank.idea("Entisen jäsenen idea", at=NOW - hours(3), tags=("nuoret",), author=None)

    assert titles(feed_for(db)) == ["Entisen jäsenen idea"]


def test_answers_to_a_followed_challenge_or_to_a_challenge_under_a_followed_topic(
    db: Database, bank: Bank
) -> None:
    followed = bank.idea("How do we build trust?", at=NOW - hours(200), kind="challenge")
    under_tag = bank.idea("Miten tavoitamme nuoret?", at=NOW - hours(200), kind="challenge", tags=("nuoret",))
    elsewhere = bank.idea("Another challenge", at=NOW - hours(200), kind="challenge")
    bank.follow_idea(READER, followed)
    bank.follow(READER, "tag:nuoret")
    bank.idea("Open office hours", at=NOW - hours(3), challenge_id=followed, kind="practice")
    bank.idea("Nuorisotalon ilta", at=NOW - hours(2), challenge_id=under_tag)
    bank.idea("Not mine to see", at=NOW - hours(1), challenge_id=elsewhere)

    found = feed_for(db)

    assert titles(found) == ["Nuorisotalon ilta", "Open office hours"]
    assert [item.what for item in found.items] == [ANSWER, ANSWER]
    assert [item.challenge.number for item in found.items if item.challenge] == [
        bank.number_of(under_tag),
        bank.number_of(followed),
    ]


def test_an_answer_to_a_followed_challenge_under_a_followed_tag_is_one_item_explained_as_an_answer(
    db: Database, bank: Bank
) -> None:
    challenge = bank.idea("Miten tavoitamme nuoret?", at=NOW - hours(200), kind="challenge")
    bank.follow_idea(READER, challenge)
    bank.follow(READER, "tag:nuoret")
    bank.idea("Nuorisotalon ilta", at=NOW - hours(2), challenge_id=challenge, tags=("nuoret",))

    (item,) = feed_for(db).items

    assert item.what == ANSWER
    assert item.challenge is not None and item.challenge.id == challenge


def test_learnings_shared_on_a_followed_experiment_or_one_under_a_followed_theme(
    db: Database, bank: Bank
) -> None:
    followed = bank.idea("Walking meetings", at=NOW - hours(300), kind="experiment")
    themed = bank.idea("Kävelykokoukset", at=NOW - hours(300), kind="experiment", themes=("health",))
    other = bank.idea("Something else", at=NOW - hours(300), kind="experiment")
    bank.follow_idea(READER, followed)
    bank.follow(READER, "theme:health")
    bank.learning(followed, at=NOW - hours(2), channel_id="C0LEARN")
    bank.learning(themed, at=NOW - hours(1))
    bank.learning(other, at=NOW - hours(1))

    found = feed_for(db)

    assert titles(found) == ["Kävelykokoukset", "Walking meetings"]
    assert [item.what for item in found.items] == [LEARNING, LEARNING]
    assert found.items[1].channel_id == "C0LEARN"


def test_a_new_experiment_and_its_learning_are_two_items(db: Database, bank: Bank) -> None:
    bank.follow(READER, "tag:nuoret")
    experiment = bank.idea("Nuorten kokeilu", at=NOW - hours(5), tags=("nuoret",), kind="experiment")
    bank.learning(experiment, at=NOW - hours(1))

    assert [item.what for item in feed_for(db).items] == [LEARNING, NEW_IDEA]


def test_only_what_came_in_the_window_and_in_the_members_workspace(db: Database, bank: Bank) -> None:
    other = Bank(db, OTHER_TEAM)
    bank.follow(READER, "tag:nuoret")
    other.follow(READER, "tag:nuoret")
    bank.idea("Eilistä edellinen", at=DAY_AGO - hours(1), tags=("nuoret",))
    bank.idea("Tämän päivän", at=NOW - hours(1), tags=("nuoret",))
    bank.idea("Huomisen", at=NOW + hours(1), tags=("nuoret",))
    other.idea("Toisen työtilan", at=NOW - hours(1), tags=("nuoret",))

    assert titles(feed_for(db)) == ["Tämän päivän"]


def test_the_newest_come_first_and_the_rest_are_counted(db: Database, bank: Bank) -> None:
    bank.follow(READER, "tag:nuoret")
    for n in range(1, 8):
        bank.idea(f"Idea {n}", at=NOW - hours(10 - n), tags=("nuoret",))

    found = feed_for(db, limit=3)

    assert titles(found) == ["Idea 7", "Idea 6", "Idea 5"]
    assert found.more == 4 and found.total == 7


def test_a_member_who_follows_nothing_has_an_empty_feed(db: Database, bank: Bank) -> None:
    bank.idea("Nuorten kesätyöt", at=NOW - hours(1), tags=("nuoret",))

    assert feed_for(db) == Feed()


def test_the_themes_menu_follows_exactly_the_workspace_themes_chosen(db: Database, bank: Bank) -> None:
    themes = ("health", "culture", "work")
    bank.follow(READER, "theme:work", "theme:retired", "tag:nuoret")
    with db.session() as session:
        changed = feed.follow_themes(
            session,
            team_id=TEAM,
            user_id=READER,
            wanted=["health", "culture", "sports", "tag:x"],
            themes=themes,
        )
    with db.read() as session:
        followed = topics.followed(session, team_id=TEAM, user_id=READER)

    assert changed
    # Work unchosen is unfollowed; "sports" is no theme of the workspace; a theme the workspace no
    # longer has and the tag are left to their own Unfollow buttons.
    assert {t.key for t in followed} == {"theme:health", "theme:culture", "theme:retired", "tag:nuoret"}


def test_choosing_the_same_themes_again_changes_nothing(db: Database, bank: Bank) -> None:
    bank.follow(READER, "theme:health")
    with db.session() as session:
        assert not feed.follow_themes(
            session, team_id=TEAM, user_id=READER, wanted=["health"], themes=("health",)
        )


@pytest.mark.parametrize("forged", ["tag:someone-elses", "theme:", "nonsense", "", "tag:" + "x" * 500])
def test_an_unfollow_key_the_member_does_not_follow_changes_nothing(
    db: Database, bank: Bank, forged: str
) -> None:
    bank.follow(READER, "tag:nuoret")
    with db.session() as session:
        assert not feed.unfollow_key(session, team_id=TEAM, user_id=READER, key=forged)
        assert feed.unfollow_key(session, team_id=TEAM, user_id=READER, key="tag:nuoret")
    with db.read() as session:
        assert topics.followed(session, team_id=TEAM, user_id=READER) == []
