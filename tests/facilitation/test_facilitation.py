"""Facilitation: pitches shared out among facilitators, reminder digests where they are needed (at a
sensible hour, exactly once), Done / Snooze / Hand over, the weekly check-in and the facilitator Home."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from bot.core import ids
from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.weeks import Week
from bot.core.workspace_settings import ensure_workspace, load, set_value
from bot.facilitation import assignment, attention, reminders
from bot.ideas import lifecycle, pitches
from bot.ideas.pitches import PitchDraft
from bot.members import roster
from bot.pulse import checkins, stats
from bot.pulse.views.stats import week_message
from models import AttentionItem, Idea, ReminderDigest, utcnow
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.harness import BotUnderTest, service_level, wait_until
from tests.support.pitching import submit_pitch
from tests.support.views_check import assert_valid_message, assert_valid_view

TEAM = p.TEAM_ID
ANNA, BEN, CARLA = "U0ANNA0001", "U0BEN00001", "U0CARLA001"
NEWCOMER = "U0NEW00001"
# A Tuesday: 10:00 in Helsinki, where the facilitators live unless a test says otherwise.
TUESDAY_MORNING = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def make_facilitators(
    db: Database, *user_ids: str, tz: str = "Europe/Helsinki", locale: str = "en-US"
) -> None:
    with db.session() as session:
        ensure_workspace(session, TEAM)
        for user_id in user_ids:
            assignment.set_role(session, TEAM, user_id, True)
            member = roster.ensure_member(session, TEAM, user_id)
            member.timezone, member.slack_locale, member.profile_synced_at = tz, locale, utcnow()


def pitch(db: Database, title: str = "Community garden", author: str = p.USER_ID) -> int:
    with db.session() as session:
        idea = pitches.create_pitch(
            session, team_id=TEAM, author_id=author, draft=PitchDraft(title=title), origin_channel_id=None
        )
        assignment.assign_new_idea(session, TEAM, idea.id, author)
        return idea.id


def backdate(db: Database, idea_id: int, when: datetime) -> None:
    with db.session() as session:
        session.execute(update(Idea).where(Idea.id == idea_id).values(created_at=when, updated_at=when))


def items_due(db: Database, now: datetime) -> dict[str, list[tuple[str, str]]]:
    """What a run at `now` would send, by facilitator: (kind, idea number or member)."""
    report = reminders.run(db, None, TEAM, now=now, scheduled=False, dry_run=True)
    return {
        entry.facilitator.user_id: [
            (item.kind, f"#{item.idea.number}" if item.idea else str(item.user_id)) for item in entry.items
        ]
        for entry, _result in report.digests
    }


def remind(bot: BotUnderTest, now: datetime, *, scheduled: bool = False) -> reminders.RunReport:
    return reminders.run(bot.db, bot.rt.client, TEAM, now=now, scheduled=scheduled)


def digests_to(bot: BotUnderTest, user_id: str) -> list:
    return [
        call
        for call in bot.fake.successful_calls_to("chat.postMessage")
        if call.params.get("channel") == user_id and "attention" in str(call.params.get("text"))
    ]


# ---------------------------------------------------------------------------------------- roles


def test_new_pitches_go_to_the_least_loaded_facilitator_who_hears_of_it_and_can_hand_it_over(
    bot: BotUnderTest,
) -> None:
    make_facilitators(bot.db, ANNA, BEN)

    for n, title in enumerate(("Garden", "Library", "Choir"), start=1):
        assert not submit_pitch(bot, title=title).errors
        wait_until(lambda n=n: len(assigned(bot.db)) == n, message=f"pitch {n} assigned")
    wait_until(lambda: len(bot.fake.successful_calls_to("chat.postMessage")) >= 6, message="cards and notes")

    with bot.db.read() as session:
        owners = {title: owner for title, owner in session.execute(select(Idea.title, Idea.facilitator_id))}
    assert owners == {"Garden": ANNA, "Library": BEN, "Choir": ANNA}
    notes = [
        c for c in bot.fake.successful_calls_to("chat.postMessage") if "facilitator of" in c.params["text"]
    ]
    assert sorted(c.params["channel"] for c in notes) == [ANNA, ANNA, BEN]
    note = next(c for c in notes if "Library" in c.params["text"])
    assert_valid_message(note.params["text"], note.json("blocks"))
    assert "<http" in note.params["text"], "the note links to the pitch"

    # Ben hands "Library" to Anna with the note's button.
    library_id = next(iter(b["value"] for b in note.json("blocks")[1]["elements"]))
    bot.send(p.block_actions(ids.IDEA_HAND_OVER, library_id, user_id=BEN, channel_id="D0BEN"))
    form = bot.fake.wait_for("views.open")[-1].json("view")
    assert_valid_view(form)
    assert form["blocks"][0]["element"]["initial_user"] == ANNA, "the least loaded other facilitator"
    reply = bot.send(
        p.view_submission(
            ids.HAND_OVER_MODAL,
            {ids.HAND_OVER_BLOCK: {ids.INPUT: p.users_select(ANNA)}},
            private_metadata=form["private_metadata"],
            user_id=BEN,
        )
    )

    assert not reply.errors
    with bot.db.read() as session:
        assert assignment.facilitator_of(session, TEAM, int(library_id)) == ANNA
    wait_until(lambda: any("handed this over" in c.params["text"] for c in digests_to_all(bot, ANNA)))


def assigned(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Idea.facilitator_id).where(Idea.facilitator_id.is_not(None))))


def digests_to_all(bot: BotUnderTest, user_id: str) -> list:
    return [c for c in bot.fake.successful_calls_to("chat.postMessage") if c.params.get("channel") == user_id]


def test_only_a_facilitator_may_take_a_hand_over_and_only_facilitators_may_hand_over(
    bot: BotUnderTest,
) -> None:
    make_facilitators(bot.db, ANNA)
    idea_id = pitch(bot.db)
    metadata = json.dumps({"item": None, "idea": idea_id})
    to_stranger = p.view_submission(
        ids.HAND_OVER_MODAL,
        {ids.HAND_OVER_BLOCK: {ids.INPUT: p.users_select(CARLA)}},
        private_metadata=metadata,
        user_id=ANNA,
    )
    by_stranger = p.view_submission(
        ids.HAND_OVER_MODAL,
        {ids.HAND_OVER_BLOCK: {ids.INPUT: p.users_select(ANNA)}},
        private_metadata=metadata,
        user_id=CARLA,
    )

    assert "isn't a facilitator" in bot.send(to_stranger).errors[ids.HAND_OVER_BLOCK]
    assert "for facilitators" in bot.send(by_stranger).errors[ids.HAND_OVER_BLOCK]
    bot.send(p.block_actions(ids.IDEA_HAND_OVER, str(idea_id), user_id=CARLA))
    wait_until(lambda: bot.fake.calls_to("chat.postEphemeral"), message="a private refusal")

    assert not bot.fake.calls_to("views.open")
    with bot.db.read() as session:
        assert assignment.facilitator_of(session, TEAM, idea_id) == ANNA


def test_someone_leaving_the_role_passes_their_open_ideas_to_the_others(db: Database) -> None:
    make_facilitators(db, ANNA, BEN)
    first, second = pitch(db, "One"), pitch(db, "Two")

    with db.session() as session:
        assignment.set_role(session, TEAM, ANNA, False)

    with db.read() as session:
        assert {assignment.facilitator_of(session, TEAM, i) for i in (first, second)} == {BEN}


# ------------------------------------------------------------------------- what needs attention


def test_a_pitch_without_perspectives_is_due_after_the_waiting_time_and_not_before(db: Database) -> None:
    make_facilitators(db, ANNA)
    idea_id = pitch(db)
    backdate(db, idea_id, TUESDAY_MORNING - timedelta(hours=47))

    assert items_due(db, TUESDAY_MORNING) == {}
    assert items_due(db, TUESDAY_MORNING + timedelta(hours=2)) == {ANNA: [("no_perspective", "#1")]}

    with db.session() as session:
        set_value(session, TEAM, "reminder_after_hours", "72")
    assert items_due(db, TUESDAY_MORNING + timedelta(hours=2)) == {}


def test_a_perspective_makes_the_item_go_away_by_itself(db: Database) -> None:
    make_facilitators(db, ANNA)
    idea_id = pitch(db)
    backdate(db, idea_id, TUESDAY_MORNING - timedelta(hours=50))
    with db.session() as session:
        attention.refresh(session, TEAM, TUESDAY_MORNING)
        pitches.add_perspective(
            session, team_id=TEAM, idea_id=idea_id, user_id=BEN, source="form", message_ts="1.1"
        )

    assert items_due(db, TUESDAY_MORNING + timedelta(hours=1)) == {}
    with db.session() as session:
        attention.refresh(session, TEAM, TUESDAY_MORNING + timedelta(hours=1))
    with db.read() as session:
        assert session.scalars(select(AttentionItem.state)).all() == ["gone"]


def test_a_quiet_idea_is_stale_after_the_stale_time_and_counts_once(db: Database) -> None:
    make_facilitators(db, ANNA)
    idea_id = pitch(db)
    backdate(db, idea_id, TUESDAY_MORNING - timedelta(days=13, hours=23))

    assert items_due(db, TUESDAY_MORNING) == {ANNA: [("no_perspective", "#1")]}
    assert items_due(db, TUESDAY_MORNING + timedelta(hours=2)) == {ANNA: [("stale", "#1")]}
    with db.session() as session:
        lifecycle.change_status(
            session, team_id=TEAM, user_id=ANNA, idea=pitches.get(session, TEAM, idea_id), to_status="parked"
        )
    assert items_due(db, TUESDAY_MORNING + timedelta(hours=2)) == {}, "parked ideas are not open"


def test_a_new_member_is_due_for_a_welcome_within_a_day_of_joining(db: Database) -> None:
    make_facilitators(db, ANNA)
    with db.session() as session:
        roster.ensure_member(session, TEAM, NEWCOMER).joined_at = TUESDAY_MORNING - timedelta(hours=3)
        roster.ensure_member(session, TEAM, "U0OLDTIMER").joined_at = TUESDAY_MORNING - timedelta(days=3)
        roster.ensure_member(session, TEAM, "U0ALWAYS01").joined_at = None
        robot = roster.ensure_member(session, TEAM, "U0ROBOT001")
        robot.joined_at, robot.is_bot = TUESDAY_MORNING - timedelta(hours=1), True

    assert items_due(db, TUESDAY_MORNING) == {ANNA: [("unwelcomed", NEWCOMER)]}


def test_an_idea_developing_for_a_week_without_partners_is_due(db: Database) -> None:
    make_facilitators(db, ANNA)
    idea_id = pitch(db)
    with db.session() as session:
        # Perspectives keep it from being a plain "waiting" pitch.
        pitches.add_perspective(
            session, team_id=TEAM, idea_id=idea_id, user_id=BEN, source="form", message_ts="1.1"
        )
        lifecycle.change_status(
            session,
            team_id=TEAM,
            user_id=ANNA,
            idea=pitches.get(session, TEAM, idea_id),
            to_status="developing",
        )
    moved_at = utcnow()

    assert items_due(db, moved_at + timedelta(days=6)) == {}
    assert items_due(db, moved_at + timedelta(days=7, hours=1)) == {ANNA: [("no_partners", "#1")]}
    with db.session() as session:
        lifecycle.set_partners(session, team_id=TEAM, idea_id=idea_id, names=["City library"])
    assert items_due(db, moved_at + timedelta(days=7, hours=1)) == {}


@service_level
def test_a_dry_run_sends_nothing_and_keeps_nothing(bot: BotUnderTest) -> None:
    make_facilitators(bot.db, ANNA)
    backdate(bot.db, pitch(bot.db), TUESDAY_MORNING - timedelta(days=3))
    bot.fake.reset()

    report = reminders.run(bot.db, bot.rt.client, TEAM, now=TUESDAY_MORNING, scheduled=False, dry_run=True)

    assert [len(entry.items) for entry, _ in report.digests] == [1]
    assert not bot.fake.calls_to("chat.postMessage")
    with bot.db.read() as session:
        assert session.scalars(select(AttentionItem)).all() == []


# ------------------------------------------------------------------------- digests and buttons


@service_level
def test_one_digest_per_facilitator_with_every_item_and_its_buttons(bot: BotUnderTest) -> None:
    make_facilitators(bot.db, ANNA)
    for title in ("Garden", "Library"):
        backdate(bot.db, pitch(bot.db, title), TUESDAY_MORNING - timedelta(days=3))
    with bot.db.session() as session:
        roster.ensure_member(session, TEAM, NEWCOMER).joined_at = TUESDAY_MORNING - timedelta(hours=1)

    report = remind(bot, TUESDAY_MORNING)

    assert len(report.sent) == 1
    [digest] = digests_to(bot, ANNA)
    blocks = digest.json("blocks")
    assert_valid_message(digest.params["text"], blocks)
    assert "3 things" in digest.params["text"]
    actions = [b for b in blocks if b["type"] == "actions"]
    assert len(actions) == 3
    assert [e["action_id"] for e in actions[0]["elements"]] == [
        ids.ITEM_DONE,
        ids.ITEM_SNOOZE,
        ids.ITEM_HAND_OVER,
    ]
    text = json.dumps(blocks)
    assert "Garden" in text and "Library" in text and f"<@{NEWCOMER}>" in text
    assert "Next step" in text


def test_done_and_snooze_keep_an_item_from_coming_back_and_nothing_comes_twice_a_day(
    bot: BotUnderTest,
) -> None:
    # The buttons act at the real time, so this test's runs do too (operator runs: any hour).
    now = utcnow()
    make_facilitators(bot.db, ANNA)
    garden, library = (pitch(bot.db, t) for t in ("Garden", "Library"))
    for idea_id in (garden, library):
        backdate(bot.db, idea_id, now - timedelta(days=3))
    remind(bot, now)
    [digest] = digests_to(bot, ANNA)
    message = {**digest.response["message"], "blocks": digest.json("blocks")}
    with bot.db.read() as session:
        by_idea = {int(i.subject): i.id for i in session.scalars(select(AttentionItem))}

    bot.send(
        p.block_actions(
            ids.ITEM_DONE,
            str(by_idea[garden]),
            user_id=ANNA,
            channel_id=digest.response["channel"],
            message=message,
        )
    )
    bot.send(
        p.block_actions(
            ids.ITEM_SNOOZE,
            str(by_idea[library]),
            user_id=ANNA,
            channel_id=digest.response["channel"],
            message=message,
        )
    )
    # Each press redraws the digest after its own change; the two may finish in either order (Socket
    # Mode runs them at once), and whichever commits last redraws both. The button labels "Done" and
    # "Snooze a day" are in every redraw, so the wait looks for the statuses the presses leave.
    wait_until(
        lambda: any(
            "Done. Thank you" in json.dumps(u.json("blocks"))
            and "Snoozed until" in json.dumps(u.json("blocks"))
            for u in bot.fake.calls_to("chat.update")
        ),
        message="a redraw showing both presses",
    )
    with bot.db.read() as session:
        garden_item, library_item = (session.get(AttentionItem, by_idea[i]) for i in (garden, library))
        assert garden_item is not None and garden_item.state == "done" and garden_item.done_by == ANNA
        assert library_item is not None and library_item.state == "open" and library_item.snoozed_until

    assert remind(bot, now + timedelta(hours=3)).sent == [], "nothing twice a day"
    assert remind(bot, now + timedelta(hours=23)).sent == [], "still snoozed"
    [again] = remind(bot, now + timedelta(hours=25)).sent
    assert [item.idea.id for item in again.items if item.idea] == [library], "done stays done"


def test_an_item_can_be_handed_over_from_the_digest(bot: BotUnderTest) -> None:
    make_facilitators(bot.db, ANNA, BEN)
    with bot.db.session() as session:
        roster.ensure_member(session, TEAM, NEWCOMER).joined_at = TUESDAY_MORNING - timedelta(hours=1)
    remind(bot, TUESDAY_MORNING)
    [owner] = [u for u in (ANNA, BEN) if digests_to(bot, u)]
    other = BEN if owner == ANNA else ANNA
    with bot.db.read() as session:
        item_id = session.scalar(select(AttentionItem.id))

    bot.send(p.block_actions(ids.ITEM_HAND_OVER, str(item_id), user_id=owner))
    form = bot.fake.wait_for("views.open")[-1].json("view")
    bot.send(
        p.view_submission(
            ids.HAND_OVER_MODAL,
            {ids.HAND_OVER_BLOCK: {ids.INPUT: p.users_select(other)}},
            private_metadata=form["private_metadata"],
            user_id=owner,
        )
    )

    wait_until(lambda: any("handed this over" in c.params["text"] for c in digests_to_all(bot, other)))
    with bot.db.read() as session:
        assert session.scalar(select(AttentionItem.facilitator_id)) == other
    [passed_on] = remind(bot, TUESDAY_MORNING + timedelta(hours=1)).sent
    assert passed_on.facilitator.user_id == other, "the new facilitator hears of it the same day"


def test_a_forged_or_unknown_item_changes_nothing(bot: BotUnderTest) -> None:
    make_facilitators(bot.db, ANNA)
    with bot.db.session() as session:
        roster.ensure_member(session, TEAM, NEWCOMER).joined_at = TUESDAY_MORNING - timedelta(hours=1)
        attention.refresh(session, TEAM, TUESDAY_MORNING)
        item_id = session.scalar(select(AttentionItem.id))

    bot.send(p.block_actions(ids.ITEM_DONE, str(item_id), user_id=CARLA))
    bot.send(p.block_actions(ids.ITEM_DONE, "99999", user_id=ANNA))
    bot.send(p.block_actions(ids.ITEM_DONE, "<!channel>", user_id=ANNA))
    wait_until(lambda: len(bot.fake.calls_to("chat.postEphemeral")) >= 3, message="three private answers")

    with bot.db.read() as session:
        assert session.scalar(select(AttentionItem.state)) == "open"


@service_level
def test_scheduled_digests_come_on_weekdays_in_working_hours_in_each_facilitators_own_zone(
    bot: BotUnderTest,
) -> None:
    make_facilitators(bot.db, ANNA, tz="America/New_York")
    make_facilitators(bot.db, BEN, tz="Asia/Tokyo")
    for title in ("Garden", "Library"):
        backdate(bot.db, pitch(bot.db, title), TUESDAY_MORNING - timedelta(days=3))

    # Tuesday 14:00 UTC: 09:00 in New York, 23:00 in Tokyo.
    tuesday = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    report = remind(bot, tuesday, scheduled=True)
    assert [e.facilitator.user_id for e in report.sent] == [ANNA]
    assert report.quiet == [BEN]
    # Saturday 01:00 UTC is Saturday in Tokyo and Friday evening in New York: nobody.
    assert remind(bot, datetime(2026, 11, 28, 1, 0, tzinfo=UTC), scheduled=True).sent == []
    # Wednesday 01:00 UTC: 10:00 in Tokyo.
    assert [
        e.facilitator.user_id for e in remind(bot, tuesday + timedelta(hours=11), scheduled=True).sent
    ] == [BEN]
    # A second scheduled run the same day sends no second digest, even with something new.
    with bot.db.session() as session:
        roster.ensure_member(session, TEAM, NEWCOMER).joined_at = tuesday
    assert remind(bot, tuesday + timedelta(hours=2), scheduled=True).sent == []


@service_level
def test_two_hundred_facilitators_each_get_exactly_one_digest_when_every_tenth_call_is_rate_limited(
    bot: BotUnderTest,
) -> None:
    people = [f"U0F{n:07d}" for n in range(200)]
    make_facilitators(bot.db, *people)
    for n in range(200):
        backdate(bot.db, pitch(bot.db, f"Idea {n}"), TUESDAY_MORNING - timedelta(days=3))
    bot.fake.reset()
    bot.fake.rate_limit_every(10)

    report = remind(bot, TUESDAY_MORNING)

    posts = bot.fake.calls_to("chat.postMessage")
    delivered = [c.params["channel"] for c in posts if c.ok]
    assert sorted(delivered) == sorted(people), "each exactly once"
    assert sum(1 for c in posts if c.status == 429) >= 19
    assert report.failed == []
    with bot.db.read() as session:
        assert session.scalar(select(ReminderDigest.id).where(ReminderDigest.sent_at.is_(None))) is None
        assert session.scalar(select(AttentionItem.id).where(AttentionItem.last_sent_at.is_(None))) is None
    assert remind(bot, TUESDAY_MORNING + timedelta(hours=1)).sent == [], "and not again that day"


@service_level
def test_a_digest_refused_for_rate_limits_after_every_retry_waits_and_still_goes_out_once(
    bot: BotUnderTest,
) -> None:
    make_facilitators(bot.db, ANNA)
    backdate(bot.db, pitch(bot.db), TUESDAY_MORNING - timedelta(days=3))
    for _ in range(6):  # the client's own five retries, and one more
        bot.fake.rate_limit_next("chat.postMessage", retry_after=0)
    waited: list[float] = []

    report = reminders.run(
        bot.db, bot.rt.client, TEAM, now=TUESDAY_MORNING, scheduled=False, sleep=waited.append
    )

    assert len(report.sent) == 1 and waited == [0]
    assert len(digests_to(bot, ANNA)) == 1


@service_level
def test_a_refused_digest_is_released_and_goes_out_at_the_next_run(bot: BotUnderTest) -> None:
    make_facilitators(bot.db, ANNA)
    backdate(bot.db, pitch(bot.db), TUESDAY_MORNING - timedelta(days=3))
    bot.fake.error_next("chat.postMessage", "user_disabled")

    assert remind(bot, TUESDAY_MORNING).failed == [(ANNA, "user_disabled")]
    assert len(remind(bot, TUESDAY_MORNING + timedelta(hours=1)).sent) == 1


# ------------------------------------------------------------------------------- check-ins


def checkin_values(attendance: str, partners: str, news: str = "") -> dict:
    return {
        "attendance": {ids.INPUT: {"type": "number_input", "value": attendance}},
        "new_partners": {ids.INPUT: {"type": "number_input", "value": partners}},
        "news": {ids.INPUT: p.plain_input(news or None)},
    }


def test_the_weekly_check_in_is_asked_once_validated_counted_and_reminded_once(bot: BotUnderTest) -> None:
    make_facilitators(bot.db, ANNA, BEN)
    with bot.db.session() as session:
        set_value(session, TEAM, "timezone", "Europe/Helsinki")
        # The form takes this week's answers at the real time, so the ask is for the real week.
        set_value(session, TEAM, "checkin_schedule", "mon 00:00")
    bot.rt.prefs.forget(TEAM)
    now = utcnow()
    week = Week.current(load_zone(bot.db), now)

    report = remind(bot, now)
    assert sorted(u for _w, u in report.checkins_asked) == [ANNA, BEN]
    assert remind(bot, now + timedelta(hours=1)).checkins_asked == [], "asked once"
    ask = next(c for c in digests_to_all(bot, ANNA) if "check-in" in c.params["text"])
    assert_valid_message(ask.params["text"], ask.json("blocks"))
    button = ask.json("blocks")[1]["elements"][0]
    assert (button["action_id"], button["value"]) == (ids.CHECKIN_OPEN, week.label)

    bot.send(p.block_actions(ids.CHECKIN_OPEN, week.label, user_id=ANNA))
    form = bot.fake.wait_for("views.open")[-1].json("view")
    assert_valid_view(form)
    for attendance, partners, field in (
        ("12.5", "0", "attendance"),
        ("-1", "0", "attendance"),
        ("7", "10001", "new_partners"),
        ("seven", "1", "attendance"),
        ("", "1", "attendance"),
    ):
        reply = bot.send(
            p.view_submission(
                ids.CHECKIN_MODAL,
                checkin_values(attendance, partners),
                private_metadata=form["private_metadata"],
                user_id=ANNA,
            )
        )
        assert field in reply.errors, (attendance, partners)
    with bot.db.read() as session:
        assert stats.weekly(session, TEAM, week)["checkins"] == {}

    reply = bot.send(
        p.view_submission(
            ids.CHECKIN_MODAL,
            checkin_values("14", "2", "The library joins us!"),
            private_metadata=form["private_metadata"],
            user_id=ANNA,
        )
    )
    assert reply.body["response_action"] == "update"
    with bot.db.read() as session:
        assert stats.weekly(session, TEAM, week)["checkins"] == {
            "facilitators_answered": 1,
            "meeting_attendance": 14,
            "new_partners": 2,
        }

    assert remind(bot, now + timedelta(hours=23)).checkins_reminded == [], "a day later, not before"
    reminded = remind(bot, now + timedelta(days=1, hours=1)).checkins_reminded
    assert reminded == [(week.label, BEN)], "only who has not answered"
    assert remind(bot, now + timedelta(days=2, hours=1)).checkins_reminded == [], "reminded once"


def load_zone(db: Database):
    with db.read() as session:
        return load(session, TEAM).zone


def test_the_check_in_is_due_from_its_moment_in_the_workspace_zone(db: Database) -> None:
    with db.session() as session:
        set_value(session, TEAM, "timezone", "Europe/Helsinki")
        set_value(session, TEAM, "checkin_schedule", "tue 09:00")
        settings = load(session, TEAM)

    # 09:00 in Helsinki is 07:00 UTC in November.
    assert checkins.week_to_ask(settings, datetime(2026, 11, 24, 6, 59, tzinfo=UTC)) is None
    assert checkins.week_to_ask(settings, datetime(2026, 11, 24, 7, 0, tzinfo=UTC)).label == "2026-W48"
    assert checkins.week_to_ask(settings, datetime(2026, 11, 29, 21, 59, tzinfo=UTC)).label == "2026-W48"
    assert checkins.week_to_ask(settings, datetime(2026, 11, 29, 22, 0, tzinfo=UTC)) is None, "a new week"


def test_a_check_in_for_a_forged_week_or_by_a_member_is_refused(bot: BotUnderTest) -> None:
    make_facilitators(bot.db, ANNA)
    old = json.dumps({"week": "2020-W01"})
    current = json.dumps({"week": Week.current(load_zone(bot.db)).label})

    assert bot.send(
        p.view_submission(ids.CHECKIN_MODAL, checkin_values("3", "0"), private_metadata=old, user_id=ANNA)
    ).errors
    assert bot.send(
        p.view_submission(
            ids.CHECKIN_MODAL, checkin_values("3", "0"), private_metadata=current, user_id=CARLA
        )
    ).errors
    with bot.db.read() as session:
        assert checkins.answer_of(session, TEAM, "2020-W01", ANNA) is None


# --------------------------------------------------------------------------------- Home


def test_a_facilitators_home_shows_their_items_their_ideas_and_the_week(bot: BotUnderTest) -> None:
    make_facilitators(bot.db, ANNA)
    backdate(bot.db, pitch(bot.db, "Garden"), utcnow() - timedelta(days=3))
    with bot.db.session() as session:
        attention.refresh(session, TEAM, utcnow())

    bot.send(p.event_callback(p.app_home_opened_event(user_id=ANNA)))
    home = bot.fake.wait_for("views.publish")[-1].json("view")
    assert_valid_view(home)
    text = json.dumps(home)
    assert "Needs your attention" in text and "Ideas you facilitate" in text and "This week" in text
    assert ids.ITEM_DONE in text and ids.IDEA_HAND_OVER in text

    bot.send(p.event_callback(p.app_home_opened_event(user_id=p.USER_ID)))
    member_home = wait_until(
        lambda: [c for c in bot.fake.calls_to("views.publish") if c.params.get("user_id") == p.USER_ID]
    )
    assert "Needs your attention" not in json.dumps(member_home[-1].json("view"))


# ---------------------------------------------------------------------------- command line


def test_remind_dry_run_prints_what_would_be_sent_and_remind_sends_it(tmp_path, monkeypatch, capsys) -> None:
    from app import main

    with FakeSlack() as fake:
        monkeypatch.chdir(tmp_path)
        url = f"sqlite:///{tmp_path}/cli.db"
        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
        monkeypatch.setenv("SLACK_API_URL", fake.api_url)
        assert main(["facilitators", "add", ANNA, "--team", TEAM]) == 0
        db = Database(url)
        try:
            backdate(db, pitch(db, "Garden"), utcnow() - timedelta(days=3))
        finally:
            db.dispose()
        capsys.readouterr()

        assert main(["remind", "--dry-run", "--json"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert [(d["facilitator"], [i["kind"] for i in d["items"]]) for d in document["digests"]] == [
            (ANNA, ["no_perspective"])
        ]
        assert main(["remind", "--dry-run"]) == 0
        assert "no_perspective  #1 Garden" in capsys.readouterr().out
        assert not fake.calls_to("chat.postMessage"), "a dry run sends nothing"

        assert main(["remind"]) == 0
        assert "U0ANNA0001 got 1 item" in capsys.readouterr().out
        digests = [c for c in fake.successful_calls_to("chat.postMessage") if "attention" in c.params["text"]]
        assert [c.params["channel"] for c in digests] == [ANNA]
        assert main(["remind"]) == 0
        assert "Nothing is due now." in capsys.readouterr().out


def test_check_in_figures_and_news_reach_the_weekly_post_without_names(db: Database) -> None:
    make_facilitators(db, ANNA, BEN)
    week = Week.current(load_zone(db))
    with db.session() as session:
        checkins.save_answer(
            session,
            TEAM,
            week.label,
            ANNA,
            checkins.CheckinAnswer(14, 2, "The <!channel> library joins!"),
            utcnow(),
        )
        checkins.save_answer(session, TEAM, week.label, BEN, checkins.CheckinAnswer(6, 0), utcnow())
    with db.read() as session:
        figures = stats.weekly(session, TEAM, week)
        news = checkins.news_of(session, team_id=TEAM, week=week.label)

    message = week_message(translator("fi"), figures, None, (), news)

    assert figures["checkins"] == {"facilitators_answered": 2, "meeting_attendance": 20, "new_partners": 2}
    assert_valid_message(message["text"], message["blocks"])
    text = json.dumps(message, ensure_ascii=False)
    assert "tapaamisten osallistujat" in text.lower()
    assert "&lt;!channel&gt; library joins" in text
    assert ANNA not in text and BEN not in text
