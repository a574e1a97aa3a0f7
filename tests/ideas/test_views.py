"""Every view and message the bot builds passes Block Kit's limits, in every language, at the extremes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.i18n import available_languages, translator
from bot.core.text import ELLIPSIS, escape, escape_and_truncate, truncate
from bot.core.workspace_settings import MAX_THEMES
from bot.home.views import help as help_views
from bot.home.views.home import home_view
from bot.ideas import looking_for
from bot.ideas.data import IdeaData
from bot.ideas.pitches import PitchDraft, PitchProblem
from bot.ideas.views import notices
from bot.ideas.views.card import pitch_card
from bot.ideas.views.perspective import perspective_modal, perspective_reply
from bot.ideas.views.pitch import (
    draft_from_message,
    draft_from_state,
    field_errors,
    origin_channel,
    pitch_modal,
)
from tests.support.views_check import assert_valid_message, assert_valid_view

LANGUAGES = available_languages()
LONG_THEMES = tuple(f"{'t' * 45}{i:02d}" for i in range(MAX_THEMES))


def idea(**changes) -> IdeaData:
    values = dict(
        id=7,
        team_id="T1",
        number=123456,
        kind="experiment",
        status="new",
        title="<&>" * 50,
        description="&" * 3000,
        believe="<" * 500,
        outcome=">" * 500,
        test="&" * 500,
        share="x" * 500,
        themes=LONG_THEMES,
        seeking=looking_for.ALL,
        author_id="U0AUTHOR01",
        channel_id="C1",
        message_ts="1.2",
        origin_channel_id="C1",
        created_at=datetime(2026, 11, 21, tzinfo=UTC),
    )
    values.update(changes)
    return IdeaData(**values)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pitch_form_is_valid_even_filled_to_the_brim(language: str) -> None:
    t = translator(language)
    full = PitchDraft(
        kind="experiment",
        title="T" * 400,
        description="D" * 9000,
        believe="b" * 900,
        themes=LONG_THEMES[:3],
        seeking=("funding",),
    )
    for draft in (None, full):
        view = pitch_modal(t, themes=LONG_THEMES, draft=draft, private_metadata='{"channel": "C1"}')
        assert_valid_view(view)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_card_is_valid_at_every_limit(language: str) -> None:
    t = translator(language)
    for shape in (
        idea(),
        idea(
            kind="idea",
            description="",
            believe="",
            outcome="",
            test="",
            share="",
            themes=(),
            seeking=(),
            author_id=None,
        ),
    ):
        card = pitch_card(t, shape)
        assert_valid_message(card["text"], card["blocks"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_notices_help_and_home_are_valid(language: str) -> None:
    t = translator(language)
    shape = idea()
    for error in ("not_in_channel", "is_archived", "channel_not_found", "<weird&error>"):
        dm = notices.post_failed_dm(t, shape, "C1", error)
        assert_valid_message(dm["text"], dm["blocks"])
    for message in (
        notices.posted(t, shape, "C1"),
        notices.help_offer_dm(t, shape, "U2", "https://x/y"),
        perspective_reply(t, "U2", "<!here> " + "&" * 3000),
    ):
        assert_valid_message(message["text"], message.get("blocks"))
    assert_valid_view(perspective_modal(t, shape))
    assert_valid_view(home_view(t, [shape] * 5))
    assert_valid_view(home_view(t, []))
    assert help_views.thinktank_help(t)
    for problem in PitchProblem:
        assert field_errors(t, {"title": problem})["title"]


def test_escaping_keeps_mentions_and_links_inert() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert perspective_reply(translator("en"), "U2", "<!everyone>")["text"].endswith("\n>&lt;!everyone&gt;")


def test_shortening_never_splits_an_escaped_character() -> None:
    cut = escape_and_truncate("a" * 8 + "&&&&", 12)
    assert cut.endswith(ELLIPSIS) and "&amp" not in cut.replace("&amp;", "")
    assert truncate("short", 10) == "short"
    assert truncate("x" * 20, 10) == "x" * 9 + ELLIPSIS


def test_a_forged_form_reads_as_empty_not_as_an_error() -> None:
    hostile = {
        "title": {"value": {"value": ["not", "text"]}},
        "kind": "nonsense",
        "themes": {"value": {"selected_options": [{"value": 5}, "x", {"value": "health"}]}},
    }
    draft = draft_from_state(hostile)
    assert draft.title == "" and draft.kind == "" and draft.themes == ("health",)
    assert origin_channel('{"channel": "C0<script>"}') is None
    assert origin_channel("not json") is None
    assert origin_channel('{"channel": "C0IDEAS001"}') == "C0IDEAS001"


def test_a_saved_message_splits_into_title_and_description() -> None:
    assert draft_from_message("Title line\n\nMore words") == PitchDraft(
        title="Title line", description="More words"
    )
    long = draft_from_message("w" * 400)
    assert len(long.title) == 150 and long.description == "w" * 400
