"""Counting a scripted week of Slack activity through the running app, exactly, both ways Slack calls it."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.core import ids
from bot.core.db import Database
from bot.core.weeks import Week
from bot.core.workspace_settings import ensure_workspace, set_value
from bot.ideas import pitches
from bot.ideas.data import IdeaData
from bot.ideas.pitches import PitchDraft
from bot.pulse import stats
from models import DailyActivity, Member, Perspective, utcnow
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, start_http_bot, wait_until

TEAM = p.TEAM_ID
ANNA, BEN, CAROL, DAVE, EVE, FRANK, GINA = (
    f"U0{name}00001" for name in ("ANNA", "BEN", "CAROL", "DAVE", "EVE", "FRANK", "GINA")
)
HELPER_BOT = "U0HELPERBOT"
ZONE = ZoneInfo("UTC")


# Twelve hours ahead of UTC: when a week is about to end in one of these, it is mid-week in the other.
ZONES = (ZONE, ZoneInfo("Etc/GMT-12"))


def this_week(db: Database) -> Week:
    """The week now in the workspace's zone, which is set to whichever of two zones twelve hours
    apart is further from the end of its week, so the script (seconds long) never straddles a week
    boundary and nothing has to wait for one."""
    now = utcnow()
    zone = max(ZONES, key=lambda z: Week.current(z).end - now)
    with db.session() as session:
        ensure_workspace(session, TEAM)
        set_value(session, TEAM, "timezone", zone.key)
    return Week.current(zone)


def read_the_member_list(bot: BotUnderTest) -> None:
    for user in (ANNA, BEN, CAROL, DAVE, EVE, FRANK):
        bot.fake.add_user(user)
    bot.fake.add_user(HELPER_BOT, is_bot=True)
    # Slack lists Slackbot as a user that is not a bot; it is not a member all the same.
    bot.fake.add_user("USLACKBOT")
    bot.rt.member_sync.sync_all(bot.rt.client, TEAM)


def pitched(session, title: str) -> IdeaData:
    ensure_workspace(session, TEAM)
    return pitches.create_pitch(
        session, team_id=TEAM, author_id=ANNA, draft=PitchDraft(title=title), origin_channel_id=p.CHANNEL_ID
    )


def posted_pitch(bot: BotUnderTest) -> tuple[int, str]:
    with bot.db.session() as session:
        idea = pitched(session, "Walking club")
        pitches.record_post(
            session, team_id=TEAM, idea_id=idea.id, channel_id=p.CHANNEL_ID, message_ts="1700000001.000100"
        )
    return idea.id, "1700000001.000100"


def figures(bot: BotUnderTest, week: Week) -> dict:
    bot.counted()
    with bot.db.read() as session:
        return stats.weekly(session, TEAM, week)


def test_a_scripted_week_is_counted_exactly(bot: BotUnderTest) -> None:
    week = this_week(bot.db)
    bot.rt.prefs.forget(TEAM)
    read_the_member_list(bot)
    idea_id, pitch_ts = posted_pitch(bot)

    # Anna writes in the channel; Slack retries the event, which must count once.
    said = p.event_callback(p.message_event("Hello all", user_id=ANNA), event_id="EvANNA0001")
    bot.send(said)
    bot.send(said)
    # She edits it: an edit is not a new message.
    bot.send(p.event_callback(p.message_event("Hello all!", user_id=ANNA, subtype="message_changed")))
    # Ben replies in the pitch's thread: a message and a perspective.
    bot.send(p.event_callback(p.message_event("I'd join", user_id=BEN, thread_ts=pitch_ts)))
    # Carol reacts, Dave opens the Home tab, Eve types a command.
    bot.send(p.event_callback(p.reaction_added_event("tada", user_id=CAROL)))
    bot.send(p.event_callback(p.app_home_opened_event(user_id=DAVE)))
    bot.send(p.slash_command("/idea", "", user_id=EVE))
    # Gina joins the workspace and presses a button.
    bot.send(p.event_callback(p.team_join_event(user_id=GINA)))
    bot.send(
        p.block_actions(
            ids.HOME_LANGUAGE,
            action_type="static_select",
            action_fields={"selected_option": p.option("en")},
            user_id=GINA,
        )
    )
    # Frank's account is deleted.
    bot.send(p.event_callback({"type": "user_change", "user": p.user_object(FRANK, deleted=True)}))
    # None of these count: another bot, Slackbot, the app itself posting and reacting.
    bot.send(p.event_callback(p.message_event("beep", user_id=HELPER_BOT, bot_id="B0HELPER01")))
    bot.send(p.event_callback(p.reaction_added_event("robot_face", user_id=HELPER_BOT)))
    bot.send(p.event_callback(p.message_event("Reminder", user_id="USLACKBOT")))
    bot.send(p.event_callback(p.message_event("Card", user_id=p.BOT_USER_ID, bot_id=p.BOT_ID)))
    bot.send(p.event_callback(p.reaction_added_event("eyes", user_id=p.BOT_USER_ID)))

    def perspective_kept() -> int:
        with bot.db.read() as session:
            return session.scalar(select(func.count()).where(Perspective.idea_id == idea_id))

    wait_until(perspective_kept, message="the thread reply kept as a perspective")
    wait_until(lambda: member_is_deleted(bot, FRANK), message="Frank's account marked deleted")
    wait_until(lambda: member_joined(bot, GINA), message="Gina's join kept")

    got = figures(bot, week)
    assert {key: got[key] for key in EXPECTED} == EXPECTED
    assert got["week"] == week.label


EXPECTED = {
    "members": 6,  # Anna, Ben, Carol, Dave, Eve and Gina; not Frank, the helper bot or Slackbot
    "new_members": 1,  # Gina
    "active_commenters": 2,  # Anna and Ben
    "visitors": 6,  # Anna, Ben, Carol, Dave, Eve and Gina
    "messages": 2,
    "reactions": 1,
    "perspectives": 1,
    "ideas_new": 1,
    "ideas_total": 1,
    "projects": 0,
}


def member_is_deleted(bot: BotUnderTest, user_id: str) -> bool:
    with bot.db.read() as session:
        member = session.get(Member, (TEAM, user_id))
        return bool(member and member.deleted)


def member_joined(bot: BotUnderTest, user_id: str) -> bool:
    with bot.db.read() as session:
        member = session.get(Member, (TEAM, user_id))
        return bool(member and member.joined_at)


def test_no_message_text_is_stored(bot: BotUnderTest) -> None:
    secret = "my very private sentence 7f3a"
    bot.send(p.event_callback(p.message_event(secret, user_id=ANNA)))
    bot.counted()
    with bot.db.engine.connect() as conn:
        for table in DailyActivity.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                assert secret not in repr(tuple(row)), table.name


def test_a_retried_event_counts_once_even_after_a_restart(db, fake_slack) -> None:
    week = this_week(db)
    said = p.event_callback(p.message_event("Hello", user_id=ANNA), event_id="EvRESTART01")
    first = start_http_bot(db, fake_slack)
    try:
        first.send(said)
        first.counted()
    finally:
        first.stop()
    second = start_http_bot(db, fake_slack)
    try:
        # Slack did not hear the first ack and tries again, to the restarted bot.
        second.send(said)
        assert figures(second, week)["messages"] == 1
    finally:
        second.stop()


def test_an_event_counts_on_the_day_it_happened_not_when_it_arrived(bot: BotUnderTest) -> None:
    an_hour_ago = utcnow() - timedelta(hours=1)
    bot.send(p.event_callback(p.message_event("Late", user_id=ANNA), event_time=int(an_hour_ago.timestamp())))
    bot.counted()
    with bot.db.read() as session:
        (day,) = session.scalars(select(DailyActivity.day).where(DailyActivity.user_id == ANNA))
    assert day == an_hour_ago.date()


def test_a_perspective_given_with_the_button_makes_an_active_commenter(db) -> None:
    week = this_week(db)
    with db.session() as session:
        idea = pitched(session, "Repair café")
        pitches.add_perspective(
            session, team_id=TEAM, idea_id=idea.id, user_id=BEN, message_ts="1.2", source="form"
        )
        # The same perspective seen again (the bot's own post of it coming back) counts once.
        pitches.add_perspective(
            session, team_id=TEAM, idea_id=idea.id, user_id=BEN, message_ts="1.2", source="thread"
        )
    with db.read() as session:
        got = stats.weekly(session, TEAM, week)
    assert (got["active_commenters"], got["perspectives"], got["messages"]) == (1, 1, 0)
