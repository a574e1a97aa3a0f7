"""/idea list, follow and unfollow with the knowledge bank's words: kinds, statuses and themes by key or
by name in the member's language, in any order; `#tags` however typed; `support`; topics to follow."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.core.workspace_settings import ensure_workspace
from bot.ideas import pitches, supports, topics
from bot.ideas.commands import IdeaCommand, Problem, Wrong, parse
from bot.ideas.data import IdeaData
from bot.ideas.pitches import PitchDraft
from bot.ideas.topics import Topic
from bot.ideas.views import browse
from bot.members import roster
from handlers import idea as idea_handlers
from models import Idea, TopicFollow
from tests.support import slack_payloads as p
from tests.support.listeners import Ack, Respond, context_for
from tests.support.views_check import assert_valid_message

THEMES = ("health", "wellbeing", "culture")
FI, SV, EN = translator("fi"), translator("sv"), translator("en")


def parsed(text: str, t: Any = FI) -> IdeaCommand | Wrong:
    return parse(
        text,
        theme_names=idea_handlers.theme_names(t, THEMES),
        status_names=idea_handlers.status_names(t),
        kind_names=idea_handlers.kind_names(t),
    )


def test_list_reads_kind_status_theme_tag_and_support_in_any_order_in_finnish() -> None:
    expected = IdeaCommand(
        "list", kind="experiment", status="testing", theme="wellbeing", tag="nuoret", by_support=True
    )

    assert parsed("list kokeilu kokeilussa hyvinvointi #nuoret support") == expected
    assert parsed("list support #NUORET Hyvinvointi Kokeilussa KOKEILU") == expected
    assert parsed("list experiment testing theme:wellbeing ＃Nuoret support", EN) == expected
    assert parsed("list utmaning välmående", SV) == IdeaCommand("list", kind="challenge", theme="wellbeing")


@pytest.mark.parametrize(
    ("text", "problem", "word"),
    [
        ("list puutarha", Problem.UNKNOWN_THEME, "puutarha"),
        ("list kokeilu haaste", Problem.UNKNOWN_THEME, "haaste"),
        ("list #🎉", Problem.BAD_TAG, "#🎉"),
        ("list theme:puutarha", Problem.UNKNOWN_THEME, "theme:puutarha"),
        ("search kirjasto teema:puutarha", Problem.UNKNOWN_THEME, "teema:puutarha"),
        ("follow #!!!", Problem.BAD_TOPIC, "#!!!"),
        ("follow theme:puutarha", Problem.BAD_TOPIC, "theme:puutarha"),
        ("follow ³", Problem.BAD_NUMBER, "³"),
        ("unfollow #nuoret extra", Problem.TOO_MANY_WORDS, "extra"),
    ],
)
def test_an_unknown_word_is_wrong_usage(text: str, problem: Problem, word: str) -> None:
    wrong = parsed(text)

    assert isinstance(wrong, Wrong) and (wrong.problem, wrong.word) == (problem, word)
    assert browse.wrong_command(FI, wrong, THEMES)


def test_follow_reads_an_idea_number_a_tag_or_a_theme_by_its_finnish_name() -> None:
    assert parsed("follow #12") == IdeaCommand("follow", number=12)
    assert parsed("follow #NUORET") == IdeaCommand("follow_topic", topic=Topic(topics.TAG, "nuoret"))
    assert parsed("unfollow teema:Terveys") == IdeaCommand(
        "unfollow_topic", topic=Topic(topics.THEME, "health")
    )
    assert parsed("follow theme:health", EN) == IdeaCommand(
        "follow_topic", topic=Topic(topics.THEME, "health")
    )


def pitch(rt: Runtime, title: str, **fields: Any) -> IdeaData:
    with rt.db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        return pitches.create_pitch(
            session,
            team_id=p.TEAM_ID,
            author_id=p.USER_ID,
            draft=PitchDraft(title=title, **fields),
            origin_channel_id="C1",
        )


def run_idea(rt: Runtime, text: str) -> dict[str, Any]:
    ack = Ack()
    idea_handlers.idea_command(ack, p.slash_command("/idea", text), rt.client, context_for(rt), Respond())
    return ack.once


def in_finnish(rt: Runtime) -> None:
    with rt.db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        roster.choose_language(session, p.TEAM_ID, p.USER_ID, "fi")
    rt.prefs.forget(p.TEAM_ID, p.USER_ID)


def titles(message: dict[str, Any]) -> list[str]:
    return [
        title
        for block in message["blocks"]
        for title in ("Nuorten kokeilu", "Nuorten idea", "Vanhusten kokeilu")
        if title in str(block)
    ]


def test_list_by_tag_and_kind_and_by_support_through_the_command(listener_rt: Runtime) -> None:
    in_finnish(listener_rt)
    young = pitch(listener_rt, "Nuorten kokeilu", kind="experiment", tags=("nuoret",))
    pitch(listener_rt, "Nuorten idea", tags=("nuoret",))
    pitch(listener_rt, "Vanhusten kokeilu", kind="experiment", tags=("vanhukset",))
    with listener_rt.db.session() as session:
        supports.toggle(session, team_id=p.TEAM_ID, idea_id=young.id, user_id="U0FAN00001")

    by_tag = run_idea(listener_rt, "list #NUORET")
    by_kind_and_tag = run_idea(listener_rt, "list #nuoret kokeilu")
    by_support = run_idea(listener_rt, "list support")

    assert_valid_message(by_tag["text"], by_tag["blocks"])
    assert titles(by_tag) == ["Nuorten idea", "Nuorten kokeilu"]
    assert titles(by_kind_and_tag) == ["Nuorten kokeilu"] and "#nuoret" in by_kind_and_tag["text"]
    assert titles(by_support) == ["Nuorten kokeilu", "Vanhusten kokeilu", "Nuorten idea"]
    one_support = FI.ngettext("%(n)s support", "%(n)s supports", 1) % {"n": 1}
    assert one_support in str(by_support)


def test_an_unknown_list_word_answers_with_the_usage(listener_rt: Runtime) -> None:
    answer = run_idea(listener_rt, "list #nuoret gardening")

    assert "`gardening`" in answer["text"] and "/idea list" in answer["text"]


def test_follow_and_unfollow_a_tag_and_a_theme(listener_rt: Runtime) -> None:
    with listener_rt.db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
    first = run_idea(listener_rt, "follow #Nuoret")
    again = run_idea(listener_rt, "follow #NUORET")
    theme = run_idea(listener_rt, "follow theme:health")
    gone = run_idea(listener_rt, "unfollow #nuoret")
    not_followed = run_idea(listener_rt, "unfollow #nuoret")

    assert first["text"] == "You follow *#nuoret*. What is new there reaches you in one digest a day."
    assert again["text"] == "You already follow *#nuoret*."
    assert (
        theme["text"] == "You follow the theme *Health*. What is new there reaches you in one digest a day."
    )
    assert gone["text"] == "You no longer follow *#nuoret*."
    assert not_followed["text"] == "You weren't following *#nuoret*."
    with listener_rt.db.read() as session:
        assert session.scalars(select(TopicFollow.topic)).all() == ["theme:health"]


def test_a_wrong_follow_changes_nothing(listener_rt: Runtime) -> None:
    answer = run_idea(listener_rt, "follow theme:gardening")

    assert "`theme:gardening`" in answer["text"] and "/idea follow" in answer["text"]
    with listener_rt.db.read() as session:
        assert session.scalar(select(func.count()).select_from(TopicFollow)) == 0
        assert session.scalar(select(func.count()).select_from(Idea)) == 0


def test_show_has_the_tags_and_the_support_count(listener_rt: Runtime) -> None:
    made = pitch(listener_rt, "Nuorten idea", tags=("nuoret",), kind="practice", used_where="kirjasto")

    answer = run_idea(listener_rt, f"show {made.number}")

    assert_valid_message(answer["text"], answer["blocks"])
    assert "`#nuoret`" in str(answer) and "0 supports" in str(answer) and "kirjasto" in str(answer)


def test_more_under_a_list_keeps_its_tag_and_its_order_by_support(listener_rt: Runtime) -> None:
    made = [pitch(listener_rt, f"Nuorten idea {n:02d}", tags=("nuoret",)) for n in range(12)]
    pitch(listener_rt, "Vanhusten kokeilu", kind="experiment")
    with listener_rt.db.session() as session:
        supports.toggle(session, team_id=p.TEAM_ID, idea_id=made[0].id, user_id="U0FAN00001")

    first = run_idea(listener_rt, "list #nuoret support")
    (button,) = (e for b in first["blocks"] if b["type"] == "actions" for e in b["elements"])
    respond = Respond()
    idea_handlers.more(Ack(), {"value": button["value"]}, context_for(listener_rt), respond)

    assert "Nuorten idea 00" in str(first["blocks"][1])
    rest = str(respond.once["blocks"])
    assert "Nuorten idea 02" in rest and "Nuorten idea 01" in rest
    assert "Nuorten idea 00" not in rest and "Vanhusten" not in rest
