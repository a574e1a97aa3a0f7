"""One tag is one tag however it was typed, and a member follows a tag or a theme once."""

from __future__ import annotations

import pytest

from bot.core.db import Database
from bot.core.workspace_settings import ensure_workspace
from bot.ideas import tags, topics
from models.knowledge import TAG_MAX

TEAM, MEMBER = "T0TAGS", "U0FOLLOWER"
THEMES = ("health", "wellbeing", "culture")
FINNISH_THEME_NAMES = {"terveys": "health", "hyvinvointi": "wellbeing", "kulttuuri": "culture"}


@pytest.mark.parametrize(
    "typed",
    ["#nuoret", "nuoret", "#NUORET", " # Nuoret ", "＃ｎｕｏｒｅｔ", "nuoret\u200b"],
)
def test_case_hash_and_unicode_width_make_no_second_tag(typed: str) -> None:
    assert tags.normalise(typed) == "nuoret"


def test_finnish_and_swedish_letters_are_kept_and_words_joined_by_a_dash() -> None:
    assert tags.normalise("#Vanhusten hyvinvointi") == "vanhusten-hyvinvointi"
    assert tags.normalise("#Äldreomsorg_på_landet") == "äldreomsorg-på-landet"
    assert tags.normalise("Lähiöiden  kesä--työ") == "lähiöiden-kesä-työ"


def test_only_emoji_or_punctuation_is_no_tag_and_a_long_one_is_cut() -> None:
    assert tags.normalise("🎉🎉🎉") is None
    assert tags.normalise("#!!!") is None
    assert tags.normalise("") is None
    long = tags.normalise("#" + "kirjasto" * 25)
    assert long is not None and len(long) == TAG_MAX and long.startswith("kirjasto")


def test_a_list_of_tags_keeps_each_once_in_the_order_typed() -> None:
    typed = "#nuoret, #Kulttuuri #NUORET\n#lähiöt 🎉"
    assert tags.parse(typed) == ("nuoret", "kulttuuri", "lähiöt")
    many = " ".join(f"#aihe{n}" for n in range(30))
    assert len(tags.parse(many)) == tags.MAX_PER_IDEA


def test_a_topic_is_a_tag_or_a_theme_named_in_the_members_language() -> None:
    assert topics.parse("#Nuoret", THEMES, FINNISH_THEME_NAMES) == topics.Topic("tag", "nuoret")
    assert topics.parse("theme:health", THEMES, FINNISH_THEME_NAMES) == topics.Topic("theme", "health")
    assert topics.parse("teema:Kulttuuri", THEMES, FINNISH_THEME_NAMES) == topics.Topic("theme", "culture")
    assert topics.parse("tema:wellbeing", THEMES, FINNISH_THEME_NAMES) == topics.Topic("theme", "wellbeing")
    assert topics.parse("theme:sports", THEMES, FINNISH_THEME_NAMES) is None
    assert topics.parse("#🎉", THEMES, FINNISH_THEME_NAMES) is None
    assert topics.parse("12", THEMES, FINNISH_THEME_NAMES) is None


def test_following_a_topic_twice_keeps_one_follow_and_unfollowing_ends_it(db: Database) -> None:
    youth = topics.Topic("tag", "nuoret")
    health = topics.Topic("theme", "health")
    with db.session() as session:
        ensure_workspace(session, TEAM)
        assert topics.follow(session, team_id=TEAM, user_id=MEMBER, topic=youth)
        assert not topics.follow(session, team_id=TEAM, user_id=MEMBER, topic=youth)
        assert topics.follow(session, team_id=TEAM, user_id=MEMBER, topic=health)
    with db.read() as session:
        assert topics.followed(session, team_id=TEAM, user_id=MEMBER) == [youth, health]
        assert topics.followers(session, team_id=TEAM, topic=youth) == [MEMBER]
    with db.session() as session:
        assert topics.unfollow(session, team_id=TEAM, user_id=MEMBER, topic=youth)
        assert not topics.unfollow(session, team_id=TEAM, user_id=MEMBER, topic=youth)
    with db.read() as session:
        assert topics.followed(session, team_id=TEAM, user_id=MEMBER) == [health]


def test_a_follow_can_be_the_first_thing_a_workspace_stores(db: Database) -> None:
    youth = topics.Topic("tag", "nuoret")
    with db.session() as session:
        assert topics.follow(session, team_id="T0BRANDNEW", user_id=MEMBER, topic=youth)
    with db.read() as session:
        assert topics.followed(session, team_id="T0BRANDNEW", user_id=MEMBER) == [youth]


def test_a_member_follows_at_most_the_limit_of_topics(db: Database) -> None:
    with db.session() as session:
        ensure_workspace(session, TEAM)
        for n in range(topics.MAX_PER_MEMBER):
            assert topics.follow(session, team_id=TEAM, user_id=MEMBER, topic=topics.Topic("tag", f"aihe{n}"))
        assert not topics.follow(
            session, team_id=TEAM, user_id=MEMBER, topic=topics.Topic("tag", "yksi-liikaa")
        )
