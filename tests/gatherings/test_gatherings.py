"""Gatherings: planned from `/thinktank meet`, announced with I'll come / Can't make it and live
counts, recorded afterwards (how many came, a note per idea) into the thread and onto each idea's
history, and counted in the weekly figures and the report."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.core import ids
from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.text import whole_number
from bot.core.weeks import Week
from bot.core.workspace_settings import ensure_workspace, set_value
from bot.gatherings import announcement, attendance, changes, details, planning, records, run, series
from bot.gatherings.details import Problem
from bot.gatherings.planning import Plan
from bot.gatherings.views import messages as gathering_messages
from bot.gatherings.views import modals, replies
from bot.ideas import export, pitches, queries
from bot.ideas.pitches import PitchDraft
from bot.members import roster
from bot.privacy import erasure
from bot.privacy import export as personal_export
from bot.pulse import period_report, stats
from bot.pulse.views.report import report_message
from models import Gathering, GatheringRsvp, Idea, utcnow
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, service_level
from tests.support.views_check import assert_valid_message, assert_valid_view

HELSINKI = ZoneInfo("Europe/Helsinki")
ORGANISER = "U0ORGAN001"
OTHER = "U0OTHER001"
FACILITATOR = "U0FACIL001"
ANNOUNCE_IN = "C0MEET0001"


def pitch(session, team_id: str, title: str) -> int:
    idea = pitches.create_pitch(
        session, team_id=team_id, author_id=ORGANISER, draft=PitchDraft(title=title), origin_channel_id=None
    )
    return idea.id


def a_gathering(
    db: Database,
    starts_at: datetime,
    *,
    team_id: str = p.TEAM_ID,
    idea_titles: tuple[str, ...] = (),
    message_ts: str | None = "1700000000.000100",
) -> int:
    """A gathering stored as planning leaves it, announced (or not) already."""
    with db.session() as session:
        ensure_workspace(session, team_id)
        idea_ids = tuple(pitch(session, team_id, title) for title in idea_titles)
        plan = Plan(
            title="Street choir evening", place="Kallio library", channel_id=ANNOUNCE_IN, idea_ids=idea_ids
        )
        gathering_id = planning.plan_gathering(session, team_id, ORGANISER, plan, starts_at)
        announcement.announced(session, team_id, gathering_id, message_ts)
    return gathering_id


def form(
    title: str = "Speed friending",
    day: str | None = None,
    clock: str = "18:00",
    place: str = "https://miro.com/app/board/x",
    channel: str | None = ANNOUNCE_IN,
    idea_ids: tuple[int, ...] = (),
    weekly: bool = False,
) -> dict:
    day = day or (date.today() + timedelta(days=3)).isoformat()
    repeat = [p.option("weekly", "Every week")] if weekly else []
    return {
        "weekly": {ids.INPUT: {"type": "checkboxes", "selected_options": repeat}},
        "title": {ids.INPUT: p.plain_input(title)},
        "day": {ids.INPUT: {"type": "datepicker", "selected_date": day}},
        "time": {ids.INPUT: {"type": "timepicker", "selected_time": clock}},
        "place": {ids.INPUT: p.plain_input(place)},
        "ideas": {
            ids.GATHERING_IDEAS: {
                "type": "multi_external_select",
                "selected_options": [p.option(str(i), f"#{i}") for i in idea_ids],
            }
        },
        "channel": {ids.INPUT: {"type": "conversations_select", "selected_conversation": channel}},
    }


def stored(db: Database) -> list[Gathering]:
    with db.read() as session:
        rows = session.scalars(select(Gathering).order_by(Gathering.id)).all()
        session.expunge_all()
        return list(rows)


# ---------------------------------------------------------------------- planning


def test_meet_opens_the_form_and_a_plan_is_announced_with_its_buttons(bot: BotUnderTest) -> None:
    with bot.db.session() as session:
        set_value(session, p.TEAM_ID, "timezone", "Europe/Helsinki")
        choir = pitch(session, p.TEAM_ID, "Street choir")
    bot.rt.prefs.forget(p.TEAM_ID)

    bot.send(p.slash_command("/thinktank", "meet", user_id=ORGANISER))
    (opened,) = bot.fake.wait_for("views.open")
    modal = opened.json("view")
    assert_valid_view(modal)
    (time_block,) = [b for b in modal["blocks"] if b["block_id"] == "time"]
    assert time_block["element"]["timezone"] == "Europe/Helsinki"

    reply = bot.send(
        p.view_submission(ids.GATHERING_PLAN_MODAL, form(idea_ids=(choir,), weekly=True), user_id=ORGANISER)
    )

    assert not reply.errors
    (posted,) = bot.fake.wait_for("chat.postMessage")
    assert posted.params["channel"] == ANNOUNCE_IN
    assert_valid_message(posted.params["text"], posted.json("blocks"))
    body = json.dumps(posted.json("blocks"))
    assert "<!date^" in body and "Street choir" in body and f"<@{ORGANISER}>" in body
    assert {ids.GATHERING_COMING, ids.GATHERING_NOT_COMING, ids.GATHERING_RECORD} <= {
        e.get("action_id") for b in posted.json("blocks") for e in b.get("elements", [])
    }
    bot.settled()
    (gathering,) = stored(bot.db)
    assert gathering.message_ts is not None and gathering.organiser_id == ORGANISER
    assert gathering.weekly and gathering.series_id == gathering.id
    # 18:00 in Helsinki, stored in UTC.
    assert gathering.starts_at.astimezone(HELSINKI).hour == 18


@pytest.mark.parametrize(
    ("changes", "field", "said"),
    [
        ({"day": "2020-01-01"}, "day", "has passed"),
        ({"title": "   "}, "title", "Give the gathering a name"),
        ({"title": "x" * 151}, "title", "150 characters"),
        ({"place": ""}, "place", "Say where"),
        ({"channel": None}, "channel", "Choose a channel"),
        ({"day": "２０３０-01-01"}, "day", "Choose a day"),
        ({"idea_ids": (987654,)}, "ideas", "not in this workspace"),
    ],
)
def test_a_plan_that_cannot_be_kept_is_sent_back_and_nothing_is_stored(
    bot: BotUnderTest, changes: dict, field: str, said: str
) -> None:
    reply = bot.send(p.view_submission(ids.GATHERING_PLAN_MODAL, form(**changes), user_id=ORGANISER))

    assert said in reply.errors[field]
    bot.settled()
    assert stored(bot.db) == []
    assert bot.fake.calls_to("chat.postMessage") == []


def test_when_only_facilitators_plan_a_member_is_told_so_and_no_form_opens(bot: BotUnderTest) -> None:
    with bot.db.session() as session:
        set_value(session, p.TEAM_ID, "gatherings_by", "facilitators")
    bot.rt.prefs.forget(p.TEAM_ID)

    reply = bot.send(p.slash_command("/thinktank", "meet", user_id=OTHER))
    forged = bot.send(p.view_submission(ids.GATHERING_PLAN_MODAL, form(), user_id=OTHER))

    assert "facilitators plan the gatherings" in reply.text
    assert "facilitators plan the gatherings" in forged.errors["title"]
    bot.settled()
    assert bot.fake.calls_to("views.open") == [] and stored(bot.db) == []


def test_an_announcement_slack_refuses_is_not_kept_and_the_organiser_is_told(bot: BotUnderTest) -> None:
    bot.fake.error_next("chat.postMessage", "not_in_channel")

    bot.send(p.view_submission(ids.GATHERING_PLAN_MODAL, form(), user_id=ORGANISER))

    bot.settled()
    told = [c for c in bot.fake.calls_to("chat.postMessage") if c.params.get("channel") == ORGANISER]
    assert told and "/invite @Think Tank" in told[-1].params["text"]
    assert stored(bot.db) == []


@service_level
def test_a_weekly_time_keeps_its_local_hour_across_the_clock_change(bot: BotUnderTest) -> None:
    # 18:00 in Helsinki is 15:00 UTC in summer time and 16:00 UTC after 25 October 2026.
    before = planning.local_start("2026-10-20", "18:00", HELSINKI)
    after = planning.local_start("2026-10-27", "18:00", HELSINKI)
    assert (before, after) == (datetime(2026, 10, 20, 15, tzinfo=UTC), datetime(2026, 10, 27, 16, tzinfo=UTC))
    assert planning.local_start("2026-10-27", "６:00", HELSINKI) is None
    assert planning.local_start("2026-02-30", "18:00", HELSINKI) is None


# ---------------------------------------------------------------------- answers


def press(bot: BotUnderTest, action_id: str, value: str, user_id: str) -> None:
    bot.send(
        p.block_actions(
            action_id,
            value,
            user_id=user_id,
            channel_id=ANNOUNCE_IN,
            response_url=bot.fake.response_url(user_id),
        )
    )
    bot.settled()


def test_answers_redraw_the_counts_and_the_latest_answer_stands(bot: BotUnderTest) -> None:
    gathering_id = a_gathering(bot.db, utcnow() + timedelta(days=2))

    press(bot, ids.GATHERING_COMING, str(gathering_id), ORGANISER)
    press(bot, ids.GATHERING_COMING, str(gathering_id), OTHER)
    press(bot, ids.GATHERING_NOT_COMING, str(gathering_id), OTHER)

    last = bot.fake.calls_to("chat.update")[-1]
    assert last.params["ts"] == "1700000000.000100"
    context = json.dumps(last.json("blocks"))
    assert "1 coming" in context and "1 can't make it" in context
    with bot.db.read() as session:
        answers = dict(session.execute(select(GatheringRsvp.user_id, GatheringRsvp.coming)).all())
    assert answers == {ORGANISER: True, OTHER: False}


def test_an_answer_after_the_start_is_refused_and_changes_nothing(bot: BotUnderTest) -> None:
    gathering_id = a_gathering(bot.db, utcnow() - timedelta(minutes=5))

    press(bot, ids.GATHERING_COMING, str(gathering_id), OTHER)

    (answer,) = [c for c in bot.fake.calls_to("response_url") if c.params.get("text")]
    assert "has begun" in answer.params["text"]
    assert bot.fake.calls_to("chat.update") == []
    with bot.db.read() as session:
        assert session.scalars(select(GatheringRsvp)).all() == []


@pytest.mark.parametrize("value", ["", "abc", "999999", "١"])
def test_an_answer_to_a_gathering_that_is_not_one_says_so(bot: BotUnderTest, value: str) -> None:
    press(bot, ids.GATHERING_COMING, value, OTHER)

    (answer,) = [c for c in bot.fake.calls_to("response_url") if c.params.get("text")]
    assert "can't find that gathering" in answer.params["text"]


def test_a_gathering_of_another_workspace_is_not_found(db: Database) -> None:
    gathering_id = a_gathering(db, utcnow() + timedelta(days=1), team_id="T0ELSE0001")
    with db.session() as session:
        assert attendance.answer(session, p.TEAM_ID, gathering_id, OTHER, True) is Problem.UNKNOWN
        assert details.get(session, p.TEAM_ID, gathering_id) is None


# ---------------------------------------------------------------------- afterwards


def record_form(attendance: str, notes: dict[int, str]) -> dict:
    values = {"attendance": {ids.INPUT: {"type": "number_input", "value": attendance}}}
    for idea_id, note in notes.items():
        values[f"note_{idea_id}"] = {ids.INPUT: p.plain_input(note)}
    return values


def test_the_organiser_records_how_it_went_and_the_notes_reach_the_thread_and_the_ideas(
    bot: BotUnderTest,
) -> None:
    gathering_id = a_gathering(
        bot.db, utcnow() - timedelta(hours=2), idea_titles=("Seed swap", "Night walks")
    )
    with bot.db.read() as session:
        seed, walks = (idea.idea_id for idea in details.get(session, p.TEAM_ID, gathering_id).ideas)

    press(bot, ids.GATHERING_RECORD, str(gathering_id), ORGANISER)
    (opened,) = bot.fake.wait_for("views.open")
    modal = opened.json("view")
    assert_valid_view(modal)
    notes = {seed: "Library lends the room <!channel>", walks: ""}

    reply = bot.send(
        p.view_submission(
            ids.GATHERING_RECORD_MODAL,
            record_form("12", notes),
            private_metadata=modal["private_metadata"],
            user_id=ORGANISER,
        )
    )
    assert not reply.errors
    bot.settled()
    # Corrected once: the figure changes, the thread is not written to again.
    bot.send(
        p.view_submission(
            ids.GATHERING_RECORD_MODAL,
            record_form("14", notes),
            private_metadata=modal["private_metadata"],
            user_id=ORGANISER,
        )
    )
    bot.settled()

    (thread,) = [c for c in bot.fake.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    assert thread.params["thread_ts"] == "1700000000.000100"
    body = json.dumps(thread.json("blocks"))
    assert "12 came" in body and "&lt;!channel&gt;" in body and "<!channel>" not in body
    assert "14 came" in json.dumps(bot.fake.calls_to("chat.update")[-1].json("blocks"))
    with bot.db.read() as session:
        number = session.scalar(select(Idea.number).where(Idea.id == seed))
        shown = queries.detail(session, p.TEAM_ID, number)
    assert [(g.title, g.note) for g in shown.gatherings] == [
        ("Street choir evening", "Library lends the room <!channel>")
    ]


def test_someone_else_cannot_record_it_and_nobody_before_it_begins(bot: BotUnderTest) -> None:
    past = a_gathering(bot.db, utcnow() - timedelta(hours=1))
    future = a_gathering(bot.db, utcnow() + timedelta(days=1), message_ts="1700000000.000200")

    press(bot, ids.GATHERING_RECORD, str(past), OTHER)
    press(bot, ids.GATHERING_RECORD, str(future), ORGANISER)
    forged = bot.send(
        p.view_submission(
            ids.GATHERING_RECORD_MODAL, record_form("9", {}), private_metadata="{}", user_id=ORGANISER
        )
    )

    said = [c.params["text"] for c in bot.fake.calls_to("response_url") if c.params.get("text")]
    assert any("Only the organiser or a facilitator" in text for text in said)
    assert any("once the gathering has begun" in text for text in said)
    assert "can't find that gathering" in forged.errors["attendance"]
    assert bot.fake.calls_to("views.open") == []
    assert [g.attendance for g in stored(bot.db)] == [None, None]


@pytest.mark.parametrize(
    ("attendance", "said"), [("-1", "whole number"), ("10001", "whole number"), ("3.5", "whole number")]
)
def test_a_count_that_is_not_one_is_sent_back(db: Database, attendance: str, said: str) -> None:
    gathering_id = a_gathering(db, utcnow() - timedelta(hours=1))
    with db.session() as session:
        roster.set_facilitator(session, p.TEAM_ID, FACILITATOR, True)
        problem = records.record(session, p.TEAM_ID, gathering_id, FACILITATOR, whole_number(attendance), {})
    assert said in replies.problem_text(translator("en"), problem)


# ---------------------------------------------------------------------- figures and privacy


def test_gatherings_and_attendance_count_in_the_weeks_and_the_period(db: Database) -> None:
    weeks = [Week.parse(label, HELSINKI) for label in ("2026-W41", "2026-W42", "2026-W43")]
    with db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        set_value(session, p.TEAM_ID, "timezone", "Europe/Helsinki")
    for week, came in zip(weeks, (5, 0, 9), strict=True):
        gathering_id = a_gathering(db, (week.start + timedelta(days=2, hours=18)).astimezone(UTC))
        with db.session() as session:
            roster.set_facilitator(session, p.TEAM_ID, FACILITATOR, True)
            assert records.record(session, p.TEAM_ID, gathering_id, FACILITATOR, came, {}) is None

    with db.read() as session:
        weekly = [stats.weekly(session, p.TEAM_ID, week) for week in weeks]
        period = period_report.report(
            session, p.TEAM_ID, HELSINKI, first=weeks[0].monday, last=weeks[-1].monday + timedelta(days=6)
        )

    assert [(w["gatherings"], w["attendees"]) for w in weekly] == [(1, 5), (1, 0), (1, 9)]
    assert (period["gatherings"], period["attendees"]) == (3, 14)
    assert "*3 gatherings* with *14* there" in json.dumps(report_message(translator("en"), period)["blocks"])


def test_a_members_answers_are_in_their_document_and_go_with_erasure(db: Database) -> None:
    gathering_id = a_gathering(db, utcnow() + timedelta(days=1))
    with db.session() as session:
        assert attendance.answer(session, p.TEAM_ID, gathering_id, OTHER, True) is None
        kept_other = personal_export.kept_about(session, p.TEAM_ID, OTHER)
        kept_organiser = personal_export.kept_about(session, p.TEAM_ID, ORGANISER)
    assert kept_other["gatherings"]["answers"][0]["coming"] is True
    assert kept_organiser["gatherings"]["organised"][0]["place"] == "Kallio library"

    with db.session() as session:
        erasure.erase(session, p.TEAM_ID, OTHER)
        erasure.erase(session, p.TEAM_ID, ORGANISER)
    with db.read() as session:
        assert session.scalars(select(GatheringRsvp)).all() == []
        assert session.scalar(select(Gathering.organiser_id)) is None
        assert session.scalar(select(Gathering.title)) == "Street choir evening"


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_the_gathering_views_stay_within_slacks_limits(db: Database, language: str) -> None:
    t = translator(language)
    gathering_id = a_gathering(
        db, utcnow() + timedelta(days=1), idea_titles=tuple(f"Idea {n} " * 20 for n in range(10))
    )
    with db.read() as session:
        gathering = details.get(session, p.TEAM_ID, gathering_id)
    assert gathering is not None
    assert_valid_view(modals.plan_modal(t, "Europe/Helsinki", "C1", date(2026, 12, 1)))
    assert_valid_view(modals.record_modal(t, gathering))
    message = gathering_messages.announcement(t, gathering, HELSINKI)
    assert_valid_message(message["text"], message["blocks"])
    notes = gathering_messages.notes_message(t, gathering)
    assert_valid_message(notes["text"], notes["blocks"])


# ---------------------------------------------------------------------- reminders and weekly series


def dms_to(bot: BotUnderTest, user_id: str) -> list:
    return [c for c in bot.fake.calls_to("chat.postMessage") if c.params.get("channel") == user_id]


@service_level
def test_those_coming_get_one_reminder_an_hour_before(bot: BotUnderTest) -> None:
    soon = a_gathering(bot.db, utcnow() + timedelta(minutes=30))
    later = a_gathering(bot.db, utcnow() + timedelta(hours=3), message_ts="1700000000.000300")
    with bot.db.session() as session:
        for gathering_id in (soon, later):
            attendance.answer(session, p.TEAM_ID, gathering_id, ORGANISER, True)
            attendance.answer(session, p.TEAM_ID, gathering_id, OTHER, False)

    first = run.run(bot.rt, bot.rt.client, p.TEAM_ID)
    again = run.run(bot.rt, bot.rt.client, p.TEAM_ID)

    assert (first.reminded, again.reminded) == ([(soon, ORGANISER)], [])
    (dm,) = dms_to(bot, ORGANISER)
    assert "Street choir evening" in dm.params["text"] and "<!date^" in dm.params["text"]
    assert dms_to(bot, OTHER) == []


@service_level
def test_a_refused_reminder_is_tried_again_on_the_next_pass(bot: BotUnderTest) -> None:
    soon = a_gathering(bot.db, utcnow() + timedelta(minutes=50))
    with bot.db.session() as session:
        attendance.answer(session, p.TEAM_ID, soon, ORGANISER, True)
    bot.fake.error_next("chat.postMessage", "channel_not_found")

    refused = run.run(bot.rt, bot.rt.client, p.TEAM_ID)
    retried = run.run(bot.rt, bot.rt.client, p.TEAM_ID)

    assert (refused.reminded, retried.reminded) == ([], [(soon, ORGANISER)])


@service_level
def test_a_reminder_slack_may_have_posted_is_not_sent_again(bot: BotUnderTest) -> None:
    soon = a_gathering(bot.db, utcnow() + timedelta(minutes=50))
    with bot.db.session() as session:
        attendance.answer(session, p.TEAM_ID, soon, ORGANISER, True)
    bot.fake.queue("chat.postMessage", None, status=504)  # stored by Slack, answered with a 5xx

    maybe = run.run(bot.rt, bot.rt.client, p.TEAM_ID)
    again = run.run(bot.rt, bot.rt.client, p.TEAM_ID)

    assert (maybe.reminded, again.reminded) == ([(soon, ORGANISER)], [])
    assert len(dms_to(bot, ORGANISER)) == 1


def test_a_weekly_series_keeps_its_local_hour_across_the_clock_change(db: Database) -> None:
    with db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        plan = Plan(title="Unconference", place="Kallio", channel_id=ANNOUNCE_IN, weekly=True)
        # Thursday 22 October 2026, 18:00 in Helsinki (summer time, UTC+3).
        first = planning.plan_gathering(
            session, p.TEAM_ID, ORGANISER, plan, datetime(2026, 10, 22, 15, tzinfo=UTC)
        )
    just_after = datetime(2026, 10, 22, 15, 30, tzinfo=UTC)

    with db.session() as session:
        made = series.continue_series(session, p.TEAM_ID, HELSINKI, now=just_after)
    with db.session() as session:
        again = series.continue_series(session, p.TEAM_ID, HELSINKI, now=just_after)
        nothing_yet = series.continue_series(
            session, p.TEAM_ID, HELSINKI, now=datetime(2026, 10, 29, 15, tzinfo=UTC)
        )

    assert len(made) == 1 and again == [] and nothing_yet == []
    (next_one,) = [g for g in stored(db) if g.id != first]
    # 18:00 again in Helsinki, which after 25 October is UTC+2.
    assert next_one.starts_at == datetime(2026, 10, 29, 16, tzinfo=UTC)
    assert (next_one.series_id, next_one.title, next_one.organiser_id) == (first, "Unconference", ORGANISER)


def test_a_series_the_bot_missed_for_weeks_continues_with_the_next_week_to_come(db: Database) -> None:
    with db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        plan = Plan(title="Speed friending", place="Online", channel_id=ANNOUNCE_IN, weekly=True)
        planning.plan_gathering(session, p.TEAM_ID, ORGANISER, plan, datetime(2026, 1, 5, 16, tzinfo=UTC))
        series.continue_series(session, p.TEAM_ID, HELSINKI, now=datetime(2026, 3, 3, tzinfo=UTC))
    assert [g.starts_at for g in stored(db)][-1] == datetime(2026, 3, 9, 16, tzinfo=UTC)


@service_level
def test_a_weekly_gathering_announces_next_weeks_as_it_begins(bot: BotUnderTest) -> None:
    with bot.db.session() as session:
        plan = Plan(title="Weekly chat", place="https://meet.example/x", channel_id=ANNOUNCE_IN, weekly=True)
        gathering_id = planning.plan_gathering(
            session, p.TEAM_ID, ORGANISER, plan, utcnow() - timedelta(minutes=1)
        )
        announcement.announced(session, p.TEAM_ID, gathering_id, "1700000000.000400")

    first = run.run(bot.rt, bot.rt.client, p.TEAM_ID)
    again = run.run(bot.rt, bot.rt.client, p.TEAM_ID)

    assert len(first.announced) == 1 and again.announced == []
    (posted,) = [c for c in bot.fake.calls_to("chat.postMessage") if c.params.get("channel") == ANNOUNCE_IN]
    assert "Weekly chat" in posted.params["text"]


# ---------------------------------------------------------------------- moved or cancelled


def change_form(
    title: str = "Street choir evening",
    day: str = "",
    clock: str = "18:00",
    place: str = "Kallio library",
    *choices: str,
) -> dict:
    return {
        "title": {ids.INPUT: p.plain_input(title)},
        "day": {ids.INPUT: {"type": "datepicker", "selected_date": day}},
        "time": {ids.INPUT: {"type": "timepicker", "selected_time": clock}},
        "place": {ids.INPUT: p.plain_input(place)},
        "cancel": {ids.INPUT: {"type": "checkboxes", "selected_options": [p.option(c, c) for c in choices]}},
    }


def a_gathering_with_answers(bot: BotUnderTest) -> tuple[int, str]:
    """Three days ahead, the organiser and a facilitator coming, another member not; and the form."""
    gathering_id = a_gathering(bot.db, utcnow() + timedelta(days=3))
    with bot.db.session() as session:
        roster.set_facilitator(session, p.TEAM_ID, FACILITATOR, True)
        attendance.answer(session, p.TEAM_ID, gathering_id, ORGANISER, True)
        attendance.answer(session, p.TEAM_ID, gathering_id, FACILITATOR, True)
        attendance.answer(session, p.TEAM_ID, gathering_id, OTHER, False)
    press(bot, ids.GATHERING_CHANGE, str(gathering_id), ORGANISER)
    (opened,) = bot.fake.wait_for("views.open")
    assert_valid_view(opened.json("view"))
    return gathering_id, opened.json("view")["private_metadata"]


def test_a_moved_gathering_tells_those_coming_once_and_a_second_editor_is_stopped(bot: BotUnderTest) -> None:
    _gathering, shown = a_gathering_with_answers(bot)
    new_day = (date.today() + timedelta(days=5)).isoformat()

    moved = bot.send(
        p.view_submission(
            ids.GATHERING_CHANGE_MODAL, change_form(day=new_day), private_metadata=shown, user_id=ORGANISER
        )
    )
    bot.settled()
    # The facilitator had the same form open, showing the gathering as it was.
    late = bot.send(
        p.view_submission(
            ids.GATHERING_CHANGE_MODAL,
            change_form(day=new_day, place="Online"),
            private_metadata=shown,
            user_id=FACILITATOR,
        )
    )
    bot.settled()

    assert not moved.errors
    assert "changed this gathering while you had the form open" in late.errors["title"]
    told = {user: dms_to(bot, user) for user in (ORGANISER, FACILITATOR, OTHER)}
    assert (len(told[ORGANISER]), len(told[FACILITATOR]), told[OTHER]) == (1, 1, [])
    assert "has changed" in told[ORGANISER][0].params["text"]
    (gathering,) = stored(bot.db)
    assert (gathering.place, gathering.version) == ("Kallio library", 2)
    assert gathering.starts_at.astimezone(HELSINKI).date().isoformat() == new_day


def test_a_cancelled_gathering_tells_those_coming_once_closes_answers_and_counts_for_nothing(
    bot: BotUnderTest,
) -> None:
    gathering_id, shown = a_gathering_with_answers(bot)

    reply = bot.send(
        p.view_submission(
            ids.GATHERING_CHANGE_MODAL,
            change_form("", "", "", "", "cancel"),
            private_metadata=shown,
            user_id=ORGANISER,
        )
    )
    bot.settled()
    press(bot, ids.GATHERING_COMING, str(gathering_id), OTHER)

    assert not reply.errors
    assert [len(dms_to(bot, user)) for user in (ORGANISER, FACILITATOR, OTHER)] == [1, 1, 0]
    assert "is cancelled" in dms_to(bot, ORGANISER)[0].params["text"]
    redrawn = bot.fake.calls_to("chat.update")[0]
    assert "Cancelled: Street choir evening" in json.dumps(redrawn.json("blocks"))
    said = [c.params["text"] for c in bot.fake.calls_to("response_url") if c.params.get("text")]
    assert any("was cancelled" in text for text in said)
    with bot.db.read() as session:
        week = Week.current(ZoneInfo("UTC"))
        assert records.figures(session, p.TEAM_ID, None, utcnow() + timedelta(days=30))["gatherings"] == 0
        assert stats.weekly(session, p.TEAM_ID, week)["gatherings"] == 0


def test_only_the_organiser_or_a_facilitator_changes_it_and_not_once_it_has_begun(bot: BotUnderTest) -> None:
    future = a_gathering(bot.db, utcnow() + timedelta(days=1))
    begun = a_gathering(bot.db, utcnow() - timedelta(minutes=1), message_ts="1700000000.000500")

    press(bot, ids.GATHERING_CHANGE, str(future), OTHER)
    press(bot, ids.GATHERING_CHANGE, str(begun), ORGANISER)
    forged = bot.send(
        p.view_submission(
            ids.GATHERING_CHANGE_MODAL,
            change_form("", "", "", "", "cancel"),
            private_metadata=json.dumps({"gathering": future, "version": 1}),
            user_id=OTHER,
        )
    )

    said = [c.params["text"] for c in bot.fake.calls_to("response_url") if c.params.get("text")]
    assert any("Only the organiser or a facilitator can change" in text for text in said)
    assert any("has begun" in text for text in said)
    assert "Only the organiser or a facilitator can change" in forged.errors["title"]
    assert bot.fake.calls_to("views.open") == []
    assert [g.cancelled_at for g in stored(bot.db)] == [None, None]


def test_someone_who_answers_after_a_change_is_not_told_of_it(db: Database) -> None:
    gathering_id = a_gathering(db, utcnow() + timedelta(days=2))
    day = (utcnow() + timedelta(days=4)).astimezone(HELSINKI).date().isoformat()
    with db.session() as session:
        problems, tell = changes.change(
            session,
            p.TEAM_ID,
            gathering_id,
            ORGANISER,
            1,
            changes.Change("Choir", day, "19:00", "Hall"),
            HELSINKI,
        )
        assert (problems, tell) == ({}, True)
        attendance.answer(session, p.TEAM_ID, gathering_id, OTHER, True)
        assert changes.to_tell(session, p.TEAM_ID, gathering_id) == []


def test_the_home_tab_plans_one_too_and_says_by_dm_when_only_facilitators_may(bot: BotUnderTest) -> None:
    bot.send(p.block_actions(ids.HOME_MEET, view={"type": "home"}, user_id=ORGANISER))
    (opened,) = bot.fake.wait_for("views.open")
    assert opened.json("view")["callback_id"] == ids.GATHERING_PLAN_MODAL
    with bot.db.session() as session:
        set_value(session, p.TEAM_ID, "gatherings_by", "facilitators")
    bot.rt.prefs.forget(p.TEAM_ID)

    bot.send(p.block_actions(ids.HOME_MEET, view={"type": "home"}, user_id=OTHER))
    bot.settled()

    (dm,) = dms_to(bot, OTHER)
    assert "facilitators plan the gatherings" in dm.params["text"]
    assert len(bot.fake.calls_to("views.open")) == 1


def test_the_ideas_export_carries_the_gatherings_that_discussed_them_without_names(db: Database) -> None:
    gathering_id = a_gathering(db, utcnow() - timedelta(hours=3), idea_titles=("Seed swap",))
    with db.session() as session:
        attendance.answer(session, p.TEAM_ID, gathering_id, OTHER, True, now=utcnow() - timedelta(days=1))
        (idea,) = details.get(session, p.TEAM_ID, gathering_id).ideas
        assert (
            records.record(session, p.TEAM_ID, gathering_id, ORGANISER, 4, {idea.idea_id: "Bring seeds"})
            is None
        )
    with db.read() as session:
        rows = export.ideas_for_export(session, p.TEAM_ID)

    (row,) = rows
    assert [(g["title"], g["note"]) for g in row["gatherings"]] == [("Street choir evening", "Bring seeds")]
    assert OTHER not in export.to_csv(rows) and OTHER not in export.to_json(p.TEAM_ID, rows)
    assert (
        json.loads(next(csv.DictReader(io.StringIO(export.to_csv(rows))))["gatherings"]) == row["gatherings"]
    )


@service_level
def test_a_moved_gathering_reminds_those_coming_again_for_its_new_time(bot: BotUnderTest) -> None:
    soon = a_gathering(bot.db, utcnow() + timedelta(minutes=30))
    with bot.db.session() as session:
        attendance.answer(session, p.TEAM_ID, soon, OTHER, True)
    assert run.run(bot.rt, bot.rt.client, p.TEAM_ID).reminded == [(soon, OTHER)]
    later = (utcnow() + timedelta(minutes=50)).astimezone(ZoneInfo("UTC"))
    with bot.db.session() as session:
        wanted = changes.Change(
            "Street choir evening", later.date().isoformat(), later.strftime("%H:%M"), "Hall"
        )
        problems, tell = changes.change(session, p.TEAM_ID, soon, ORGANISER, 1, wanted, ZoneInfo("UTC"))
    assert (problems, tell) == ({}, True)

    told = run.tell_changed(bot.rt, bot.rt.client, p.TEAM_ID, soon)
    again = run.run(bot.rt, bot.rt.client, p.TEAM_ID)

    assert told == [OTHER] and again.reminded == [(soon, OTHER)]
    assert run.tell_changed(bot.rt, bot.rt.client, p.TEAM_ID, soon) == []


def test_a_weekly_gathering_that_stops_repeating_announces_no_next_one(db: Database) -> None:
    with db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        plan = Plan(title="Unconference", place="Kallio", channel_id=ANNOUNCE_IN, weekly=True)
        first = planning.plan_gathering(
            session, p.TEAM_ID, ORGANISER, plan, datetime(2026, 10, 22, 15, tzinfo=UTC)
        )
        stop = changes.Change("Unconference", "2026-10-22", "18:00", "Kallio", stop_series=True)
        problems, _tell = changes.change(
            session, p.TEAM_ID, first, ORGANISER, 1, stop, HELSINKI, now=datetime(2026, 10, 20, tzinfo=UTC)
        )
        assert problems == {}
        made = series.continue_series(
            session, p.TEAM_ID, HELSINKI, now=datetime(2026, 10, 22, 16, tzinfo=UTC)
        )
    assert made == [] and len(stored(db)) == 1


def test_the_ideas_offered_in_the_form_match_a_number_or_part_of_a_title_in_this_workspace(
    db: Database,
) -> None:
    with db.session() as session:
        ensure_workspace(session, p.TEAM_ID)
        ensure_workspace(session, "T0ELSE0001")
        choir = pitch(session, p.TEAM_ID, "Street choir")
        pitch(session, p.TEAM_ID, "Seed swap 100%")
        pitch(session, "T0ELSE0001", "Street choir elsewhere")
    with db.read() as session:
        by_words = planning.ideas_matching(session, p.TEAM_ID, "CHOIR")
        by_number = planning.ideas_matching(session, p.TEAM_ID, "#1")
        by_percent = planning.ideas_matching(session, p.TEAM_ID, "%")
        everything = planning.ideas_matching(session, p.TEAM_ID, "")
    assert [title for _id, _number, title in by_words] == ["Street choir"]
    assert by_number == [(choir, 1, "Street choir")]
    assert [title for _id, _number, title in by_percent] == ["Seed swap 100%"]
    assert [number for _id, number, _title in everything] == [2, 1]
    assert all(len(option["text"]["text"]) <= 75 for option in modals.idea_options(everything))


@service_level
def test_a_series_whose_channel_refuses_tells_its_organiser_once_and_is_not_made_again(
    bot: BotUnderTest,
) -> None:
    with bot.db.session() as session:
        plan = Plan(title="Weekly chat", place="Online", channel_id=ANNOUNCE_IN, weekly=True)
        gathering_id = planning.plan_gathering(
            session, p.TEAM_ID, ORGANISER, plan, utcnow() - timedelta(minutes=1)
        )
        announcement.announced(session, p.TEAM_ID, gathering_id, "1700000000.000600")
    bot.fake.error_next("chat.postMessage", "not_in_channel")

    first = run.run(bot.rt, bot.rt.client, p.TEAM_ID)
    again = run.run(bot.rt, bot.rt.client, p.TEAM_ID)

    assert (first.announced, again.announced) == ([], [])
    (dm,) = dms_to(bot, ORGANISER)
    assert "Next week's Weekly chat could not be announced" in dm.params["text"]
    assert len(stored(bot.db)) == 2, "next week's is kept, unannounced, and not made again"
