"""The knowledge bank in a member's privacy document and in erasure: the ideas they support, the tags
and themes they follow, the links they added, their daily digests and their experiments' learnings."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.core.db import Database
from bot.core.i18n import translator
from bot.ideas import pitches
from bot.ideas.pitches import PitchDraft
from bot.privacy import erasure, export
from bot.privacy.views import blocks as views
from models import FeedDigest, Idea, IdeaLink, Learning, Support, TopicFollow, utcnow
from tests.privacy.test_privacy import ERIN, OLLI, TEAM, figures, seed_everything_about_erin


def erin_ran_an_experiment(db: Database) -> dict[str, int]:
    """On top of the seed: Erin's experiment and its shared learning, and Olli supporting her idea."""
    numbers = seed_everything_about_erin(db)
    with db.session() as session:
        experiment = pitches.create_pitch(
            session,
            team_id=TEAM,
            author_id=ERIN,
            draft=PitchDraft(kind="experiment", title="Lend board games"),
            origin_channel_id=None,
        )
        session.add(
            Learning(
                team_id=TEAM,
                idea_id=experiment.id,
                author_id=ERIN,
                text="Board games bring the young in",
                worked="Saturdays",
                did_not="Weekday mornings",
                again="yes",
            )
        )
        own = session.scalar(select(Idea.id).where(Idea.team_id == TEAM, Idea.number == numbers["own"]))
        session.add(Support(team_id=TEAM, idea_id=own, user_id=OLLI))
        numbers["experiment"] = experiment.number
        numbers["olli"] = session.scalar(
            select(Idea.number).where(Idea.team_id == TEAM, Idea.title == "Repair evening")
        )
    return numbers


def supports_per_idea(db: Database) -> dict[int, int]:
    with db.read() as session:
        return dict(
            session.execute(
                select(Support.idea_id, func.count()).where(Support.team_id == TEAM).group_by(Support.idea_id)
            ).all()
        )


def test_the_privacy_document_lists_supports_follows_links_digests_and_an_experiments_learning(
    db: Database,
) -> None:
    numbers = erin_ran_an_experiment(db)
    with db.read() as session:
        document = export.kept_about(session, TEAM, ERIN)

    assert [support["idea"] for support in document["supports"]] == [numbers["olli"]]
    assert [follow["topic"] for follow in document["topics_followed"]] == ["tag:nuoret"]
    [link] = document["links_added"]
    assert (link["idea"], link["url"], link["label"]) == (
        numbers["own"],
        "https://miro.com/app/board/reading",
        "Our Miro board",
    )
    [digest] = document["digests"]
    assert digest["items"] == 2 and digest["sent_at"] is not None
    [learning] = document["experiment_learnings"]
    assert learning == {
        "experiment": numbers["experiment"],
        "text": "Board games bring the young in",
        "worked": "Saturdays",
        "did_not": "Weekday mornings",
        "again": "yes",
        "shared_at": learning["shared_at"],
    }
    # Pairing's learnings are pairing's; the experiment's is listed once, with its experiment.
    assert [kept["text"] for kept in document["pairing"]["learnings"]] == ["Libraries lend tools too"]

    lines = views.kept_lines(translator("en"), document)
    for line in (
        "1 idea you support.",
        "1 tag or theme you follow.",
        "1 link you added to an idea.",
        "1 daily digest of what you follow.",
        "2 learnings you shared.",
    ):
        assert line in lines


def test_another_member_sees_none_of_erins_knowledge_bank(db: Database) -> None:
    erin_ran_an_experiment(db)
    with db.read() as session:
        document = export.kept_about(session, TEAM, OLLI)
    assert [support["idea"] for support in document["supports"]] == [1], "Olli's own support only"
    assert document["topics_followed"] == document["digests"] == document["experiment_learnings"] == []
    assert document["links_added"] == []


def test_erasure_keeps_every_support_counted_one_per_member_and_a_second_erasure_changes_nothing(
    db: Database,
) -> None:
    erin_ran_an_experiment(db)
    counted, before = supports_per_idea(db), figures(db)

    with db.session() as session:
        touched = erasure.erase(session, TEAM, ERIN, utcnow())

    assert touched["idea_supports"] == 1 and touched["idea_links"] == 1
    assert (touched["topic_follows"], touched["feed_digests"]) == (1, 1)
    assert supports_per_idea(db) == counted, "each idea keeps its supports"
    assert figures(db) == before, "the weeks gone by count the same supports"
    with db.read() as session:
        supporters = set(session.scalars(select(Support.user_id).where(Support.team_id == TEAM)))
        assert OLLI in supporters and ERIN not in supporters
        [stand_in] = supporters - {OLLI}
        assert stand_in.startswith(erasure.STAND_IN_PREFIX)
        link = session.scalar(select(IdeaLink).where(IdeaLink.team_id == TEAM))
        assert link is not None and link.added_by is None, "the link stays on the idea, without her"
        assert link.url == "https://miro.com/app/board/reading"
        for model in (TopicFollow, FeedDigest):
            assert session.scalar(select(func.count()).select_from(model).where(model.team_id == TEAM)) == 0
        assert session.scalar(select(Learning.author_id).where(Learning.idea_id.is_not(None))) is None
        document = export.kept_about(session, TEAM, ERIN)
    assert document["supports"] == document["links_added"] == document["experiment_learnings"] == []

    with db.session() as session:
        assert erasure.erase(session, TEAM, ERIN, utcnow()) == {}, "nothing is left to erase"
    assert supports_per_idea(db) == counted
    with db.read() as session:
        assert set(session.scalars(select(Support.user_id).where(Support.team_id == TEAM))) == supporters


def test_each_of_a_members_supports_gets_a_stand_in_of_its_own(db: Database) -> None:
    erin_ran_an_experiment(db)
    with db.session() as session:
        for number in (1, 3):
            idea_id = session.scalar(select(Idea.id).where(Idea.team_id == TEAM, Idea.number == number))
            session.add(Support(team_id=TEAM, idea_id=idea_id, user_id=ERIN))
    with db.session() as session:
        erasure.erase(session, TEAM, ERIN, utcnow())
    with db.read() as session:
        stand_ins = list(
            session.scalars(
                select(Support.user_id).where(
                    Support.team_id == TEAM, Support.user_id.startswith(erasure.STAND_IN_PREFIX)
                )
            )
        )
    assert len(stand_ins) == len(set(stand_ins)) == 3, "her supports cannot be joined up"
