"""The pitch listeners with the knowledge bank: the similar ideas step and "Post anyway", the
challenge card's "Answer this challenge", and a forged challenge in the form."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from bot.core import ids
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.ideas import kinds, pitches, similar, statuses
from bot.ideas.data import IdeaData
from bot.ideas.pitches import PitchDraft
from bot.ideas.views import notices
from handlers import pitch
from models.idea import Idea
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.listeners import Ack, context_for
from tests.support.pitching import pitch_values

METADATA = f'{{"channel": "{p.CHANNEL_ID}"}}'


def keep(rt: Runtime, title: str, **fields: Any) -> IdeaData:
    with rt.db.session() as session:
        return pitches.create_pitch(
            session,
            team_id=p.TEAM_ID,
            author_id="U0EARLIER1",
            draft=PitchDraft(title=title, **fields),
            origin_channel_id=p.CHANNEL_ID,
        )


def titles(rt: Runtime) -> list[str]:
    with rt.db.read() as session:
        return list(session.scalars(select(Idea.title).order_by(Idea.number)))


def submit(rt: Runtime, values: dict[str, Any], view_id: str | None = None) -> tuple[Ack, dict[str, Any]]:
    ack = Ack()
    form = p.view_submission(ids.PITCH_MODAL, values, private_metadata=METADATA, view_id=view_id)
    pitch.submit_pitch(ack, form["view"], rt.client, context_for(rt))
    return ack, form["view"]


def post_anyway(rt: Runtime, shown: dict[str, Any], view_id: str) -> Ack:
    """ "Post anyway" pressed on the similar ideas view `shown`, whose view id is `view_id`."""
    ack = Ack()
    sent = p.view_submission(
        ids.PITCH_SIMILAR_MODAL, {}, private_metadata=shown["private_metadata"], view_id=view_id
    )
    pitch.post_anyway(ack, sent["view"], rt.client, context_for(rt))
    return ack


def test_a_pitch_like_an_existing_idea_shows_it_first_and_keeps_nothing_yet(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    keep(listener_rt, "Kirjasto lainaa työkaluja")

    ack, _view = submit(listener_rt, pitch_values(title="Työkalujen lainaus kirjastosta"))

    # Pushed over the form: Back returns to the pitch as it was typed.
    assert ack.once["response_action"] == "push"
    shown = ack.once["view"]
    assert shown["callback_id"] == ids.PITCH_SIMILAR_MODAL
    assert "Kirjasto lainaa työkaluja" in str(shown["blocks"])
    assert titles(listener_rt) == ["Kirjasto lainaa työkaluja"]
    assert fake_slack.calls_to("chat.postMessage") == []


def test_post_anyway_keeps_and_posts_the_pitch_once(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    keep(listener_rt, "Kirjasto lainaa työkaluja")
    values = pitch_values(title="Työkalujen lainaus kirjastosta", description="Porakoneet kaikille.")
    ack, view = submit(listener_rt, values)
    shown = ack.once["view"]

    pushed_id = view["id"] + "PUSHED"  # the similar ideas are a view of their own, over the form
    for _ in range(2):  # Slack sends a late-acked form again
        assert post_anyway(listener_rt, shown, pushed_id).once == {"response_action": "clear"}

    assert titles(listener_rt) == ["Kirjasto lainaa työkaluja", "Työkalujen lainaus kirjastosta"]
    (card,) = fake_slack.calls_to("chat.postMessage")
    assert card.params["channel"] == p.CHANNEL_ID
    with listener_rt.db.read() as session:
        kept = session.scalars(select(Idea).where(Idea.view_id == pushed_id)).one()
        assert (kept.description, kept.origin_channel_id) == ("Porakoneet kaikille.", p.CHANNEL_ID)


def test_an_unrelated_pitch_is_posted_at_once(listener_rt: Runtime, fake_slack: FakeSlack) -> None:
    keep(listener_rt, "Kirjasto lainaa työkaluja")

    ack, _view = submit(listener_rt, pitch_values(title="Kävelykokoukset puistossa"))

    assert ack.once == {}
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_failing_lookup_posts_the_pitch(
    listener_rt: Runtime, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep(listener_rt, "Kirjasto lainaa työkaluja")

    def broken(*_args: Any, **_kwargs: Any) -> list[IdeaData]:
        raise TimeoutError("statement timeout")

    monkeypatch.setattr(similar, "similar_ideas", broken)
    ack, _view = submit(listener_rt, pitch_values(title="Työkalujen lainaus kirjastosta"))

    assert ack.once == {}
    assert titles(listener_rt)[-1] == "Työkalujen lainaus kirjastosta"
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_the_same_form_sent_again_after_it_was_kept_is_not_offered_itself(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    values = pitch_values(title="Työkalujen lainaus kirjastosta")
    first, view = submit(listener_rt, values)
    again, _view = submit(listener_rt, values, view_id=view["id"])

    assert first.once == again.once == {}
    assert titles(listener_rt) == ["Työkalujen lainaus kirjastosta"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_post_anyway_with_a_challenge_closed_meanwhile_goes_back_to_the_form(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    challenge = keep(listener_rt, "Miten lainaamme enemmän?", kind=kinds.CHALLENGE)
    keep(listener_rt, "Kirjasto lainaa työkaluja")
    values = pitch_values(title="Työkalujen lainaus kirjastosta")
    values["challenge"] = {ids.INPUT: p.static_select(str(challenge.id))}
    ack, view = submit(listener_rt, values)
    with listener_rt.db.session() as session:
        session.execute(update(Idea).where(Idea.id == challenge.id).values(status=statuses.PARKED))

    back = post_anyway(listener_rt, ack.once["view"], view["id"]).once

    assert back["response_action"] == "update"
    assert back["view"]["callback_id"] == ids.PITCH_MODAL
    assert "Työkalujen lainaus kirjastosta" in str(back["view"]["blocks"])
    assert len(titles(listener_rt)) == 2
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_forged_or_parked_challenge_in_the_form_is_marked(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    parked = keep(listener_rt, "Old question", kind=kinds.CHALLENGE)
    with listener_rt.db.session() as session:
        session.execute(update(Idea).where(Idea.id == parked.id).values(status=statuses.PARKED))
    for value in (str(parked.id), "99999", "'; drop table ideas"):
        values = pitch_values(title="Something else entirely")
        values["challenge"] = {ids.INPUT: p.static_select(value)}

        ack, _view = submit(listener_rt, values)

        assert ack.once["response_action"] == "errors"
        assert set(ack.once["errors"]) == {"challenge"}
    assert titles(listener_rt) == ["Old question"]


def test_answer_this_challenge_opens_the_form_answering_it(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    challenge = keep(listener_rt, "How do we build trust?", kind=kinds.CHALLENGE)
    ack = Ack()
    press = p.block_actions(ids.CHALLENGE_ANSWER, str(challenge.id))

    pitch.answer_challenge(ack, press, press["actions"][0], listener_rt.client, context_for(listener_rt))

    assert ack.once == {}
    (opened,) = fake_slack.calls_to("views.open")
    blocks = opened.json("view")["blocks"]
    select_block = next(b for b in blocks if b.get("block_id") == "challenge")
    assert select_block["element"]["initial_option"]["value"] == str(challenge.id)


@pytest.mark.parametrize("state", ["parked", "unknown", "not a challenge"])
def test_answer_this_challenge_on_a_closed_or_unknown_one_says_so_privately(
    listener_rt: Runtime, fake_slack: FakeSlack, state: str
) -> None:
    idea = keep(
        listener_rt,
        "How do we build trust?",
        kind=kinds.IDEA if state == "not a challenge" else kinds.CHALLENGE,
    )
    if state == "parked":
        with listener_rt.db.session() as session:
            session.execute(update(Idea).where(Idea.id == idea.id).values(status=statuses.PARKED))
    value = "424242" if state == "unknown" else str(idea.id)
    press = p.block_actions(ids.CHALLENGE_ANSWER, value)

    pitch.answer_challenge(Ack(), press, press["actions"][0], listener_rt.client, context_for(listener_rt))

    assert fake_slack.calls_to("views.open") == []
    (said,) = fake_slack.calls_to("chat.postEphemeral")
    assert said.params["text"] == notices.challenge_not_open(translator("en"))


def test_an_edit_is_saved_without_the_similar_step_and_keeps_its_parked_challenge(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    challenge = keep(listener_rt, "Miten lainaamme enemmän?", kind=kinds.CHALLENGE)
    keep(listener_rt, "Kirjasto lainaa työkaluja")
    with listener_rt.db.session() as session:
        mine = pitches.create_pitch(
            session,
            team_id=p.TEAM_ID,
            author_id=p.USER_ID,
            draft=PitchDraft(title="Työkalut lainaan", challenge_id=challenge.id),
            origin_channel_id=p.CHANNEL_ID,
        )
        session.execute(update(Idea).where(Idea.id == challenge.id).values(status=statuses.PARKED))
    values = pitch_values(title="Työkalujen lainaus kirjastosta")
    values["challenge"] = {ids.INPUT: p.static_select(str(challenge.id))}
    values["tags"] = {ids.INPUT: p.plain_input("#Työkalut #kirjasto")}
    ack = Ack()
    form = p.view_submission(ids.PITCH_MODAL, values, private_metadata=f'{{"edit": {mine.id}}}')

    pitch.submit_pitch(ack, form["view"], listener_rt.client, context_for(listener_rt))

    assert ack.once == {}
    with listener_rt.db.read() as session:
        edited = pitches.get(session, p.TEAM_ID, mine.id)
    assert edited is not None
    assert (edited.title, edited.challenge_id, edited.tags) == (
        "Työkalujen lainaus kirjastosta",
        challenge.id,
        ("työkalut", "kirjasto"),
    )


def test_a_posted_answer_redraws_its_challenges_card_and_tells_its_author(
    listener_rt: Runtime, fake_slack: FakeSlack
) -> None:
    challenge = keep(listener_rt, "How do we build trust?", kind=kinds.CHALLENGE)
    with listener_rt.db.session() as session:
        pitches.record_post(
            session, team_id=p.TEAM_ID, idea_id=challenge.id, channel_id=p.CHANNEL_ID, message_ts="111.222"
        )
    values = pitch_values(title="Open budget meetings")
    values["challenge"] = {ids.INPUT: p.static_select(str(challenge.id))}

    ack, _view = submit(listener_rt, values)

    assert ack.once == {}
    (redrawn,) = fake_slack.calls_to("chat.update")
    assert redrawn.params["ts"] == "111.222"
    assert "Open budget meetings" in str(redrawn.json("blocks"))
    told = [c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")]
    assert told == [p.CHANNEL_ID, "U0EARLIER1"]
