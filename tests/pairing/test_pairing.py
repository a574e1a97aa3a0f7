"""Unmentoring: members opt in, rounds pair them at random (no recent repeats, shared interests first,
one trio when odd, nobody left out), a heads-up with "Skip this round", "Did you meet?", learnings
shared with consent and found by `/idea search`, pauses, and the figures."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.core import ids
from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.weeks import Week
from bot.core.workspace_settings import ensure_workspace, set_value
from bot.members import roster
from bot.pairing import followup, group_messages, grouping, participation, run, schedule
from bot.pairing.matching import Candidate, make_groups
from bot.pairing.participation import JoinAnswer, ParticipantData
from bot.pairing.views import messages
from bot.pulse import period_report, stats
from bot.pulse.views.report import report_message
from bot.pulse.views.stats import week_message
from models import Learning, PairingGroup, PairingRound
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack
from tests.support.harness import BotUnderTest, service_level, wait_until
from tests.support.views_check import assert_valid_message, assert_valid_view

TEAM = p.TEAM_ID
ANNA, BEN, CARLA, DAVID, EMMA = "U0ANNA0001", "U0BEN00001", "U0CARLA001", "U0DAVID001", "U0EMMA0001"
STRANGER = "U0STRANGER"
LEARNINGS = "C0LEARN001"
# A Tuesday morning in Helsinki (the workspace zone in these tests).
TUESDAY = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)


def join(db: Database, *user_ids: str, topic: str = "", interests: tuple[str, ...] = ()) -> None:
    with db.session() as session:
        for user_id in user_ids:
            participation.join(
                session, TEAM, user_id, JoinAnswer(topic, interests), TUESDAY - timedelta(days=30)
            )


def set_up(db: Database, **settings: str) -> None:
    with db.session() as session:
        ensure_workspace(session, TEAM)
        set_value(session, TEAM, "timezone", "Europe/Helsinki")
        for key, value in settings.items():
            set_value(session, TEAM, key, value)


def pair_now(bot: BotUnderTest, now: datetime) -> run.PairingReport:
    return run.run(bot.db, bot.rt.client, TEAM, now=now, scheduled=False)


def scheduled(bot: BotUnderTest, now: datetime) -> run.PairingReport:
    return run.run(bot.db, bot.rt.client, TEAM, now=now, scheduled=True)


def groups_made(report: run.PairingReport) -> list[set[str]]:
    assert report.made is not None
    return [set(g.user_ids) for g in report.made.groups]


def posts(bot: BotUnderTest, containing: str, channel: str | None = None) -> list:
    return [
        c
        for c in bot.fake.successful_calls_to("chat.postMessage")
        if containing in str(c.params.get("text")) and (channel is None or c.params.get("channel") == channel)
    ]


def dm_of(bot: BotUnderTest, *user_ids: str) -> str:
    return bot.fake.dm_channel_id(*user_ids)


def participant(db: Database, user_id: str) -> ParticipantData | None:
    with db.read() as session:
        return participation.participant(session, TEAM, user_id)


# ---------------------------------------------------------------------------------------- opting in


def test_nobody_is_paired_without_joining_and_joining_asks_a_line_and_interests(bot: BotUnderTest) -> None:
    set_up(bot.db)
    with bot.db.session() as session:
        for user_id in (ANNA, BEN, CARLA):
            roster.ensure_member(session, TEAM, user_id)

    report = pair_now(bot, TUESDAY)
    assert report.made is None, "members who never joined are not paired"
    assert not bot.fake.calls_to("conversations.open")

    for user_id, topic, interests in (
        (ANNA, "Running volunteer meet-ups", ["health"]),
        (BEN, "", ["health", "culture"]),
    ):
        reply = bot.send(p.slash_command("/thinktank", "pair join", user_id=user_id))
        assert reply.status == 200
        form = bot.fake.wait_for("views.open")[-1].json("view")
        assert_valid_view(form)
        assert [b["block_id"] for b in form["blocks"] if b["type"] == "input"] == ["topic", "interests"]
        values = {
            "topic": {ids.INPUT: p.plain_input(topic or None)},
            "interests": {ids.INPUT: p.multi_select([*interests, "forged"])},
        }
        answer = bot.send(
            p.view_submission(
                ids.PAIR_JOIN_MODAL, values, private_metadata=form["private_metadata"], user_id=user_id
            )
        )
        assert answer.body["response_action"] == "update"
        assert "You're in!" in json.dumps(answer.body["view"])
    assert participant(bot.db, ANNA).interests == ("health",)
    assert participant(bot.db, BEN).interests == ("health", "culture"), "a forged interest is dropped"

    status = bot.send(p.slash_command("/thinktank", "pair status", user_id=ANNA)).text
    assert "You're taking part in pairing" in status and "Running volunteer meet-ups" in status

    report = pair_now(bot, TUESDAY + timedelta(hours=1))
    assert groups_made(report) == [{ANNA, BEN}]
    opened = bot.fake.wait_for("conversations.open")[-1]
    assert sorted(opened.params["users"].split(",")) == sorted([ANNA, BEN])
    intro = posts(bot, "Hello", channel=dm_of(bot, ANNA, BEN))
    assert len(intro) == 1
    assert_valid_message(intro[0].params["text"], intro[0].json("blocks"))
    body = json.dumps(intro[0].json("blocks"), ensure_ascii=False)
    assert "Running volunteer meet-ups" in body and "30 minutes" in body
    assert "You both care about Health" in body, "the first question picks up a shared interest"
    assert participant(bot.db, CARLA) is None


def test_a_topic_too_long_is_refused_and_nothing_is_kept(bot: BotUnderTest) -> None:
    set_up(bot.db)
    values = {"topic": {ids.INPUT: p.plain_input("x" * 151)}, "interests": {ids.INPUT: p.multi_select([])}}
    reply = bot.send(p.view_submission(ids.PAIR_JOIN_MODAL, values, user_id=ANNA))
    assert "150" in reply.errors["topic"]
    assert participant(bot.db, ANNA) is None


def test_the_pair_command_says_what_was_wrong_and_changes_nothing(bot: BotUnderTest) -> None:
    set_up(bot.db)
    for text in (
        "pair dance",
        "pair pause",
        "pair pause two",
        "pair pause 0",
        "pair pause 53",
        "pair join now",
        "pair leave please",
    ):
        answer = bot.send(p.slash_command("/thinktank", text, user_id=ANNA)).text
        assert "/thinktank pair join" in answer and "1 to 52" in answer, text
    assert "not taking part" in bot.send(p.slash_command("/thinktank", "pair pause 2", user_id=ANNA)).text
    assert "not taking part" in bot.send(p.slash_command("/thinktank", "pair leave", user_id=ANNA)).text
    assert participant(bot.db, ANNA) is None
    assert not bot.fake.calls_to("views.open")


# ---------------------------------------------------------------------------------------- making groups


@service_level
def test_an_odd_pool_makes_one_trio_and_leaves_nobody_out(bot: BotUnderTest) -> None:
    set_up(bot.db)
    people = [f"U0PERSON{i:02d}" for i in range(7)]
    join(bot.db, *people)

    report = pair_now(bot, TUESDAY)

    sizes = sorted(len(g) for g in groups_made(report))
    assert sizes == [2, 2, 3]
    assert sorted(u for g in groups_made(report) for u in g) == sorted(people)
    assert report.intros_sent == 3
    trio = next(
        c
        for c in bot.fake.successful_calls_to("conversations.open")
        if len(c.params["users"].split(",")) == 3
    )
    trio_intro = posts(
        bot, "group of three", channel=bot.fake.dm_channel_id(*trio.params["users"].split(","))
    )
    assert len(trio_intro) == 1


@service_level
def test_no_repeat_while_the_pool_allows_and_everyone_still_paired_when_it_does_not(
    bot: BotUnderTest,
) -> None:
    set_up(bot.db)
    join(bot.db, ANNA, BEN, CARLA, DAVID)
    met: set[frozenset[str]] = set()
    for week in range(3):
        report = pair_now(bot, TUESDAY + timedelta(weeks=week))
        pairs = {frozenset(g) for g in groups_made(report)}
        assert len(pairs) == 2 and not pairs & met, f"round {week + 1} repeats a meeting"
        assert report.repeats == 0
        met |= pairs
    assert len(met) == 6, "everyone has met everyone"

    fourth = pair_now(bot, TUESDAY + timedelta(weeks=3))
    assert sorted(len(g) for g in groups_made(fourth)) == [2, 2], "still everyone paired"
    assert fourth.repeats == 2
    first_round = {frozenset(g) for g in groups_made(pair_now_report_of_round(bot, 1))}
    assert {frozenset(g) for g in groups_made(fourth)} == first_round, (
        "the meetings longest ago come back first"
    )


def pair_now_report_of_round(bot: BotUnderTest, number: int) -> run.PairingReport:
    """The groups of an earlier round, read back from the database, as a report."""
    with bot.db.read() as session:
        round_ids = sorted(set(session.scalars(select(PairingGroup.round_id))))
        group_ids = list(
            session.scalars(select(PairingGroup.id).where(PairingGroup.round_id == round_ids[number - 1]))
        )
        groups = group_messages.groups_of(session, TEAM, group_ids)
    return run.PairingReport(made=grouping.MadeRound(round_ids[number - 1], TUESDAY, groups, None, [], 0))


def test_the_matching_prefers_shared_interests_and_avoids_recent_partners_in_a_bigger_pool() -> None:
    people = [Candidate(a, frozenset({"health"})) for a in "ab"] + [
        Candidate(c, frozenset({"culture"})) for c in "cd"
    ]
    for seed in range(20):
        groups = make_groups(people, {}, window=12, rng=random.Random(seed)).groups
        assert sorted(sorted(g) for g in groups) == [["a", "b"], ["c", "d"]]

    pool = [Candidate(f"P{i:02d}") for i in range(20)]
    met: dict[str, dict[str, int]] = {}
    for round_number in range(5):
        groups = make_groups(pool, met, window=12, rng=random.Random(round_number)).groups
        assert all(b not in met.get(a, {}) for g in groups for a in g for b in g if a != b), round_number
        for partners in met.values():
            for other in partners:
                partners[other] += 1
        for g in groups:
            for a in g:
                met.setdefault(a, {}).update({b: 1 for b in g if b != a})
    assert make_groups([Candidate("solo")], {}, window=12, rng=random.Random(0)).alone == "solo"


def test_the_group_dm_speaks_a_language_all_its_members_read_else_the_workspace_one(
    bot: BotUnderTest,
) -> None:
    set_up(bot.db, language="en")
    # Shared interests make the pairs: the two Finnish speakers, and the Finnish and English ones.
    join(bot.db, ANNA, BEN, interests=("culture",))
    join(bot.db, CARLA, DAVID, interests=("work",))
    for user_id, language in ((ANNA, "fi"), (BEN, "fi"), (CARLA, "fi"), (DAVID, "en")):
        bot.send(p.slash_command("/thinktank", f"language {language}", user_id=user_id))

    report = pair_now(bot, TUESDAY)

    assert {frozenset(g) for g in groups_made(report)} == {frozenset({ANNA, BEN}), frozenset({CARLA, DAVID})}
    finnish = posts(bot, "Hei", channel=dm_of(bot, ANNA, BEN))
    english = posts(bot, "Hello", channel=dm_of(bot, CARLA, DAVID))
    assert len(finnish) == 1 and len(english) == 1, "Carla reads Finnish, David English: the workspace's"


# ---------------------------------------------------------------------------------------- the schedule


def test_a_heads_up_comes_a_day_before_and_skipping_leaves_one_out_of_that_round_only(
    bot: BotUnderTest,
) -> None:
    set_up(bot.db, pairing_every_days="14")
    join(bot.db, ANNA, BEN, CARLA)

    first = scheduled(bot, TUESDAY)
    assert sorted(first.heads_up) == [ANNA, BEN, CARLA]
    assert first.made is None
    heads_up = posts(bot, "30-minute", channel=ANNA)
    assert len(heads_up) == 1
    assert_valid_message(heads_up[0].params["text"], heads_up[0].json("blocks"))
    assert "Wednesday" in heads_up[0].params["text"], "the round is tomorrow at 10:00 Helsinki time"
    assert scheduled(bot, TUESDAY + timedelta(hours=1)).heads_up == [], "one heads-up each"

    skip = heads_up[0].json("blocks")[1]["elements"][0]
    bot.send(
        p.block_actions(
            ids.PAIR_SKIP, skip["value"], user_id=ANNA, channel_id=ANNA, message_ts=heads_up[0].response["ts"]
        )
    )
    updated = bot.fake.wait_for("chat.update")[-1]
    assert "skipping this round" in updated.params["text"]

    made = scheduled(bot, datetime(2026, 11, 25, 8, 10, tzinfo=UTC))  # Wednesday 10:10 in Helsinki
    assert groups_made(made) == [{BEN, CARLA}]
    assert made.made.skipped == 1

    # Two weeks on, Anna is back in; Ben and Carla met last time, so each of them meets Anna... but
    # with three people, one trio.
    nothing_yet = scheduled(bot, datetime(2026, 12, 7, 8, 10, tzinfo=UTC))
    assert nothing_yet.heads_up == [] and nothing_yet.made is None, "not yet a day before"
    announced = scheduled(bot, datetime(2026, 12, 8, 8, 10, tzinfo=UTC))
    assert sorted(announced.heads_up) == [ANNA, BEN, CARLA]
    again = scheduled(bot, datetime(2026, 12, 9, 8, 10, tzinfo=UTC))
    assert groups_made(again) == [{ANNA, BEN, CARLA}]

    # A press on an old heads-up changes nothing.
    bot.send(p.block_actions(ids.PAIR_SKIP, skip["value"], user_id=ANNA, channel_id=ANNA))
    wait_until(
        lambda: any(
            "already made" in c.params.get("text", "") for c in bot.fake.calls_to("chat.postEphemeral")
        )
    )


def test_rounds_are_off_at_zero_and_a_pause_ends_by_itself(bot: BotUnderTest) -> None:
    set_up(bot.db, pairing_every_days="0")
    join(bot.db, ANNA, BEN, CARLA)
    assert scheduled(bot, TUESDAY).heads_up == []
    assert scheduled(bot, TUESDAY + timedelta(days=3)).made is None

    answer = bot.send(p.slash_command("/thinktank", "pair pause 2", user_id=CARLA)).text
    assert "paused for you until" in answer
    now = run.utcnow()
    assert groups_made(pair_now(bot, now)) == [{ANNA, BEN}], "Carla is paused"
    assert sorted(len(g) for g in groups_made(pair_now(bot, now + timedelta(weeks=2, hours=1)))) == [3]


def test_three_unanswered_rounds_pause_a_member_kindly_and_one_click_brings_them_back(
    bot: BotUnderTest,
) -> None:
    set_up(bot.db)
    join(bot.db, ANNA, BEN)
    for week in range(5):
        report = pair_now(bot, TUESDAY + timedelta(days=8 * week))
        if week < 4:
            assert groups_made(report) == [{ANNA, BEN}]
        # Anna answers every "Did you meet?"; Ben never does.
        for ask in posts(bot, "Did you meet?"):
            group_id = ask.json("blocks")[1]["elements"][1]["value"]
            with bot.db.session() as session:
                followup.answer(session, TEAM, int(group_id), ANNA, followup.NOT_YET, TUESDAY)
    assert report.made.auto_paused == [BEN]
    assert report.made.alone == ANNA
    assert len(posts(bot, "only one taking part", channel=ANNA)) == 1
    paused = posts(bot, "I've paused your pairing", channel=BEN)
    assert len(paused) == 1 and not posts(bot, "I've paused your pairing", channel=ANNA)
    assert participant(bot.db, BEN).auto_paused_at is not None

    back = paused[0].json("blocks")[1]["elements"][0]
    assert back["action_id"] == ids.PAIR_RESUME
    bot.send(
        p.block_actions(
            ids.PAIR_RESUME, None, user_id=BEN, channel_id=BEN, message_ts=paused[0].response["ts"]
        )
    )
    wait_until(lambda: any("Welcome back" in c.params["text"] for c in bot.fake.calls_to("chat.update")))
    assert participant(bot.db, BEN).auto_paused_at is None
    assert groups_made(pair_now(bot, TUESDAY + timedelta(days=41))) == [{ANNA, BEN}]


# ---------------------------------------------------------------------------------------- follow-up


def asked(bot: BotUnderTest) -> dict:
    ask = posts(bot, "Did you meet?")
    assert len(ask) == 1
    return ask[0]


def test_did_you_meet_then_a_learning_shared_with_consent_is_posted_kept_found_and_counted(
    bot: BotUnderTest,
) -> None:
    # Rounds only on demand here, so the scheduled runs below only ask "Did you meet?".
    set_up(bot.db, learnings_channel=LEARNINGS, pairing_every_days="0")
    join(bot.db, ANNA, BEN)
    now = run.utcnow()
    pair_now(bot, now - timedelta(days=8))
    assert scheduled(bot, now - timedelta(days=2)).followups_sent == 0, "not before a week"
    assert scheduled(bot, now).followups_sent == 1
    assert scheduled(bot, now + timedelta(hours=1)).followups_sent == 0, "asked once"
    ask = asked(bot)
    assert ask.params["channel"] == dm_of(bot, ANNA, BEN)
    assert_valid_message(ask.params["text"], ask.json("blocks"))
    buttons = ask.json("blocks")[1]["elements"]
    assert [b["action_id"] for b in buttons] == [ids.PAIR_MET, ids.PAIR_NOT_YET, ids.PAIR_WONT]
    group_id = buttons[0]["value"]

    # Someone outside the pair, and a forged group, change nothing.
    bot.send(p.block_actions(ids.PAIR_MET, group_id, user_id=STRANGER, channel_id=ask.params["channel"]))
    bot.send(p.block_actions(ids.PAIR_MET, "99999", user_id=ANNA, channel_id=ask.params["channel"]))
    wait_until(lambda: len(bot.fake.calls_to("chat.postEphemeral")) == 2)
    texts = [c.params["text"] for c in bot.fake.calls_to("chat.postEphemeral")]
    assert any("for the people in this pair" in t for t in texts) and any(
        "can't find that round" in t for t in texts
    )
    assert not bot.fake.calls_to("views.open")

    bot.send(p.block_actions(ids.PAIR_MET, group_id, user_id=ANNA, channel_id=ask.params["channel"]))
    form = bot.fake.wait_for("views.open")[-1].json("view")
    assert_valid_view(form)
    assert f"<#{LEARNINGS}>" in json.dumps(form)

    def submit(user_id: str, learning: str | None, share: bool):
        values = {
            "learning": {ids.INPUT: p.plain_input(learning)},
            "consent": {ids.INPUT: p.checkboxes(["share"] if share else [])},
        }
        return bot.send(
            p.view_submission(
                ids.PAIR_LEARNING_MODAL, values, private_metadata=form["private_metadata"], user_id=user_id
            )
        )

    assert "few words" in submit(ANNA, None, True).errors["learning"]
    assert "1,000" in submit(ANNA, "x" * 1001, True).errors["learning"]
    assert "for the people in this pair" in submit(STRANGER, "I was not there", True).errors["learning"]
    thanks = submit(ANNA, "Libraries lend <!channel> sewing machines & tools", True)
    assert thanks.body["response_action"] == "update"
    post = wait_until(lambda: posts(bot, "A learning from an unmentoring conversation", channel=LEARNINGS))[0]
    assert_valid_message(post.params["text"], post.json("blocks"))
    assert "&lt;!channel&gt;" in json.dumps(post.json("blocks")), "no one is pinged"
    assert "already shared" in submit(ANNA, "Again", True).errors["learning"]
    assert "Nothing was kept" in json.dumps(submit(BEN, "Just for me", False).body["view"])

    with bot.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Learning)) == 1
        assert session.scalar(select(Learning.message_ts)) == post.response["ts"]
    found = bot.send(p.slash_command("/idea", "search sewing", user_id=CARLA))
    assert "sewing machines" in str(found.body), "learnings are found by /idea search"

    # Ben's "We won't" is kept as his answer; the group met already.
    bot.send(p.block_actions(ids.PAIR_WONT, group_id, user_id=BEN, channel_id=ask.params["channel"]))
    wait_until(
        lambda: any("Maybe next round" in c.params["text"] for c in bot.fake.calls_to("chat.postEphemeral"))
    )

    with bot.db.read() as session:
        week = stats.weekly(session, TEAM, Week.current(bot.rt.prefs.workspace(TEAM).zone))
        report_figures = period_report.report(session, TEAM, bot.rt.prefs.workspace(TEAM).zone)
    assert (week["pairs_met"], week["learnings_shared"]) == (1, 1)
    assert (report_figures["pairs_met"], report_figures["learnings_shared"]) == (1, 1)
    post_text = json.dumps(week_message(translator("en"), week), ensure_ascii=False)
    assert "Pairs who met" in post_text and "Learnings shared" in post_text
    assert "1 pair" in report_message(translator("en"), report_figures)["text"]


@service_level
def test_pairs_made_count_in_the_week_they_were_made(bot: BotUnderTest) -> None:
    set_up(bot.db)
    join(bot.db, ANNA, BEN, CARLA, DAVID, EMMA)
    now = run.utcnow()
    pair_now(bot, now)
    with bot.db.read() as session:
        week = stats.weekly(session, TEAM, Week.current(bot.rt.prefs.workspace(TEAM).zone))
        last_week = stats.weekly(session, TEAM, Week.current(bot.rt.prefs.workspace(TEAM).zone).previous())
    assert (week["pairs_made"], week["pairs_met"], week["learnings_shared"]) == (2, 0, 0)
    assert last_week["pairs_made"] == 0


@service_level
def test_an_introduction_slack_refuses_is_not_sent_twice_and_a_rate_limited_one_waits_for_the_next_run(
    bot: BotUnderTest,
) -> None:
    set_up(bot.db)
    join(bot.db, ANNA, BEN, CARLA, DAVID)
    bot.fake.error_next("conversations.open", "user_disabled")
    for _ in range(6):  # more than the client's own retries
        bot.fake.rate_limit_next("chat.postMessage", retry_after=0)
    report = pair_now(bot, TUESDAY)
    assert report.intros_sent == 0 and [what for what, _e in report.failed] == [
        f"intro:{report.made.groups[0].id}"
    ]
    again = run.run(bot.db, bot.rt.client, TEAM, now=TUESDAY + timedelta(hours=1), scheduled=True)
    assert again.intros_sent == 1, "the rate-limited introduction goes out at the next run"
    third = run.run(bot.db, bot.rt.client, TEAM, now=TUESDAY + timedelta(hours=2), scheduled=True)
    assert third.intros_sent == 0 and third.failed == [], "nothing twice, and the refused one is not retried"
    assert len(posts(bot, "Hello")) == 1


@service_level
def test_an_introduction_slack_may_have_posted_counts_as_sent_and_is_never_posted_again(
    bot: BotUnderTest,
) -> None:
    set_up(bot.db)
    join(bot.db, ANNA, BEN)
    bot.fake.queue("chat.postMessage", None, status=504)  # stored by Slack, answered with a 5xx
    report = pair_now(bot, TUESDAY)
    assert report.intros_sent == 1 and report.failed == []
    again = run.run(bot.db, bot.rt.client, TEAM, now=TUESDAY + timedelta(hours=1), scheduled=True)
    assert again.intros_sent == 0
    hellos = [c for c in bot.fake.calls_to("chat.postMessage") if "Hello" in str(c.params.get("text"))]
    assert len(hellos) == 1


@service_level
def test_a_partners_yes_counts_as_an_answer_for_the_whole_group(bot: BotUnderTest) -> None:
    set_up(bot.db)
    join(bot.db, ANNA, BEN, CARLA, DAVID)
    for week in range(5):
        report = pair_now(bot, TUESDAY + timedelta(days=8 * week))
        assert report.made.auto_paused == [], f"round {week + 1}"
        for ask in posts(bot, "Did you meet?"):
            group_id = int(ask.json("blocks")[1]["elements"][0]["value"])
            with bot.db.session() as session:
                members_of = {
                    p.user_id for g in group_messages.groups_of(session, TEAM, [group_id]) for p in g.people
                }
                # Only Anna and Carla ever answer; their "Yes" counts for whoever they met.
                for user_id in sorted(members_of & {ANNA, CARLA}):
                    followup.answer(session, TEAM, group_id, user_id, followup.MET, TUESDAY)
    assert sorted(len(g) for g in groups_made(report)) == [2, 2]


@service_level
def test_pair_makes_the_announced_round_with_its_skips_and_never_a_second_one(bot: BotUnderTest) -> None:
    set_up(bot.db, pairing_every_days="14")
    join(bot.db, ANNA, BEN, CARLA)
    announced = scheduled(bot, TUESDAY)
    assert len(announced.heads_up) == 3
    with bot.db.session() as session:
        [round_id] = session.scalars(select(PairingRound.id))
        schedule.skip(session, TEAM, round_id, CARLA, TUESDAY)

    made = pair_now(bot, TUESDAY + timedelta(hours=1))

    assert made.made.round_id == round_id and groups_made(made) == [{ANNA, BEN}], "Carla's skip stands"
    with bot.db.read() as session:
        assert session.scalar(select(func.count()).select_from(PairingRound)) == 1
        assert schedule.pending_round(session, TEAM) is None


def test_an_introduction_stays_within_slacks_limits_whatever_the_interests() -> None:
    themes = tuple(f"{'very long theme name ' * 2}{n:02d}"[:50] for n in range(30))
    people = [participation.Person(u, "<!channel> " + "x" * 140, themes) for u in (ANNA, BEN, CARLA)]
    group = grouping.GroupData(id=7, round_id=1, people=people, language="en")
    message = messages.intro_message(translator("en"), group)
    assert_valid_message(message["text"], message["blocks"])
    assert "&lt;!channel&gt;" in json.dumps(message["blocks"]) and "and 25 more" in json.dumps(
        message["blocks"]
    )
    hostile = messages.learning_post(translator("fi"), "&" * 1000, ANNA)
    assert_valid_message(hostile["text"], hostile["blocks"])


# ---------------------------------------------------------------------------------------- App Home


def test_app_home_offers_pairing_and_its_buttons_join_pause_resume_and_leave(bot: BotUnderTest) -> None:
    set_up(bot.db)
    bot.send(p.event_callback(p.app_home_opened_event(user_id=ANNA)))
    home = bot.fake.wait_for("views.publish")[-1].json("view")
    assert_valid_view(home)
    join_button = next(
        e
        for b in home["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ids.PAIR_JOIN
    )
    assert join_button["text"]["text"] == "Join pairing"

    bot.send(p.block_actions(ids.PAIR_JOIN, "", user_id=ANNA, view=home))
    form = bot.fake.wait_for("views.open")[-1].json("view")
    values = {"topic": {ids.INPUT: p.plain_input("Open data")}, "interests": {ids.INPUT: p.multi_select([])}}
    bot.send(
        p.view_submission(
            ids.PAIR_JOIN_MODAL, values, private_metadata=form["private_metadata"], user_id=ANNA
        )
    )
    home = bot.fake.wait_for("views.publish", 2)[-1].json("view")
    assert_valid_view(home)
    assert "You're taking part" in json.dumps(home)

    pause = {"selected_option": {"value": "4", "text": {"type": "plain_text", "text": "4 weeks"}}}
    bot.send(
        p.block_actions(
            ids.PAIR_PAUSE, None, user_id=ANNA, view=home, action_type="static_select", action_fields=pause
        )
    )
    home = bot.fake.wait_for("views.publish", 3)[-1].json("view")
    assert "paused until" in json.dumps(home)
    assert participant(bot.db, ANNA).paused_until > run.utcnow() + timedelta(weeks=3, days=6)

    # Editing one's line while paused keeps the pause.
    bot.send(p.block_actions(ids.PAIR_JOIN, "", user_id=ANNA, view=home))
    form = bot.fake.wait_for("views.open", 2)[-1].json("view")
    assert form["blocks"][1]["element"]["initial_value"] == "Open data"
    values = {
        "topic": {ids.INPUT: p.plain_input("Open data and maps")},
        "interests": {ids.INPUT: p.multi_select([])},
    }
    saved = bot.send(
        p.view_submission(
            ids.PAIR_JOIN_MODAL, values, private_metadata=form["private_metadata"], user_id=ANNA
        )
    )
    assert "Saved." in json.dumps(saved.body["view"])
    home = bot.fake.wait_for("views.publish", 4)[-1].json("view")
    assert (
        participant(bot.db, ANNA).paused_until is not None
        and participant(bot.db, ANNA).topic == "Open data and maps"
    )

    bot.send(p.block_actions(ids.PAIR_RESUME, None, user_id=ANNA, view=home))
    home = bot.fake.wait_for("views.publish", 5)[-1].json("view")
    assert participant(bot.db, ANNA).paused_until is None

    bot.send(p.block_actions(ids.PAIR_LEAVE, None, user_id=ANNA, view=home))
    home = bot.fake.wait_for("views.publish", 6)[-1].json("view")
    assert "Join pairing" in json.dumps(home)
    assert not participant(bot.db, ANNA).active


# ---------------------------------------------------------------------------------------- command line


def test_pair_on_the_command_line_dry_run_leaves_no_trace_and_pair_makes_the_round(
    tmp_path, monkeypatch, capsys
) -> None:
    from app import main

    with FakeSlack() as fake:
        monkeypatch.chdir(tmp_path)
        url = f"sqlite:///{tmp_path}/cli.db"
        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
        monkeypatch.setenv("SLACK_API_URL", fake.api_url)
        assert main(["db", "upgrade"]) == 0
        db = Database(url)
        try:
            join(db, ANNA, BEN, CARLA)
        finally:
            db.dispose()
        capsys.readouterr()

        assert main(["pair", "--dry-run", "--json", "--team", TEAM]) == 0
        document = json.loads(capsys.readouterr().out)
        assert [sorted(g["members"]) for g in document["groups"]] == [sorted([ANNA, BEN, CARLA])]
        assert document["dry_run"] is True and document["repeats"] == 0
        assert not fake.calls, "a dry run calls no Slack"
        db = Database(url)
        try:
            with db.read() as session:
                assert session.scalar(select(func.count()).select_from(PairingGroup)) == 0
                assert session.scalar(select(func.count()).select_from(PairingRound)) == 0, "no round kept"
        finally:
            db.dispose()

        assert main(["pair", "--team", TEAM]) == 0
        out = capsys.readouterr().out
        assert "1 group made" in out and "Introduced: 1." in out
        opened = fake.successful_calls_to("conversations.open")
        assert [sorted(c.params["users"].split(",")) for c in opened] == [sorted([ANNA, BEN, CARLA])]
