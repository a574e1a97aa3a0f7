"""The knowledge bank in the figures: supports given, answers to challenges, and learnings shared from
experiments as from pairing, in a week (`stats show --json`, the weekly post) and in a period (the
"in numbers" card and its picture)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from bot.core.db import Database
from bot.core.i18n import translator
from bot.core.weeks import Week
from bot.core.workspace_settings import ensure_workspace, set_value
from bot.ideas import learning, pitches
from bot.ideas.pitches import PitchDraft
from bot.pulse import period_report, report_card, stats
from bot.pulse.views.report import report_lines
from bot.pulse.views.stats import week_message
from models import Idea, Learning, Support
from tests.support.views_check import assert_valid_message

HELSINKI = ZoneInfo("Europe/Helsinki")
TEAM = "T0KNOW0001"
WEEK = "2026-W47"  # 16–22 November 2026, Helsinki time


def at(label: str, day: int = 2, hour: int = 12) -> datetime:
    return (Week.parse(label, HELSINKI).start + timedelta(days=day, hours=hour)).astimezone(UTC)


def pitch(session, number: int, when: datetime, kind: str = "idea", answers: Idea | None = None) -> Idea:
    idea = Idea(
        team_id=TEAM,
        number=number,
        kind=kind,
        title=f"Idea {number}",
        created_at=when,
        updated_at=when,
        challenge_id=answers.id if answers is not None else None,
    )
    session.add(idea)
    session.flush()
    return idea


def a_week_of_the_bank(db: Database) -> None:
    with db.session() as session:
        ensure_workspace(session, TEAM)
        set_value(session, TEAM, "timezone", "Europe/Helsinki")
        challenge = pitch(session, 1, at("2026-W46"), kind="challenge")
        answer = pitch(session, 2, at(WEEK, day=0, hour=0), answers=challenge)  # Monday 00:00: this week
        experiment = pitch(session, 3, at(WEEK), kind="experiment", answers=challenge)
        pitch(session, 4, at(WEEK))  # an idea that answers nothing
        pitch(session, 5, at("2026-W48", day=0, hour=0), answers=challenge)  # the next week's
        session.add_all(
            [
                Support(team_id=TEAM, idea_id=challenge.id, user_id="U0ANNA", created_at=at(WEEK)),
                Support(
                    team_id=TEAM, idea_id=answer.id, user_id="U0ANNA", created_at=at(WEEK, day=6, hour=23)
                ),
                Support(team_id=TEAM, idea_id=answer.id, user_id="U0BO", created_at=at(WEEK)),
                Support(team_id=TEAM, idea_id=experiment.id, user_id="U0BO", created_at=at("2026-W46")),
                # Another workspace's support counts there, not here.
                Support(team_id="T0ELSE0001", idea_id=answer.id, user_id="U0CID", created_at=at(WEEK)),
                Learning(team_id=TEAM, text="Ask the library first", created_at=at(WEEK)),
                Learning(
                    team_id=TEAM,
                    idea_id=experiment.id,
                    text="Board games bring the young in",
                    worked="Saturdays",
                    did_not="Weekday mornings",
                    again="yes",
                    created_at=at(WEEK, day=4),
                ),
            ]
        )


def test_a_weeks_supports_answers_and_learnings_are_counted_in_the_week_they_happened(db: Database) -> None:
    a_week_of_the_bank(db)
    with db.read() as session:
        week = stats.weekly(session, TEAM, Week.parse(WEEK, HELSINKI))
        before = stats.weekly(session, TEAM, Week.parse("2026-W46", HELSINKI))
        after = stats.weekly(session, TEAM, Week.parse("2026-W48", HELSINKI))

    # Three supports given this week (one on Sunday night, Helsinki time); the other workspace's not.
    assert (week["supports"], before["supports"], after["supports"]) == (3, 1, 0)
    # The idea and the experiment that answer the challenge; the plain idea does not count.
    assert (week["challenge_answers"], before["challenge_answers"], after["challenge_answers"]) == (2, 0, 1)
    # The pairing conversation's learning and the experiment's: each once.
    assert week["learnings_shared"] == 2


def test_a_support_taken_back_no_longer_counts_in_the_week_it_was_given(db: Database) -> None:
    a_week_of_the_bank(db)
    with db.session() as session:
        session.execute(delete(Support).where(Support.team_id == TEAM, Support.user_id == "U0BO"))
    with db.read() as session:
        week = stats.weekly(session, TEAM, Week.parse(WEEK, HELSINKI))
        before = stats.weekly(session, TEAM, Week.parse("2026-W46", HELSINKI))
    assert (week["supports"], before["supports"]) == (2, 0)


def test_an_experiment_has_one_learning_so_it_counts_once(db: Database) -> None:
    a_week_of_the_bank(db)
    with pytest.raises(IntegrityError), db.session() as session:
        experiment = session.query(Idea).filter(Idea.team_id == TEAM, Idea.number == 3).one()
        session.add(Learning(team_id=TEAM, idea_id=experiment.id, text="Sent twice", created_at=at(WEEK)))
        session.flush()
    with db.read() as session:
        assert stats.weekly(session, TEAM, Week.parse(WEEK, HELSINKI))["learnings_shared"] == 2


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_the_weekly_post_the_card_and_its_picture_show_supports_and_answers(
    db: Database, language: str
) -> None:
    a_week_of_the_bank(db)
    t = translator(language)
    with db.read() as session:
        week = stats.weekly(session, TEAM, Week.parse(WEEK, HELSINKI))
        previous = stats.weekly(session, TEAM, Week.parse("2026-W46", HELSINKI))
        report = period_report.report(
            session, TEAM, HELSINKI, now=at("2026-W49"), first=date(2026, 11, 16), last=date(2026, 11, 22)
        )

    post = week_message(t, week, previous)
    assert_valid_message(post["text"], post["blocks"])
    shown = [field["text"] for block in post["blocks"] for field in block.get("fields", ())]
    assert f"*{t.gettext('Supports given')}*\n3" in [f.split("  ")[0] for f in shown]
    assert f"*{t.gettext('Answers to challenges')}*\n2" in [f.split("  ")[0] for f in shown]

    assert (report["supports"], report["challenge_answers"], report["learnings_shared"]) == (3, 2, 2)
    lines = report_lines(t, report)
    assert t.ngettext("*%(count)s support* given", "*%(count)s supports* given", 3) % {"count": "3"} in lines
    assert (
        t.ngettext("*%(count)s answer* to challenges", "*%(count)s answers* to challenges", 2)
        % {"count": "2"}
        in lines
    )
    tiles = dict((label, number) for number, label in report_card.tiles(report, t))
    assert tiles[t.ngettext("support given", "supports given", 3)] == "3"
    assert tiles[t.ngettext("answer to challenges", "answers to challenges", 2)] == "2"
    for _number, label in report_card.tiles(report, t):
        assert " ".join(report_card.label_lines(label)) == label, "every tile shows its whole label"
    assert report_card.render(report, t).startswith(b"\x89PNG")


def test_a_quiet_week_shows_no_knowledge_bank_section(db: Database) -> None:
    a_week_of_the_bank(db)
    t = translator("en")
    with db.read() as session:
        quiet = stats.weekly(session, TEAM, Week.parse("2026-W44", HELSINKI))
    assert (quiet["supports"], quiet["challenge_answers"]) == (0, 0)
    assert "Supports given" not in str(week_message(t, quiet)["blocks"])


def test_a_long_number_on_the_picture_is_set_smaller_so_seven_tiles_fit_a_row() -> None:
    assert report_card.number_size("56") == report_card.NUMBER_SIZE
    assert report_card.number_size("120–250") < report_card.number_size("1,295") <= report_card.NUMBER_SIZE


def test_an_experiments_learning_shared_through_its_form_counts_once_in_its_week(db: Database) -> None:
    with db.session() as session:
        ensure_workspace(session, TEAM)
        set_value(session, TEAM, "timezone", "Europe/Helsinki")
        trial = pitches.create_pitch(
            session,
            team_id=TEAM,
            author_id="U0ANNA",
            draft=PitchDraft(kind="experiment", title="Lautapelit lainaan", learning_due=date(2026, 11, 18)),
            origin_channel_id=None,
        )
        for attempt in ("Nuoret tulivat pelien takia", "Sent twice"):
            learning.share(
                session,
                team_id=TEAM,
                user_id="U0ANNA",
                idea_id=trial.id,
                draft=learning.LearningDraft(text=attempt, again="yes"),
                now=at(WEEK, day=3),
            )
    with db.read() as session:
        week = stats.weekly(session, TEAM, Week.parse(WEEK, HELSINKI))
        report = period_report.report(session, TEAM, HELSINKI, now=at("2026-W49"))
    assert week["learnings_shared"] == report["learnings_shared"] == 1
