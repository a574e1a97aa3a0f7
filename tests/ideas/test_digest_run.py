"""The daily digest: one DM a day per follower, in working hours in their own zone, in their own
language, only when something is new; a Slack failure never loses a digest nor sends one twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.db import Database
from bot.core.i18n import Translator
from bot.core.runtime import Runtime
from bot.ideas import digest_run
from bot.ideas.feed import Feed
from bot.ideas.views import feed as feed_views
from models import FeedDigest, Member
from tests.ideas.feed_bank import WEDNESDAY_8_UTC, Bank, hours
from tests.support import slack_payloads as p
from tests.support.fake_slack import FakeSlack

TEAM = p.TEAM_ID
HELSINKI, NEW_YORK, NO_ZONE = "U0HELSINKI", "U0NEWYORK", "U0NOZONE"
NOW = WEDNESDAY_8_UTC  # 10:00 in Helsinki, 03:00 in New York, 08:00 UTC (the workspace's zone)
SATURDAY = NOW + hours(24 * 3)


@pytest.fixture
def bank(db: Database) -> Bank:
    bank = Bank(db, TEAM)
    bank.member(HELSINKI, zone="Europe/Helsinki")
    return bank


def follow_youth(bank: Bank, *user_ids: str) -> None:
    for user_id in user_ids:
        bank.follow(user_id, "tag:nuoret", at=NOW - hours(48))


def dms(fake_slack: FakeSlack) -> list[str]:
    return [call.params["channel"] for call in fake_slack.calls_to("chat.postMessage")]


def listed(call_blocks: list[dict[str, Any]]) -> str:
    return " ".join(b["text"]["text"] for b in call_blocks if b["type"] == "section")


def digest_rows(db: Database) -> list[tuple[str, datetime | None, int]]:
    """Who had a digest claimed, when it was confirmed, how many items it had."""
    with db.read() as session:
        rows = session.execute(select(FeedDigest.user_id, FeedDigest.sent_at, FeedDigest.items))
        return [(user_id, sent_at, items) for user_id, sent_at, items in rows]


def test_a_follower_gets_one_digest_a_day_however_often_the_run_runs(
    listener_rt: Runtime, fake_slack: FakeSlack, bank: Bank
) -> None:
    follow_youth(bank, HELSINKI)
    bank.idea("Nuorten kesätyöt", at=NOW - hours(1), tags=("nuoret",))

    assert digest_run.send_digests(listener_rt, TEAM, NOW) == 1
    bank.idea("Nuorisotalon ilta", at=NOW + hours(0.5), tags=("nuoret",))
    assert digest_run.send_digests(listener_rt, TEAM, NOW + hours(1)) == 0
    assert digest_run.send_digests(listener_rt, TEAM, NOW + hours(2)) == 0
    assert dms(fake_slack) == [HELSINKI]

    assert digest_run.send_digests(listener_rt, TEAM, NOW + hours(24)) == 1
    first, second = fake_slack.calls_to("chat.postMessage")
    assert "Nuorten kesätyöt" in listed(first.json("blocks"))
    # The next day's digest begins where the first ended: nothing twice.
    assert "Nuorisotalon ilta" in listed(second.json("blocks"))
    assert "Nuorten kesätyöt" not in listed(second.json("blocks"))
    assert all(sent_at is not None for _user, sent_at, _items in digest_rows(listener_rt.db))


def test_nothing_new_sends_nothing_and_keeps_the_day_free_for_what_comes_later(
    listener_rt: Runtime, fake_slack: FakeSlack, bank: Bank
) -> None:
    follow_youth(bank, HELSINKI)
    bank.idea("Muuta", at=NOW - hours(1), tags=("vanhukset",))

    assert digest_run.send_digests(listener_rt, TEAM, NOW) == 0
    assert digest_rows(listener_rt.db) == []

    bank.idea("Nuorten kesätyöt", at=NOW + hours(2), tags=("nuoret",))
    assert digest_run.send_digests(listener_rt, TEAM, NOW + hours(3)) == 1
    assert dms(fake_slack) == [HELSINKI]


def test_only_on_weekdays_in_working_hours_in_the_members_own_zone(
    listener_rt: Runtime, fake_slack: FakeSlack, bank: Bank
) -> None:
    bank.member(NEW_YORK, zone="America/New_York")
    follow_youth(bank, HELSINKI, NEW_YORK, NO_ZONE)
    bank.idea("Nuorten kesätyöt", at=NOW - hours(1), tags=("nuoret",))

    assert digest_run.send_digests(listener_rt, TEAM, SATURDAY) == 0
    assert digest_run.send_digests(listener_rt, TEAM, NOW) == 1
    assert dms(fake_slack) == [HELSINKI]
    # 09:00 in New York is 14:00 UTC, the workspace's zone for a member with none.
    assert digest_run.send_digests(listener_rt, TEAM, NOW + hours(6)) == 2
    assert sorted(dms(fake_slack)) == sorted([HELSINKI, NEW_YORK, NO_ZONE])
    # The next day at 17:00 in Helsinki its working day is over; New York's and UTC's go on.
    bank.idea("Nuorisotalon ilta", at=NOW + hours(6.5), tags=("nuoret",))
    assert digest_run.send_digests(listener_rt, TEAM, NOW + hours(31)) == 2
    assert sorted(dms(fake_slack)[3:]) == sorted([NEW_YORK, NO_ZONE])


def test_the_first_digest_begins_when_the_member_followed(
    listener_rt: Runtime, fake_slack: FakeSlack, bank: Bank
) -> None:
    bank.idea("Ennen seuraamista", at=NOW - hours(5), tags=("nuoret",))
    bank.follow(HELSINKI, "tag:nuoret", at=NOW - hours(3))
    bank.idea("Seuraamisen jälkeen", at=NOW - hours(1), tags=("nuoret",))

    assert digest_run.send_digests(listener_rt, TEAM, NOW) == 1
    (call,) = fake_slack.calls_to("chat.postMessage")
    assert "Seuraamisen jälkeen" in listed(call.json("blocks"))
    assert "Ennen seuraamista" not in listed(call.json("blocks"))


def test_a_follower_of_a_challenge_alone_hears_of_its_answers(
    listener_rt: Runtime, fake_slack: FakeSlack, bank: Bank
) -> None:
    challenge = bank.idea("How do we build trust?", at=NOW - hours(100), kind="challenge")
    bank.follow_idea(HELSINKI, challenge, at=NOW - hours(90))
    bank.idea("Open office hours", at=NOW - hours(1), challenge_id=challenge, kind="practice")

    assert digest_run.send_digests(listener_rt, TEAM, NOW) == 1
    (call,) = fake_slack.calls_to("chat.postMessage")
    assert f"answers #{bank.number_of(challenge)}" in listed(call.json("blocks"))


def test_a_member_who_left_gets_no_digest(listener_rt: Runtime, fake_slack: FakeSlack, bank: Bank) -> None:
    follow_youth(bank, HELSINKI)
    bank.idea("Nuorten kesätyöt", at=NOW - hours(1), tags=("nuoret",))
    with listener_rt.db.session() as session:
        member = session.get(Member, (TEAM, HELSINKI))
        assert member is not None
        member.deleted = True

    assert digest_run.send_digests(listener_rt, TEAM, NOW) == 0
    assert dms(fake_slack) == []


def test_a_refusal_frees_the_day_for_the_next_run(
    listener_rt: Runtime, fake_slack: FakeSlack, bank: Bank
) -> None:
    follow_youth(bank, HELSINKI)
    bank.idea("Nuorten kesätyöt", at=NOW - hours(1), tags=("nuoret",))
    fake_slack.error_next("chat.postMessage", "cannot_dm_bot")

    assert digest_run.send_digests(listener_rt, TEAM, NOW) == 0
    assert digest_rows(listener_rt.db) == []
    assert digest_run.send_digests(listener_rt, TEAM, NOW + hours(1)) == 1
    assert len(fake_slack.successful_calls_to("chat.postMessage")) == 1


def test_a_failure_after_which_the_digest_may_be_out_is_not_sent_again(
    listener_rt: Runtime, fake_slack: FakeSlack, bank: Bank
) -> None:
    follow_youth(bank, HELSINKI)
    bank.idea("Nuorten kesätyöt", at=NOW - hours(1), tags=("nuoret",))
    fake_slack.fail_next("chat.postMessage", 500)

    assert digest_run.send_digests(listener_rt, TEAM, NOW) == 0
    assert digest_run.send_digests(listener_rt, TEAM, NOW + hours(1)) == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert digest_rows(listener_rt.db) == [(HELSINKI, None, 1)]


def test_a_rate_limit_outlasting_the_clients_retries_stops_the_run_and_loses_nothing(
    listener_rt: Runtime, fake_slack: FakeSlack, bank: Bank
) -> None:
    bank.member("U0SECOND", zone="Europe/Helsinki")
    follow_youth(bank, HELSINKI, "U0SECOND")
    bank.idea("Nuorten kesätyöt", at=NOW - hours(1), tags=("nuoret",))
    for _ in range(6):  # the first try and the client's five retries
        fake_slack.rate_limit_next("chat.postMessage", retry_after=0)

    assert digest_run.send_digests(listener_rt, TEAM, NOW) == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == 6
    assert digest_run.send_digests(listener_rt, TEAM, NOW + hours(1)) == 2
    assert sorted(c.params["channel"] for c in fake_slack.successful_calls_to("chat.postMessage")) == [
        "U0HELSINKI",
        "U0SECOND",
    ]


def test_each_digest_is_made_with_its_followers_own_translator(
    listener_rt: Runtime, fake_slack: FakeSlack, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank.member("U0SWEDE", zone="Europe/Stockholm", language="sv")
    bank.member("U0FINN", zone="Europe/Helsinki", language="fi")
    follow_youth(bank, "U0SWEDE", "U0FINN")
    bank.idea("Nuorten kesätyöt", at=NOW - hours(1), tags=("nuoret",))
    made_in: list[str] = []
    real = feed_views.digest_message

    def recording(t: Translator, found: Feed) -> dict[str, Any]:
        made_in.append(t.language)
        return real(t, found)

    monkeypatch.setattr(feed_views, "digest_message", recording)

    assert digest_run.send_digests(listener_rt, TEAM, NOW) == 2
    # Digests are made and sent one after another, so the n-th made is the n-th sent.
    languages = dict(zip(dms(fake_slack), made_in, strict=True))
    assert languages == {"U0SWEDE": "sv", "U0FINN": "fi"}
