"""The community in numbers for any period: `report --from --to`, `/thinktank report FROM TO`, the
`community_name` and `since` settings, the picture, and a facilitator's **Post to channel**."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlalchemy import select

from app import main
from bot.core import ids
from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.runtime import Runtime
from bot.core.weeks import PeriodError, Week, parse_period
from bot.core.workspace_settings import InvalidSetting, ensure_workspace, load, set_value
from bot.members import roster
from bot.pulse import activity, period_report, report_card, stats, stats_posting
from bot.pulse.period_report import quartile_range
from bot.pulse.report_claims import PeriodKey
from bot.pulse.views.report import report_message
from models import Idea, Learning, PairingGroup, PairingRound, Partner, ReportPost, StatusChange, Support
from tests.home.test_settings_form import form_values as settings_form_values
from tests.support import slack_payloads as p
from tests.support.harness import BotUnderTest, make_settings
from tests.support.views_check import assert_valid_message, assert_valid_view

HELSINKI = ZoneInfo("Europe/Helsinki")
TEAM = "T0REPORT01"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
STATS_CHANNEL = "C0STATS001"
FACILITATOR = "U0FACIL001"
# Flows: what happened in a week. Running totals (stocks) are given as they stood at a week's end.
FLOWS = ("ideas_new", "pairs_met", "learnings_shared", "supports", "challenge_answers")
STOCKS = ("ideas_total", "projects", "partners", "funded")


def week(label: str) -> Week:
    return Week.parse(label, HELSINKI)


def at(label: str, day: int = 2, hour: int = 12) -> datetime:
    """A moment inside an ISO week, in UTC: its `day` (Monday 0) at `hour` Helsinki time."""
    return (week(label).start + timedelta(days=day, hours=hour)).astimezone(UTC)


class Community:
    """Rows written straight into the database, each at the moment the story needs."""

    def __init__(self, session, team_id: str = TEAM) -> None:
        self.session, self.team_id, self.number = session, team_id, 0
        ensure_workspace(session, team_id)
        set_value(session, team_id, "timezone", "Europe/Helsinki")

    def pitch(self, title: str, when: datetime, kind: str = "idea", answers: Idea | None = None) -> Idea:
        self.number += 1
        idea = Idea(
            team_id=self.team_id,
            number=self.number,
            kind=kind,
            title=title,
            created_at=when,
            updated_at=when,
            challenge_id=answers.id if answers is not None else None,
        )
        self.session.add(idea)
        self.session.flush()
        return idea

    def becomes(self, idea: Idea, status: str, when: datetime, partners: tuple[str, ...] = ()) -> None:
        self.session.add(
            StatusChange(
                team_id=self.team_id,
                idea_id=idea.id,
                from_status=idea.status,
                to_status=status,
                created_at=when,
            )
        )
        idea.status, idea.updated_at = status, when
        for position, name in enumerate(partners):
            self.session.add(Partner(team_id=self.team_id, idea_id=idea.id, name=name, position=position))
        self.session.flush()

    def pair_met(self, when: datetime) -> None:
        made = when - timedelta(days=2)
        round_ = PairingRound(team_id=self.team_id, moment=made, made_at=made)
        self.session.add(round_)
        self.session.flush()
        self.session.add(
            PairingGroup(
                team_id=self.team_id, round_id=round_.id, language="fi", created_at=made, met_at=when
            )
        )

    def learning(self, when: datetime, experiment: Idea | None = None) -> None:
        self.session.add(
            Learning(
                team_id=self.team_id,
                text="Ask the library first",
                idea_id=experiment.id if experiment is not None else None,
                created_at=when,
            )
        )
        self.session.flush()

    def supports(self, idea: Idea, user: str, when: datetime) -> None:
        self.session.add(Support(team_id=self.team_id, idea_id=idea.id, user_id=user, created_at=when))
        self.session.flush()

    def active(self, user: str, when: datetime, kind: str = "messages") -> None:
        activity.add(self.session, self.team_id, user, kind, when, HELSINKI)


def a_year_of_community(db: Database) -> None:
    """Eight weeks around the autumn clock change (25 October 2026), with work before them too."""
    with db.session() as session:
        c = Community(session)
        older = c.pitch("Repair café", at("2026-W38"))
        c.becomes(older, "developing", at("2026-W39"), partners=("City",))
        choir = c.pitch("Street choir", at("2026-W41"))
        c.becomes(choir, "developing", at("2026-W42"), partners=("Library", "City"))
        seeds = c.pitch("Seed swap", at("2026-W43", day=6, hour=23))  # Sunday night, the week's last hour
        c.becomes(seeds, "funded", at("2026-W44"), partners=("library", "Red Cross"))
        c.pitch("Night walks", at("2026-W45"))
        c.pitch("After the period", at("2026-W47"))
        c.pair_met(at("2026-W41"))
        c.pair_met(at("2026-W46"))
        c.pair_met(at("2026-W47"))
        c.learning(at("2026-W43"))
        for number, label in enumerate(("2026-W40", "2026-W41", "2026-W42", "2026-W44", "2026-W46")):
            for person in range(number + 2):
                c.active(f"U0PERSON{person:02d}", at(label), "messages" if person % 2 else "reactions")


def the_knowledge_bank_in_those_weeks(db: Database) -> None:
    """A challenge from before the period, answered in it and after it; an experiment whose learning
    was shared in it; supports given before, in and after it."""
    with db.session() as session:
        c = Community(session)
        c.number = session.query(Idea).filter(Idea.team_id == TEAM).count()
        young = c.pitch("How do we reach the young?", at("2026-W38"), kind="challenge")
        c.pitch("Games night at the library", at("2026-W42"), answers=young)
        trial = c.pitch("Lend board games", at("2026-W44", day=6, hour=23), kind="experiment", answers=young)
        c.pitch("Youth council", at("2026-W47"), answers=young)
        c.learning(at("2026-W45"), experiment=trial)
        for user, label in (
            ("U0A", "2026-W40"),
            ("U0B", "2026-W41"),
            ("U0C", "2026-W44"),
            ("U0D", "2026-W48"),
        ):
            c.supports(young, user, at(label))
        c.supports(trial, "U0A", at("2026-W46", day=6, hour=23))


def test_a_periods_figures_are_what_the_weekly_figures_of_its_weeks_add_up_to(db: Database) -> None:
    a_year_of_community(db)
    the_knowledge_bank_in_those_weeks(db)
    labels = [f"2026-W{n}" for n in range(41, 47)]
    with db.read() as session:
        weekly = [stats.weekly(session, TEAM, week(label)) for label in labels]
        before = stats.weekly(session, TEAM, week("2026-W40"))
        period = period_report.report(
            session, TEAM, HELSINKI, now=at("2026-W48"), first=date(2026, 10, 5), last=date(2026, 11, 15)
        )

    assert (period["from"], period["to"]) == ("2026-10-05", "2026-11-15")
    for key in FLOWS:
        assert period[key if key != "ideas_new" else "ideas_total"] == sum(w[key] for w in weekly), key
    for key in STOCKS:
        assert period[key] == weekly[-1][key] - before[key], key
    assert period["members"] == weekly[-1]["members"]
    active_weeks = [w for w in weekly if w["visitors"]]
    assert period["weekly_visitors"] == quartile_range([w["visitors"] for w in active_weeks])
    assert period["weekly_active_commenters"] == quartile_range(
        [w["active_commenters"] for w in active_weeks]
    )
    # And by name: the City was a partner before the period, the library under two spellings is one.
    assert period["project_names"] == ["#2 Street choir", "#3 Seed swap"]
    assert period["funded_names"] == ["#3 Seed swap"]
    assert period["partner_names"] == ["Library", "Red Cross"]
    assert (period["ideas_total"], period["projects"], period["partners"], period["funded"]) == (5, 2, 2, 1)
    assert (period["pairs_met"], period["learnings_shared"], period["months_active"]) == (2, 2, 1)
    # Two answers pitched in it (the third came after), three supports given in it.
    assert (period["challenge_answers"], period["supports"]) == (2, 3)


def test_weeks_and_days_name_the_same_period_on_the_command_line(db: Database, monkeypatch, capsys) -> None:
    a_year_of_community(db)
    monkeypatch.setenv("DATABASE_URL", db.url)

    def shown(*argv: str) -> dict:
        capsys.readouterr()
        assert main(["report", "--team", TEAM, "--json", *argv]) == 0
        return json.loads(capsys.readouterr().out)

    by_weeks = shown("--from", "2026-w41", "--to", "2026-W46")
    by_days = shown("--from", "2026-10-05", "--to", "2026-11-15")
    assert by_weeks == by_days
    assert by_weeks["project_names"] == ["#2 Street choir", "#3 Seed swap"]
    # The whole life, as before: everything ever, from the first recorded activity.
    whole = shown()
    assert whole["ideas_total"] == 5 and whole["since"] == "2026-09-30"
    assert whole["partner_names"] == ["City", "Library", "Red Cross"]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--from", "2026-11-15", "--to", "2026-10-05"], "is after --to"),
        (["--from", "2026-W60"], "is not a day or a week"),
        (["--to", "15.11.2026"], "is not a day or a week"),
        (["--from", "2026-02-30"], "is not a day or a week"),
        (["--from", "２０２６-01-01"], "is not a day or a week"),
    ],
)
def test_a_period_that_is_not_one_is_wrong_usage(db: Database, monkeypatch, capsys, argv, said) -> None:
    with db.session() as session:
        ensure_workspace(session, TEAM)
    monkeypatch.setenv("DATABASE_URL", db.url)
    capsys.readouterr()
    assert main(["report", "--team", TEAM, *argv]) == 2
    assert said in capsys.readouterr().err


def test_a_period_reads_weeks_as_their_monday_to_their_sunday() -> None:
    today = date(2026, 12, 1)
    assert parse_period("2026-W41", "2026-W46", HELSINKI, today) == (date(2026, 10, 5), date(2026, 11, 15))
    assert parse_period(None, None, HELSINKI, today) == (None, today)
    assert parse_period("2026-01-01", None, HELSINKI, today) == (date(2026, 1, 1), today)
    with pytest.raises(PeriodError) as reversed_:
        parse_period("2027-01-01", None, HELSINKI, today)
    assert reversed_.value.word is None and reversed_.value.first == date(2027, 1, 1)


def test_since_sets_the_communitys_first_day_and_its_months(db: Database) -> None:
    a_year_of_community(db)
    with db.session() as session:
        set_value(session, TEAM, "since", "2026-04-15")
    with db.read() as session:
        whole = period_report.report(session, TEAM, HELSINKI, now=at("2026-W47", day=5))
        period = period_report.report(
            session,
            TEAM,
            HELSINKI,
            now=at("2026-W47", day=5),
            first=date(2026, 10, 5),
            last=date(2026, 11, 15),
        )
    # 15 April to 21 November is seven months and six days: seven months, as Citizen Think Tank wrote.
    assert (whole["since"], whole["from"], whole["months_active"]) == ("2026-04-15", "2026-04-15", 7)
    assert (period["since"], period["months_active"]) == ("2026-04-15", 1)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("since", "2026-13-01"),
        ("since", "yesterday"),
        ("since", "2999-01-01"),
        ("since", "٢٠٢٦-01-01"),
        ("community_name", "x" * 81),
        ("community_name", "\u200b\u200b"),
    ],
)
def test_bad_community_settings_are_refused_and_nothing_changes(db: Database, key: str, value: str) -> None:
    with db.session() as session:
        ensure_workspace(session, TEAM)
        with pytest.raises(InvalidSetting):
            set_value(session, TEAM, key, value)
    with db.read() as session:
        assert (load(session, TEAM).since, load(session, TEAM).community_name) == (None, None)


def test_the_community_name_with_slack_markup_pings_nobody_and_reads_as_typed(db: Database) -> None:
    a_year_of_community(db)
    with db.session() as session:
        set_value(session, TEAM, "community_name", "  <!channel> *Kallio* & co  ")
    with db.read() as session:
        report = period_report.report(session, TEAM, HELSINKI, now=at("2026-W48"))
    assert report["community_name"] == "<!channel> *Kallio* & co"

    card = report_message(translator("en"), report)

    assert_valid_message(card["text"], card["blocks"])
    assert card["blocks"][0]["text"] == {"type": "plain_text", "text": "<!channel> *Kallio* & co in numbers"}
    assert "&lt;!channel&gt; *Kallio* &amp; co in numbers" in card["text"]
    assert "<!channel>" not in card["text"]


def test_without_a_name_of_its_own_the_card_takes_the_workspaces(db: Database) -> None:
    with db.session() as session:
        ensure_workspace(session, TEAM, name="Citizen Think Tank")
        Community(session).active("U0PERSON01", at("2026-W45"))
    with db.read() as session:
        report = period_report.report(session, TEAM, HELSINKI, now=at("2026-W48"))
    assert report["community_name"] == "Citizen Think Tank"
    assert (
        report_message(translator("fi"), report)["blocks"][0]["text"]["text"] == "Citizen Think Tank lukuina"
    )


def test_a_period_with_no_activity_says_so(db: Database) -> None:
    a_year_of_community(db)
    with db.read() as session:
        empty = period_report.report(
            session, TEAM, HELSINKI, now=at("2026-W48"), first=date(2026, 1, 1), last=date(2026, 3, 31)
        )
    assert (empty["ideas_total"], empty["weekly_visitors"], empty["project_names"]) == (0, [0, 0], [])

    card = report_message(translator("sv"), empty, post_value="2026-01-01/2026-03-31")

    assert_valid_message(card["text"], card["blocks"])
    assert "1 januari 2026" in card["text"]
    assert not [block for block in card["blocks"] if block["type"] == "actions"], "nothing to post"


def is_greyscale(png: bytes) -> bool:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return all(r == g == b for _count, (r, g, b) in image.getcolors(maxcolors=1 << 24))


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_the_card_is_a_black_and_white_picture_in_the_communitys_language(
    db: Database, language: str
) -> None:
    a_year_of_community(db)
    with db.session() as session:
        set_value(session, TEAM, "community_name", "Price $5 & <b>Kallio</b>")
    with db.read() as session:
        report = period_report.report(session, TEAM, HELSINKI, now=at("2026-W48"))
    t = translator(language)

    png = report_card.render(report, t)

    assert png.startswith(PNG_SIGNATURE)
    assert Image.open(io.BytesIO(png)).size == (1200, 675)
    assert is_greyscale(png), "every pixel a grey: it prints and photocopies as it shows"
    words = report_card.description(report, t)
    assert {"en": "in numbers", "fi": "lukuina", "sv": "i siffror"}[language] in words


def test_report_png_writes_the_card_to_a_file(db: Database, monkeypatch, tmp_path, capsys) -> None:
    a_year_of_community(db)
    monkeypatch.setenv("DATABASE_URL", db.url)
    target = tmp_path / "card.png"

    assert (
        main(["report", "--team", TEAM, "--from", "2026-W41", "--to", "2026-W46", "--png", str(target)]) == 0
    )

    assert target.read_bytes().startswith(PNG_SIGNATURE)
    assert "2 projects among 2 partners" in capsys.readouterr().out
    assert main(["report", "--team", TEAM, "--png", str(tmp_path / "no" / "such" / "dir.png")]) == 1
    assert "Could not write" in capsys.readouterr().err


# ---------------------------------------------------------------------- in Slack


def some_weeks_in_slack(bot: BotUnderTest, *, facilitator: bool = True) -> None:
    with bot.db.session() as session:
        c = Community(session, p.TEAM_ID)
        set_value(session, p.TEAM_ID, "stats_channel", STATS_CHANNEL)
        set_value(session, p.TEAM_ID, "community_name", "Kallio Think Tank")
        choir = c.pitch("Street choir", at("2026-W41"))
        c.becomes(choir, "developing", at("2026-W42"), partners=("Library",))
        c.active("U0PERSON01", at("2026-W42"))
        if facilitator:
            roster.set_facilitator(session, p.TEAM_ID, FACILITATOR, True)
    bot.rt.prefs.forget(p.TEAM_ID, FACILITATOR)


def the_card(bot: BotUnderTest, text: str, user_id: str = FACILITATOR) -> dict:
    url = bot.fake.response_url("report")
    bot.send(p.slash_command("/thinktank", text, user_id=user_id, response_url=url))
    (answer,) = bot.fake.wait_for("response_url")
    assert answer.params["response_type"] == "ephemeral"
    assert_valid_message(answer.params["text"], answer.params["blocks"])
    return answer.params


def post_button(card: dict) -> dict | None:
    for block in card["blocks"]:
        if block["type"] == "actions":
            (button,) = block["elements"]
            return button
    return None


def press(bot: BotUnderTest, value: str, user_id: str = FACILITATOR, name: str = "press") -> str:
    url = bot.fake.response_url(name)
    bot.send(p.block_actions(ids.REPORT_POST, value, user_id=user_id, response_url=url))
    bot.settled()
    answers = [call for call in bot.fake.calls_to("response_url") if call.params.get("text")]
    return answers[-1].params["text"]


def test_a_facilitator_sees_a_periods_card_and_posts_it_once(bot: BotUnderTest) -> None:
    some_weeks_in_slack(bot)

    card = the_card(bot, "report 2026-W41 2026-W46")

    assert "Kallio Think Tank in numbers" in card["text"]
    assert "#1 Street choir" in str(card["blocks"])
    button = post_button(card)
    assert button is not None and button["value"] == "2026-10-05/2026-11-15"
    bot.fake.reset()

    said = press(bot, button["value"])

    assert f"<#{STATS_CHANNEL}>" in said
    (posted,) = bot.fake.calls_to("chat.postMessage")
    assert posted.params["channel"] == STATS_CHANNEL
    assert "Kallio Think Tank in numbers" in posted.params["text"]
    (upload,) = bot.fake.wait_for("files.completeUploadExternal")
    assert upload.params["channel_id"] == STATS_CHANNEL
    (png,) = bot.fake.uploads.values()
    assert png.startswith(PNG_SIGNATURE)

    again = press(bot, button["value"], name="again")

    assert "already" in again
    assert len(bot.fake.calls_to("chat.postMessage")) == 1
    with bot.db.read() as session:
        (claim,) = session.execute(
            select(ReportPost.period, ReportPost.posted_at).where(ReportPost.team_id == p.TEAM_ID)
        ).all()
    assert claim.period == "2026-10-05/2026-11-15" and claim.posted_at is not None


def test_a_member_sees_the_card_without_the_button_and_a_forged_press_posts_nothing(
    bot: BotUnderTest,
) -> None:
    some_weeks_in_slack(bot, facilitator=False)

    card = the_card(bot, "report 2026-W41", user_id=p.USER_ID)
    assert post_button(card) is None

    said = press(bot, "2026-10-05/2026-11-15", user_id=p.USER_ID)

    assert "for facilitators" in said
    assert bot.fake.calls_to("chat.postMessage") == []


@pytest.mark.parametrize("forged", ["", "2026-10-05", "2026-11-15/2026-10-05", "all/2026-02-30", "x" * 3000])
def test_a_press_with_a_value_no_button_of_ours_carries_posts_nothing(bot: BotUnderTest, forged: str) -> None:
    some_weeks_in_slack(bot)

    said = press(bot, forged)

    assert "does not name a period" in said
    assert bot.fake.calls_to("chat.postMessage") == []
    with bot.db.read() as session:
        assert session.scalars(select(ReportPost)).all() == []


def test_a_refused_post_can_be_pressed_again_once_mended(bot: BotUnderTest) -> None:
    some_weeks_in_slack(bot)
    value = str(PeriodKey(date(2026, 10, 5), date(2026, 11, 15)))
    bot.fake.error_next("chat.postMessage", "not_in_channel")

    refused = press(bot, value)
    posted = press(bot, value, name="again")

    assert "/invite @Think Tank" in refused
    assert f"Posted to <#{STATS_CHANNEL}>" in posted


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("report 2026-W60", "`2026-W60` is not a date or a week"),
        ("report 2026-11-15 2026-10-05", "after it ends"),
        ("report 2026-W01 2026-W02 2026-W03", "`2026-W03` is not a date or a week"),
        ("report <!channel>", "`&lt;!channel&gt;` is not a date or a week"),
    ],
)
def test_a_period_that_cannot_be_read_gets_the_usage(bot: BotUnderTest, text: str, said: str) -> None:
    reply = bot.send(p.slash_command("/thinktank", text))
    assert said in reply.text and "/thinktank report [FROM] [TO]" in reply.text


def test_the_weekly_post_carries_the_communitys_name(db: Database, fake_slack) -> None:
    runtime = Runtime.create(make_settings(fake_slack, db.url, socket_mode=True), db)
    try:
        with db.session() as session:
            ensure_workspace(session, fake_slack.team_id)
            set_value(session, fake_slack.team_id, "stats_channel", STATS_CHANNEL)
            set_value(session, fake_slack.team_id, "community_name", "Kallio <Think> Tank")

        outcome = stats_posting.post_week(db, runtime.client, fake_slack.team_id, week("2026-W46"))

        assert outcome.posted
        (posted,) = fake_slack.calls_to("chat.postMessage")
        header = posted.json("blocks")[0]["text"]
        assert header == {"type": "plain_text", "text": "Kallio <Think> Tank: our week in numbers"}
    finally:
        if runtime.scheduler is not None:
            runtime.scheduler.shutdown()
        runtime.member_sync.shutdown()
        runtime.recorder.close()


def test_a_facilitator_names_the_community_and_its_first_day_in_the_settings_form(bot: BotUnderTest) -> None:
    with bot.db.session() as session:
        roster.set_facilitator(session, p.TEAM_ID, FACILITATOR, True)
    bot.send(p.slash_command("/thinktank", "settings", user_id=FACILITATOR))
    (opened,) = bot.fake.wait_for("views.open")
    form = opened.json("view")
    assert_valid_view(form)
    values = settings_form_values()
    values["community_name"] = {ids.INPUT: p.plain_input("  Kallio   Think Tank ")}
    values["since"] = {ids.INPUT: {"type": "datepicker", "selected_date": "2025-04-15"}}

    reply = bot.send(
        p.view_submission(
            ids.SETTINGS_MODAL, values, private_metadata=form["private_metadata"], user_id=FACILITATOR
        )
    )

    assert not reply.errors
    with bot.db.read() as session:
        chosen = load(session, p.TEAM_ID)
    assert (chosen.community_name, chosen.since) == ("Kallio Think Tank", date(2025, 4, 15))


def test_a_first_day_in_the_future_is_refused_in_the_form_and_nothing_is_saved(bot: BotUnderTest) -> None:
    with bot.db.session() as session:
        roster.set_facilitator(session, p.TEAM_ID, FACILITATOR, True)
    values = settings_form_values()
    values["since"] = {ids.INPUT: {"type": "datepicker", "selected_date": "2999-01-01"}}

    reply = bot.send(p.view_submission(ids.SETTINGS_MODAL, values, private_metadata="", user_id=FACILITATOR))

    assert "since" in reply.errors
    with bot.db.read() as session:
        assert load(session, p.TEAM_ID).language == "en"


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_every_tile_of_the_card_shows_its_whole_label(db: Database, language: str) -> None:
    a_year_of_community(db)
    with db.read() as session:
        report = period_report.report(session, TEAM, HELSINKI, now=at("2026-W48"))
    t = translator(language)
    for _number, label in report_card.tiles(report, t):
        assert " ".join(report_card.label_lines(label)) == label, label
