"""Who is a member (issue 15): a human account of this workspace, decided in one place
(`bot.members.membership`). Outsiders in shared channels, Slackbot and a pitch's own author replying in its
thread are never counted as members or perspectives, never welcomed and never given rights."""

from __future__ import annotations

from sqlalchemy import select

from bot.core import ids
from bot.core.i18n import translator
from bot.ideas.views import notices
from bot.members.membership import is_member_profile, sender_from_elsewhere
from bot.members.roster import ensure_member
from models import DailyActivity, Idea, Member, Perspective
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, wait_until
from tests.support.pitching import submit_pitch

OUTSIDER = "U0GUEST001"
OTHER_ORG = "T0OTHERORG"
NEIGHBOUR = "U0NEIGHB01"


def posted_card(bot: BotUnderTest) -> str:
    submit_pitch(bot, title="Shared bikes")
    return wait_until(lambda: card_ts(bot), message="the card")


def card_ts(bot: BotUnderTest) -> str | None:
    with bot.db.read() as session:
        return session.scalar(select(Idea.message_ts))


def reply_in_thread(bot: BotUnderTest, user_id: str, thread_ts: str, *, team: str = p.TEAM_ID) -> None:
    event = p.message_event("Have you asked the library?", user_id=user_id, thread_ts=thread_ts)
    if team != p.TEAM_ID:
        # Slack's shape for a message from another organisation in a shared channel.
        event |= {"team": team, "user_team": team, "source_team": team}
    payload = p.event_callback(event)
    payload["is_ext_shared_channel"] = team != p.TEAM_ID
    bot.send(payload)


def perspectives_by(bot: BotUnderTest) -> list[str]:
    with bot.db.read() as session:
        return list(session.scalars(select(Perspective.user_id).order_by(Perspective.id)))


def status_of_idea(bot: BotUnderTest) -> str:
    with bot.db.read() as session:
        return session.scalar(select(Idea.status)) or ""


def member_row(bot: BotUnderTest, user_id: str) -> Member | None:
    with bot.db.read() as session:
        return session.get(Member, (p.TEAM_ID, user_id))


def test_the_one_rule_reads_slack_user_objects() -> None:
    own = {"id": "U1", "team_id": p.TEAM_ID, "is_bot": False}
    assert is_member_profile(own, p.TEAM_ID)
    assert not is_member_profile({**own, "team_id": OTHER_ORG, "is_admin": True}, p.TEAM_ID)
    assert not is_member_profile({**own, "is_bot": True}, p.TEAM_ID)
    assert not is_member_profile({**own, "id": "USLACKBOT"}, p.TEAM_ID)
    # Enterprise Grid: a member whose home workspace is another one of the same organisation.
    grid = {**own, "team_id": "T0HOME", "enterprise_user": {"teams": ["T0HOME", p.TEAM_ID]}}
    assert is_member_profile(grid, p.TEAM_ID)
    shared = p.event_callback(p.message_event("hi", user_id=OUTSIDER) | {"user_team": OTHER_ORG})
    assert sender_from_elsewhere(shared)
    assert not sender_from_elsewhere(p.event_callback(p.message_event("hi")))


def test_an_outsider_replying_in_a_shared_channel_is_no_member_perspective_or_count(
    bot: BotUnderTest,
) -> None:
    bot.fake.add_outsider(OUTSIDER, OTHER_ORG, is_admin=True, is_owner=True)
    ts = posted_card(bot)
    bot.settled()

    reply_in_thread(bot, OUTSIDER, ts, team=OTHER_ORG)
    # A member's reply afterwards is the positive signal that replies are being handled.
    reply_in_thread(bot, NEIGHBOUR, ts)
    wait_until(lambda: perspectives_by(bot) == [NEIGHBOUR], message="the member's perspective")
    bot.settled()
    bot.counted()

    assert perspectives_by(bot) == [NEIGHBOUR]
    assert member_row(bot, OUTSIDER) is None
    with bot.db.read() as session:
        counted = set(session.scalars(select(DailyActivity.user_id).where(DailyActivity.messages > 0)))
    assert counted == {NEIGHBOUR}


def test_an_outsider_admin_of_their_own_organisation_cannot_edit_a_pitch(bot: BotUnderTest) -> None:
    bot.fake.add_outsider(OUTSIDER, OTHER_ORG, is_admin=True, is_owner=True)
    posted_card(bot)
    with bot.db.read() as session:
        idea_id = session.scalar(select(Idea.id))
    bot.settled()
    bot.fake.reset()

    press = p.block_actions(
        ids.CARD_MENU,
        user_id=OUTSIDER,
        action_type="overflow",
        action_fields={"selected_option": p.option(f"{ids.EDIT}:{idea_id}", "Edit")},
    )
    press["user"]["team_id"] = OTHER_ORG
    bot.send(press)

    (answer,) = bot.fake.wait_for("chat.postEphemeral")
    assert answer.params["user"] == OUTSIDER
    assert answer.params["text"].startswith(notices.not_yours_to_edit(translator("en"), _idea(bot))[:20])
    assert bot.fake.calls_to("views.open") == []
    bot.settled()
    assert member_row(bot, OUTSIDER) is None


def test_a_stale_outsider_row_loses_its_rights_when_the_profile_is_read(bot: BotUnderTest) -> None:
    # As a version before this rule kept them: a member row with their organisation's admin flag.
    with bot.db.session() as session:
        ensure_member(session, p.TEAM_ID, OUTSIDER).is_admin = True

    bot.rt.member_sync.apply(p.TEAM_ID, bot.fake.add_outsider(OUTSIDER, OTHER_ORG, is_admin=True))

    assert member_row(bot, OUTSIDER) is None


def test_slackbot_and_the_author_in_a_pitch_thread_are_no_perspectives(bot: BotUnderTest) -> None:
    ts = posted_card(bot)
    bot.settled()
    bot.fake.reset()

    reply_in_thread(bot, "USLACKBOT", ts)
    reply_in_thread(bot, p.USER_ID, ts)  # the author answering in their own thread
    bot.settled()

    assert perspectives_by(bot) == []
    assert status_of_idea(bot) == "new"
    assert bot.fake.calls_to("chat.postMessage") == []

    reply_in_thread(bot, NEIGHBOUR, ts)
    (dm,) = bot.fake.wait_for("chat.postMessage")
    assert "first perspective" in dm.params["text"]
    assert perspectives_by(bot) == [NEIGHBOUR]


def test_an_outsider_joining_through_a_shared_channel_is_never_welcomed(bot: BotUnderTest) -> None:
    bot.fake.add_outsider(OUTSIDER, OTHER_ORG)
    with bot.db.session() as session:
        from bot.members.roster import mark_synced

        mark_synced(session, p.TEAM_ID)  # so that anyone new would be a new member
    bot.rt.member_sync.refresh_now(bot.rt.client, p.TEAM_ID, OUTSIDER)
    bot.rt.member_sync.refresh_now(bot.rt.client, p.TEAM_ID, NEIGHBOUR)

    with bot.db.read() as session:
        joined = {user: at for user, at in session.execute(select(Member.user_id, Member.joined_at))}
    assert list(joined) == [NEIGHBOUR]  # a new member, to be welcomed; the outsider is nobody's
    assert joined[NEIGHBOUR] is not None


def _idea(bot: BotUnderTest):
    from bot.ideas import pitches

    with bot.db.read() as session:
        idea_id = session.scalar(select(Idea.id))
        data = pitches.get(session, p.TEAM_ID, idea_id or 0)
    assert data is not None
    return data
