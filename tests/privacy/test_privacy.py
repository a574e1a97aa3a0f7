"""Privacy: a member sees what is kept about them, downloads it, erases it; operators do the same with
`forget`. Erasure leaves nothing that points to the person in any table, and the figures stay."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import JSON, String, Text, cast, func, insert, select, update

from app import main
from bot.core import ids
from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.weeks import Week
from bot.core.workspace_settings import ensure_workspace
from bot.facilitation import assignment
from bot.gatherings import planning
from bot.ideas import pitches, topics
from bot.ideas.data import LinkData
from bot.ideas.pitches import PitchDraft
from bot.members import roster
from bot.pairing import participation
from bot.pairing.participation import JoinAnswer
from bot.privacy import export
from bot.privacy.columns import NOT_PERSONAL, PERSONAL_COLUMNS
from bot.privacy.views import blocks as views
from bot.pulse import period_report, stats
from models import (
    AttentionItem,
    Base,
    Checkin,
    DailyActivity,
    FeedDigest,
    Gathering,
    GatheringRsvp,
    Idea,
    Learning,
    Member,
    PairingGroup,
    PairingInvite,
    PairingMember,
    PairingRound,
    ReminderDigest,
    StatusChange,
    Support,
    installations_table,
    utcnow,
)
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest

TEAM, OTHER_TEAM = p.TEAM_ID, "T0OTHER001"
ERIN, OLLI, FACILITATOR = "U0ERIN0042", "U0OLLI0007", "U0FACIL001"
UTC_ZONE = ZoneInfo("UTC")


def past_weeks() -> tuple[Week, Week]:
    last = Week.current(UTC_ZONE).previous()
    return last.previous(), last


def seed_everything_about_erin(db: Database) -> dict[str, int]:
    """A row pointing to Erin in every table that can hold a member, the way the features write them."""
    two_ago, last = past_weeks()
    then = datetime.combine(last.monday + timedelta(days=1), datetime.min.time(), UTC) + timedelta(hours=10)
    earlier = then - timedelta(days=7)
    with db.session() as session:
        ensure_workspace(session, TEAM)
        for user_id in (ERIN, OLLI, FACILITATOR):
            member = roster.ensure_member(session, TEAM, user_id)
            member.timezone, member.slack_locale = "Europe/Helsinki", "fi-FI"
            # Read from Slack today, as the bot keeps it: else the bot reads the profile again in the
            # background and the fake Slack's default (en-US) could land before an answer is written.
            member.profile_synced_at = utcnow()
        roster.choose_language(session, TEAM, ERIN, "fi")
        assignment.set_role(session, TEAM, FACILITATOR, True)
        assignment.set_role(session, TEAM, ERIN, True)
        own = pitches.create_pitch(
            session,
            team_id=TEAM,
            author_id=ERIN,
            draft=PitchDraft(
                title="Reading café",
                tags=("kirjastot",),
                links=(LinkData(url="https://miro.com/app/board/reading", label="Our Miro board"),),
            ),
            origin_channel_id=None,
        )
        olli = pitches.create_pitch(
            session,
            team_id=TEAM,
            author_id=OLLI,
            draft=PitchDraft(title="Repair evening"),
            origin_channel_id=None,
        )
        session.get(Idea, olli.id).facilitator_id = ERIN
        done = pitches.create_pitch(
            session, team_id=TEAM, author_id=OLLI, draft=PitchDraft(title="Old fair"), origin_channel_id=None
        )
        session.get(Idea, done.id).status, session.get(Idea, done.id).facilitator_id = "done", ERIN
        for idea_id, user_id, at in ((olli.id, ERIN, then), (own.id, OLLI, earlier)):
            pitches.add_perspective(
                session,
                team_id=TEAM,
                idea_id=idea_id,
                user_id=user_id,
                message_ts=f"{at.timestamp()}",
                source="thread",
                at=at,
            )
        session.add(
            StatusChange(
                team_id=TEAM,
                idea_id=olli.id,
                user_id=ERIN,
                from_status="new",
                to_status="discussing",
                note="Ready",
                created_at=then,
            )
        )
        pitches.follow(session, team_id=TEAM, idea_id=olli.id, user_id=ERIN)
        # The knowledge bank: Erin supports Olli's idea (counted in last week's figures), follows a
        # tag and has had one daily digest of it.
        session.add(Support(team_id=TEAM, idea_id=olli.id, user_id=ERIN, created_at=then))
        topics.follow(session, team_id=TEAM, user_id=ERIN, topic=topics.Topic(topics.TAG, "nuoret"))
        session.add(
            FeedDigest(team_id=TEAM, user_id=ERIN, day=then.date(), claimed_at=then, sent_at=then, items=2)
        )
        pitches.offer_help(session, team_id=TEAM, idea_id=olli.id, user_id=ERIN)
        digest = ReminderDigest(
            team_id=TEAM, facilitator_id=ERIN, slot=str(last.monday), language="fi", sent_at=then
        )
        session.add(digest)
        session.flush()
        session.add_all(
            [
                AttentionItem(
                    team_id=TEAM,
                    kind=assignment.UNWELCOMED,
                    subject=ERIN,
                    since=earlier,
                    facilitator_id=FACILITATOR,
                ),
                AttentionItem(
                    team_id=TEAM,
                    kind="stale",
                    subject=str(done.id),
                    since=earlier,
                    facilitator_id=ERIN,
                    state="done",
                    done_by=ERIN,
                    digest_id=digest.id,
                ),
                Checkin(
                    team_id=TEAM,
                    week=last.label,
                    facilitator_id=ERIN,
                    answered_at=then,
                    attendance=12,
                    new_partners=2,
                    news="We met at the library",
                ),
                Checkin(
                    team_id=TEAM, week=Week.current(UTC_ZONE).label, facilitator_id=ERIN, asked_at=utcnow()
                ),
            ]
        )
        participation.join(
            session, TEAM, ERIN, JoinAnswer(topic="Libraries and open data", interests=("culture",)), then
        )
        round_ = PairingRound(team_id=TEAM, moment=earlier, made_at=earlier)
        session.add(round_)
        session.flush()
        group = PairingGroup(team_id=TEAM, round_id=round_.id, language="fi", met_at=then, created_at=earlier)
        session.add(group)
        session.flush()
        session.add_all(
            [
                PairingMember(
                    group_id=group.id,
                    user_id=ERIN,
                    team_id=TEAM,
                    round_id=round_.id,
                    answer="met",
                    answered_at=then,
                ),
                PairingMember(group_id=group.id, user_id=OLLI, team_id=TEAM, round_id=round_.id),
                PairingInvite(
                    round_id=round_.id, user_id=ERIN, team_id=TEAM, sent_at=earlier, skipped_at=None
                ),
                Learning(
                    team_id=TEAM,
                    group_id=group.id,
                    author_id=ERIN,
                    text="Libraries lend tools too",
                    created_at=then,
                ),
            ]
        )
        for week, who in ((two_ago, (ERIN, OLLI)), (last, (ERIN, OLLI, FACILITATOR))):
            for day in range(3, 6):
                for user_id in who:
                    session.add(
                        DailyActivity(
                            team_id=TEAM,
                            day=week.monday + timedelta(days=day),
                            user_id=user_id,
                            week=week.monday,
                            messages=day + 1,
                            reactions=1,
                            home_opens=0,
                            commands=1,
                            buttons=0,
                            perspectives=0,
                        )
                    )
        session.execute(
            insert(installations_table).values(
                client_id="1111.2222",
                app_id="A0APP",
                team_id=TEAM,
                user_id=ERIN,
                bot_token="xoxb-x",
                installed_at=datetime(2026, 1, 1),
                is_enterprise_install=False,
            )
        )
        # A gathering Erin planned (how many came counts in the figures) and her answer to it.
        gathering_id = planning.plan_gathering(
            session,
            TEAM,
            ERIN,
            planning.Plan(title="Seed swap meetup", place="Library", channel_id="C0MEET0001"),
            then,
        )
        session.add(GatheringRsvp(gathering_id=gathering_id, user_id=ERIN, team_id=TEAM, coming=True))
        session.execute(update(Gathering).where(Gathering.id == gathering_id).values(attendance=6))
        # The same person in another workspace is another member: erasing here leaves that alone.
        ensure_workspace(session, OTHER_TEAM)
        pitches.create_pitch(
            session,
            team_id=OTHER_TEAM,
            author_id=ERIN,
            draft=PitchDraft(title="Elsewhere"),
            origin_channel_id=None,
        )
    return {"own": own.number}


def rows_naming(db: Database, user_id: str, team_id: str | None = None) -> dict[str, int]:
    """Rows per table with the id anywhere in a text column (ids, JSON, free text alike)."""
    found: dict[str, int] = {}
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | Text | JSON):
                    continue
                query = select(func.count()).select_from(table).where(cast(column, Text).contains(user_id))
                if team_id is not None and "team_id" in table.c:
                    query = query.where(table.c.team_id == team_id)
                count = session.scalar(query)
                if count:
                    found[f"{table.name}.{column.name}"] = count
    return found


def figures(db: Database) -> dict[str, object]:
    with db.read() as session:
        weekly = {week.label: stats.weekly(session, TEAM, week) for week in past_weeks()}
        report = period_report.report(session, TEAM, UTC_ZONE)
    # `members` of the report is today's count: the erased person counts again once Slack shows them.
    report.pop("members")
    return {"weekly": weekly, "report": report}


def test_every_column_that_may_hold_a_member_is_covered_by_erasure() -> None:
    unclassified = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            # Slack ids are String(32) everywhere (models.workspace.SLACK_ID, slack_sdk's tables).
            if not (type(column.type) is String and column.type.length == 32):
                continue
            name = f"{table.name}.{column.name}"
            if (
                name not in PERSONAL_COLUMNS
                and name not in NOT_PERSONAL
                and f"*.{column.name}" not in NOT_PERSONAL
            ):
                unclassified.append(name)
    assert unclassified == [], "say in bot.privacy.columns how erasure treats these columns"
    columns = {f"{t.name}.{c.name}" for t in Base.metadata.sorted_tables for c in t.columns}
    assert set(PERSONAL_COLUMNS) <= columns, "PERSONAL_COLUMNS names a column that is gone"


def test_erasing_leaves_nothing_pointing_to_the_member_and_the_figures_as_they_were(
    bot: BotUnderTest,
) -> None:
    numbers = seed_everything_about_erin(bot.db)
    before = figures(bot.db)
    named = rows_naming(bot.db, ERIN, TEAM)
    assert set(PERSONAL_COLUMNS) <= set(named), "the seed must reach every column erasure covers"

    bot.send(
        p.block_actions(ids.PRIVACY_ERASE, "erase", user_id=ERIN, response_url=bot.fake.response_url("erase"))
    )

    [answer] = bot.fake.wait_for("response_url")
    assert answer.params["replace_original"] is True
    assert answer.params["text"] in {views.erased(translator("fi"), n) for n in range(1, 200)}, "in Finnish"
    assert rows_naming(bot.db, ERIN, TEAM) == {}, "no table of this workspace names Erin any more"
    assert figures(bot.db) == before, "every figure of the weeks gone by is as it was"
    with bot.db.read() as session:
        assert session.scalar(select(Idea.author_id).where(Idea.team_id == OTHER_TEAM)) == ERIN
        assert session.scalar(select(Learning.text)) == "Libraries lend tools too"
        open_ideas = dict(
            session.execute(select(Idea.title, Idea.facilitator_id).where(Idea.team_id == TEAM)).all()
        )
    assert open_ideas["Repair evening"] == FACILITATOR, "Erin's open idea went to the other facilitator"
    shown = bot.send(p.slash_command("/idea", f"show {numbers['own']}", user_id=OLLI)).body
    shown_text = json.dumps(shown, ensure_ascii=False)
    assert "Reading café" in shown_text and translator("fi").gettext("a former member") in shown_text
    bot.counted()
    with bot.db.read() as session:
        assert session.get(Member, (TEAM, ERIN)) is None, "the erase press itself left no trace"


def test_a_member_sees_what_is_kept_in_their_language_and_gets_it_as_a_file(bot: BotUnderTest) -> None:
    seed_everything_about_erin(bot.db)
    fi = translator("fi")
    url = bot.fake.response_url("privacy")

    bot.send(p.slash_command("/thinktank", "privacy", user_id=ERIN, response_url=url))

    [shown] = bot.fake.wait_for("response_url")
    assert shown.params["response_type"] == "ephemeral"
    text = json.dumps(shown.params["blocks"], ensure_ascii=False)
    assert fi.gettext("*What Think Tank keeps about you* (with your Slack user ID):") in text
    assert (
        fi.ngettext("%(count)s learning you shared.", "%(count)s learnings you shared.", 1) % {"count": "1"}
        in text
    )
    buttons = [
        e["action_id"] for b in shown.params["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert buttons == [ids.PRIVACY_EXPORT, ids.PRIVACY_ERASE]

    bot.send(p.block_actions(ids.PRIVACY_EXPORT, "export", user_id=ERIN, response_url=url))
    [done] = bot.fake.wait_for("files.completeUploadExternal")
    [opened] = bot.fake.calls_to("conversations.open")
    assert opened.params["users"] == ERIN and done.json("files")
    [content] = bot.fake.uploads.values()
    document = json.loads(content)
    assert document["user_id"] == ERIN and document["profile"]["language"] == "fi"
    assert [idea["title"] for idea in document["ideas"]] == ["Reading café"]
    assert document["pairing"]["learnings"][0]["text"] == "Libraries lend tools too"
    assert document["checkins"][0]["news"] == "We met at the library"
    assert [f["topic"] for f in document["topics_followed"]] == ["tag:nuoret"] and len(
        document["supports"]
    ) == 1
    assert [link["label"] for link in document["links_added"]] == ["Our Miro board"] and document["digests"]
    assert "Elsewhere" not in content.decode(), "another workspace's data is not in this one's file"
    sent = bot.fake.wait_for("response_url", count=2)
    assert sent[-1].params["text"] == fi.gettext("I've sent you a file with your data in a direct message.")


def test_someone_the_bot_knows_nothing_about_is_told_so_and_gets_no_buttons(db: Database) -> None:
    with db.read() as session:
        document = export.kept_about(session, TEAM, "U0NEWBIE01")
    message = views.privacy_message(translator("en"), document)
    assert "keeps nothing about you" in message["text"]
    assert not [b for b in message["blocks"] if b["type"] == "actions"]


def test_privacy_takes_nothing_after_it(bot: BotUnderTest) -> None:
    assert "needs nothing after it" in bot.send(p.slash_command("/thinktank", "privacy please")).text
    assert bot.fake.calls_to("response_url") == []


def test_a_refused_download_says_so_and_keeps_everything(bot: BotUnderTest) -> None:
    seed_everything_about_erin(bot.db)
    bot.fake.error_next("conversations.open", "cannot_dm_bot")
    url = bot.fake.response_url("refused")
    bot.send(p.block_actions(ids.PRIVACY_EXPORT, "export", user_id=ERIN, response_url=url))
    [answer] = bot.fake.wait_for("response_url")
    assert "cannot_dm_bot" in answer.params["text"]
    assert rows_naming(bot.db, ERIN, TEAM)


def test_operators_forget_a_member_from_the_command_line(
    db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_everything_about_erin(db)
    monkeypatch.setenv("DATABASE_URL", db.url)
    capsys.readouterr()

    assert main(["forget", ERIN, "--team", TEAM, "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ideas"][0]["title"] == "Reading café"
    assert rows_naming(db, ERIN, TEAM), "a dry run erases nothing"
    assert main(["forget", "erin", "--team", TEAM]) == 2
    assert "not a Slack user ID" in capsys.readouterr().err

    assert main(["forget", ERIN, "--team", TEAM, "--json"]) == 0
    erased = json.loads(capsys.readouterr().out)["erased"]
    assert erased["ideas"] == 3 and erased["pairing_participants"] == 1 and erased["members"] == 1
    assert rows_naming(db, ERIN, TEAM) == {}
    assert main(["forget", ERIN, "--team", TEAM]) == 0
    assert "keeps nothing" in capsys.readouterr().out
