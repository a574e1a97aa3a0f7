"""The card and `/idea show` with everything the knowledge bank adds: tags, links, a practice's fields,
the challenge answered or a challenge's answers, an experiment's learning, supports; within Slack's
limits in every language, whatever a member typed."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.core import ids
from bot.core.i18n import available_languages, translator
from bot.ideas import looking_for
from bot.ideas.data import ANSWERS_SHOWN, IdeaData, IdeaRef, LearningData, LinkData
from bot.ideas.queries import IdeaDetail
from bot.ideas.views import knowledge
from bot.ideas.views.card import pitch_card
from bot.ideas.views.show import detail_message
from tests.support.views_check import assert_valid_message

LANGUAGES = available_languages()
EN = translator("en")
HOSTILE_URL = "https://example.org/a b|<!channel>&x=<@U1>"


def idea(**changes: Any) -> IdeaData:
    values: dict[str, Any] = dict(
        id=7,
        team_id="T1",
        number=12,
        kind="idea",
        status="new",
        title="Youth library evenings",
        description="Open the library for teenagers.",
        believe="",
        outcome="",
        test="",
        share="",
        themes=("culture",),
        seeking=(),
        author_id="U0AUTHOR01",
        channel_id="C1",
        message_ts="1.2",
        origin_channel_id="C1",
        created_at=datetime(2026, 11, 21, tzinfo=UTC),
    )
    values.update(changes)
    return IdeaData(**values)


def ref(number: int, kind: str = "idea", title: str = "An answer") -> IdeaRef:
    return IdeaRef(id=number + 100, number=number, kind=kind, status="new", title=title)


def learning(**changes: Any) -> LearningData:
    values: dict[str, Any] = dict(
        text="Teenagers came when friends invited them.",
        worked="Invitations by friends",
        did_not="Posters",
        again="yes",
        channel_id="C2",
        message_ts="3.4",
        created_at=datetime(2026, 11, 30, tzinfo=UTC),
    )
    values.update(changes)
    return LearningData(**values)


def shown(message: dict[str, Any]) -> str:
    return str(message["blocks"])


def actions(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_every_card_has_a_support_button_and_shows_the_count() -> None:
    card = pitch_card(EN, idea(supports=3, tags=("nuoret", "kirjasto")))

    support = next(e for e in actions(card) if e["action_id"] == ids.IDEA_SUPPORT)
    assert support["value"] == "7" and support["text"]["text"] == "Support"
    assert "3 supports" in shown(card) and "`#nuoret` `#kirjasto`" in shown(card)
    assert "0 supports" in shown(pitch_card(EN, idea()))


def test_a_practice_shows_where_it_is_used_whom_to_ask_and_its_links() -> None:
    practice = idea(
        kind="practice",
        used_where="Kirjasto & nuorisotalo",
        ask_whom="<@U0HOST001> at the library",
        links=(LinkData("https://miro.com/app/board/x=/", "Our Miro"), LinkData("https://example.org/doc")),
    )

    text = shown(pitch_card(EN, practice))

    assert "*Where it is used*\\nKirjasto &amp; nuorisotalo" in text
    assert "*Whom to ask*\\n&lt;@U0HOST001&gt; at the library" in text
    assert "<https://miro.com/app/board/x=/|Our Miro>" in text
    assert "<https://example.org/doc|https://example.org/doc>" in text


@pytest.mark.parametrize(
    ("url", "label"),
    [
        (HOSTILE_URL, "<!here> click|me"),
        ("javascript:alert(1)", "Click me"),
        ("slack://open", ""),
        ("https://example.org/" + "x" * 2000, "Long"),
        ("https://example.org/\n<!channel>", "newline"),
    ],
)
def test_a_hostile_link_cannot_break_the_markup_or_ping_anyone(url: str, label: str) -> None:
    text = knowledge.link_text(LinkData(url, label))

    # At most one link, which opens with a web address and holds no further markup.
    assert "<!" not in text and "<@" not in text
    links = re.findall(r"<([^<>]*)>", text)
    assert len(links) <= 1
    if links:
        address, _, shown_label = links[0].partition("|")
        assert address.startswith(("http://", "https://")) and " " not in address
        assert "|" not in shown_label
    else:
        assert "<" not in text and ">" not in text


def test_an_answer_names_its_challenge_and_a_challenge_lists_its_answers() -> None:
    answer = idea(challenge_id=5, challenge=ref(5, "challenge", "Trust <across> the sector"))
    answers = tuple(ref(number) for number in range(30, 30 - ANSWERS_SHOWN, -1))
    challenge = idea(kind="challenge", answers=answers, answer_count=ANSWERS_SHOWN + 4)

    assert "Answers challenge #5: Trust &lt;across&gt; the sector" in shown(pitch_card(EN, answer))
    text = shown(pitch_card(EN, challenge))
    assert "*#30* An answer" in text and f"*#{31 - ANSWERS_SHOWN}*" in text
    assert "and 4 more" in text


def test_only_an_open_challenge_can_be_answered_from_its_card() -> None:
    def answer_buttons(shape: IdeaData) -> list[dict[str, Any]]:
        return [e for e in actions(pitch_card(EN, shape)) if e["action_id"] == ids.CHALLENGE_ANSWER]

    (button,) = answer_buttons(idea(kind="challenge", status="discussing"))
    assert button["value"] == "7"
    assert answer_buttons(idea(kind="challenge", status="parked")) == []
    assert answer_buttons(idea(kind="challenge", status="done")) == []
    assert answer_buttons(idea(kind="idea")) == []


def test_an_experiment_shows_its_learning_date_while_testing_then_its_learning() -> None:
    testing = idea(kind="experiment", status="testing", learning_due=date(2027, 1, 15))
    shared = idea(kind="experiment", status="learning_shared", learning=learning(again="maybe"))

    assert "The learning is to be shared by Jan 15, 2027." in shown(pitch_card(EN, testing))
    text = shown(pitch_card(EN, shared))
    assert "*What we learned*\\nTeenagers came when friends invited them." in text
    assert "*What worked*\\nInvitations by friends" in text and "*What did not work*\\nPosters" in text
    assert "*Would we do it again?* Maybe" in text
    assert "to be shared by" not in text


def test_show_has_everything_the_card_has_and_its_counts() -> None:
    full = idea(
        kind="challenge",
        supports=1,
        followers=2,
        tags=("nuoret",),
        links=(LinkData("https://example.org", "Doc"),),
        answers=(ref(13),),
        answer_count=1,
    )

    message = detail_message(EN, IdeaDetail(full, [], []), "https://slack.example/archives/C1/p1")

    text = shown(message)
    assert "0 perspectives · 2 followers · 1 support" in text
    assert "`#nuoret`" in text and "<https://example.org|Doc>" in text and "*#13* An answer" in text
    assert {e["action_id"] for e in actions(message)} == {
        ids.OPEN_PITCH,
        ids.CHALLENGE_ANSWER,
        ids.IDEA_SUPPORT,
    }


def brimful(kind: str, **changes: Any) -> IdeaData:
    """Everything at its longest, typed by someone trying to break the card."""
    hostile = "<!channel>&" * 300
    return idea(
        kind=kind,
        title="<&>" * 50,
        description="&" * 3000,
        believe="<" * 500,
        outcome=">" * 500,
        test="&" * 500,
        share="x" * 500,
        themes=tuple(f"{'t' * 45}{i:02d}" for i in range(20)),
        seeking=looking_for.ALL,
        used_where=hostile,
        ask_whom=hostile,
        tags=tuple(f"{'ä' * 38}{i:02d}" for i in range(10)),
        links=tuple(LinkData(HOSTILE_URL + "x" * 900, hostile[:100]) for _ in range(5)),
        challenge=ref(5, "challenge", hostile[:200]),
        challenge_id=5,
        supports=123456,
        answers=tuple(ref(n, title=hostile[:200]) for n in range(ANSWERS_SHOWN)),
        answer_count=99999,
        learning_due=date(2027, 1, 1),
        learning=learning(text=hostile, worked=hostile, did_not=hostile, again="no"),
        **changes,
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["idea", "challenge", "experiment", "practice"])
def test_card_and_show_stay_within_slacks_limits_whatever_was_typed(language: str, kind: str) -> None:
    t = translator(language)
    shape = brimful(kind)

    card = pitch_card(t, shape)
    message = detail_message(t, IdeaDetail(shape, [], ["P" * 300] * 20), "https://x/y")

    for built in (card, message):
        assert_valid_message(built["text"], built["blocks"])
        assert "<!channel>" not in shown(built)


@pytest.mark.parametrize("language", LANGUAGES)
def test_lists_and_search_results_stay_within_slacks_limits(language: str) -> None:
    from bot.ideas.queries import FoundLearning, Page
    from bot.ideas.search import Filters
    from bot.ideas.topics import Topic
    from bot.ideas.views import browse, found

    t = translator(language)
    page = Page([brimful(kind) for kind in ("idea", "challenge", "experiment", "practice")] * 3, 0, True)
    filters = Filters(kind="experiment", status="testing", theme="<!channel>" * 5, tag="ä" * 40)
    learnings = [
        FoundLearning(
            1, "<!here>&" * 400, None, datetime(2026, 11, 30, tzinfo=UTC), ref(9, "experiment", "<&>" * 70)
        ),
        FoundLearning(2, "Pairs learn", "U0PAIR0001", datetime(2026, 11, 30, tzinfo=UTC)),
    ]

    listed = browse.page_message(t, page, browse.list_heading(t, filters, by_support=True), {"q": "list"})
    searched = found.search_message(
        t, "<!channel> " * 50, page, learnings, searched_by=["ä" * 64] * 12, filters=filters
    )

    for message in (listed, searched):
        assert_valid_message(message["text"], message["blocks"])
        # What is shown, not the More button's value (which only the bot reads).
        read = str([block for block in message["blocks"] if block["type"] != "actions"]) + message["text"]
        assert "<!channel>" not in read and "<!here>" not in read
    assert "#9" in shown(searched)
    for topic in (Topic("tag", "nuoret"), Topic("theme", "<!channel>")):
        for new, already in ((True, True), (False, True), (False, False)):
            assert "<!channel>" not in browse.topic_followed(t, topic, new=new, already=already)
