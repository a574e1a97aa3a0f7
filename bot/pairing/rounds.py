"""Unmentoring: taking part, rounds and their groups, "Did you meet?", and learnings shared.

Nobody takes part without joining. A scheduled round is announced a day ahead (its row is made
then, so the heads-up and "Skip this round" have something to point at) and made at its moment:
10:00 on a weekday in the workspace zone, `pairing_every_days` after the one before. Making a round
is claimed on its row, so two runs at once make it once. No Slack here: `bot.pairing.run` talks.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, exists, func, insert, or_, select, text, update
from sqlalchemy.orm import Session

from bot.core.db import insert_if_absent
from bot.core.text import clean_block, clean_line
from bot.core.workspace_settings import WorkspaceSettings, ensure_workspace
from bot.ideas.search import LEARNINGS, ranked
from bot.members import roster
from bot.pairing.matching import Candidate, make_groups
from models import (
    Learning,
    Member,
    PairingGroup,
    PairingInvite,
    PairingMember,
    PairingParticipant,
    PairingRound,
)
from models.pairing import LEARNING_MAX, TOPIC_MAX

# Anyone met in this many rounds is avoided while the pool allows it (at the default 14 days, about
# five months); the more recent a meeting, the harder it is avoided.
WINDOW_ROUNDS = 12
HEADS_UP = timedelta(days=1)
ROUND_HOUR = 10
MISSED_ROUNDS_PAUSE = 3
# How long "Did you meet?" stays open before silence counts towards a pause.
ANSWER_TIME = timedelta(days=3)
PAUSE_WEEKS_MAX = 52
MET, NOT_YET, WONT = "met", "not_yet", "wont"
ANSWERS = (MET, NOT_YET, WONT)
LEARNINGS_FOUND = 5


# ------------------------------------------------------------------------------ taking part


@dataclass(frozen=True)
class ParticipantData:
    user_id: str
    active: bool
    topic: str
    interests: tuple[str, ...]
    paused_until: datetime | None
    auto_paused_at: datetime | None

    def paused(self, now: datetime) -> bool:
        return self.auto_paused_at is not None or (self.paused_until is not None and self.paused_until > now)


@dataclass(frozen=True)
class JoinAnswer:
    topic: str
    interests: tuple[str, ...]


class FormProblem(enum.Enum):
    MISSING = "missing"
    TOO_LONG = "too_long"


def parse_join(
    topic: str | None, interests: Sequence[str], themes: Sequence[str]
) -> tuple[JoinAnswer | None, dict[str, FormProblem]]:
    """One line about what to talk about (optional) and interests among the workspace's themes; a
    forged theme is dropped, a topic too long is refused."""
    line = clean_line(topic)
    if len(line) > TOPIC_MAX:
        return None, {"topic": FormProblem.TOO_LONG}
    chosen = tuple(dict.fromkeys(i for i in interests if i in themes))
    return JoinAnswer(line, chosen), {}


def parse_weeks(raw: str) -> int | None:
    """`pause WEEKS`: a whole number from 1 to 52."""
    value = raw.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 3:
        return None
    weeks = int(value)
    return weeks if 1 <= weeks <= PAUSE_WEEKS_MAX else None


def interest_keys(stored: str) -> tuple[str, ...]:
    """`pairing_participants.interests` (comma-separated theme keys) as a tuple."""
    return tuple(i for i in stored.split(",") if i)


def _data(row: PairingParticipant) -> ParticipantData:
    return ParticipantData(
        row.user_id,
        row.active,
        row.topic,
        interest_keys(row.interests),
        row.paused_until,
        row.auto_paused_at,
    )


def participant(session: Session, team_id: str, user_id: str) -> ParticipantData | None:
    row = session.get(PairingParticipant, (team_id, user_id))
    return _data(row) if row is not None else None


def join(session: Session, team_id: str, user_id: str, answer: JoinAnswer, now: datetime) -> bool:
    """Take part (or change one's line and interests); any pause ends. True when newly in."""
    ensure_workspace(session, team_id)
    roster.ensure_member(session, team_id, user_id)
    insert_if_absent(
        session,
        PairingParticipant,
        team_id=team_id,
        user_id=user_id,
        active=False,
        joined_at=now,
        updated_at=now,
    )
    row = session.get(PairingParticipant, (team_id, user_id), populate_existing=True)
    assert row is not None
    newly = not row.active
    if newly:
        row.joined_at = now
    if newly:
        # Coming back starts afresh; editing one's line while taking part keeps any pause.
        row.paused_until, row.auto_paused_at, row.missed_rounds = None, None, 0
    row.active, row.topic, row.interests = True, answer.topic, ",".join(answer.interests)
    row.updated_at = now
    return newly


def leave(session: Session, team_id: str, user_id: str, now: datetime) -> bool:
    """Out of every round from now on. False when they were not taking part."""
    changed = session.execute(
        update(PairingParticipant)
        .where(*_one(team_id, user_id), PairingParticipant.active.is_(True))
        .values(active=False, paused_until=None, auto_paused_at=None, missed_rounds=0, updated_at=now)
    ).rowcount
    return bool(changed)


def pause(session: Session, team_id: str, user_id: str, weeks: int, now: datetime) -> datetime | None:
    """Left out of rounds for `weeks`; None when they are not taking part."""
    until = now + timedelta(weeks=weeks)
    changed = session.execute(
        update(PairingParticipant)
        .where(*_one(team_id, user_id), PairingParticipant.active.is_(True))
        .values(paused_until=until, updated_at=now)
    ).rowcount
    return until if changed else None


def resume(session: Session, team_id: str, user_id: str, now: datetime) -> bool:
    """Back in the next round, whatever paused them. False when they are not taking part."""
    changed = session.execute(
        update(PairingParticipant)
        .where(*_one(team_id, user_id), PairingParticipant.active.is_(True))
        .values(paused_until=None, auto_paused_at=None, missed_rounds=0, updated_at=now)
    ).rowcount
    return bool(changed)


def _one(team_id: str, user_id: str) -> tuple[object, object]:
    return PairingParticipant.team_id == team_id, PairingParticipant.user_id == user_id


# ------------------------------------------------------------------------------ rounds


def round_moment(day: date, zone: ZoneInfo) -> datetime:
    """10:00 on `day`, or on the Monday after when it falls on a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(ROUND_HOUR), tzinfo=zone)


def pending_round(session: Session, team_id: str, now: datetime | None = None) -> PairingRound | None:
    """The announced round not made yet, if any (at most one: a partial unique index says so).

    With `now`, a round more than a day overdue (rounds were turned off after its heads-up, or the
    bot was down) is dropped with its skips rather than made with a stale heads-up."""
    pending = session.scalars(
        select(PairingRound).where(PairingRound.team_id == team_id, PairingRound.made_at.is_(None)).limit(1)
    ).first()
    if pending is not None and now is not None and pending.moment < now - HEADS_UP:
        session.execute(
            delete(PairingRound).where(PairingRound.id == pending.id, PairingRound.made_at.is_(None))
        )
        return None
    return pending


def next_moment(
    session: Session, team_id: str, settings: WorkspaceSettings, now: datetime
) -> datetime | None:
    """When the next scheduled round is made; None when rounds are off."""
    if settings.pairing_every_days == 0:
        return None
    pending = pending_round(session, team_id)
    if pending is not None:
        return pending.moment
    zone = settings.zone
    # Never sooner than tomorrow, so the heads-up always comes first.
    earliest = round_moment(now.astimezone(zone).date() + timedelta(days=1), zone)
    last = session.scalar(
        select(func.max(PairingRound.made_at)).where(
            PairingRound.team_id == team_id, PairingRound.made_at.is_not(None)
        )
    )
    if last is None:
        return earliest
    planned = round_moment(last.astimezone(zone).date() + timedelta(days=settings.pairing_every_days), zone)
    return max(planned, earliest)


def announce(
    session: Session, team_id: str, settings: WorkspaceSettings, now: datetime
) -> PairingRound | None:
    """The scheduled round whose heads-up is due by now (made a day before its moment), if any."""
    pending = pending_round(session, team_id, now)
    if pending is not None:
        return pending
    moment = next_moment(session, team_id, settings, now)
    if moment is None or now < moment - HEADS_UP or len(eligible(session, team_id, moment)) < 2:
        return None
    insert_if_absent(session, PairingRound, team_id=team_id, moment=moment, created_at=now)
    return pending_round(session, team_id)


def round_now(session: Session, team_id: str, now: datetime) -> PairingRound | None:
    """For `pair`: the announced round if there is one (its skips stand), else a new round now;
    None when fewer than two take part, so no empty round counts as one in the schedule."""
    ensure_workspace(session, team_id)
    pending = pending_round(session, team_id, now)
    if pending is not None:
        return pending
    if len(eligible(session, team_id, now)) < 2:
        return None
    insert_if_absent(session, PairingRound, team_id=team_id, moment=now, created_at=now)
    return pending_round(session, team_id)


def eligible(session: Session, team_id: str, at: datetime, round_id: int | None = None) -> list[Candidate]:
    """Who takes part at `at`: joined, not paused, still a member, and not skipping this round."""
    return [
        Candidate(p.user_id, frozenset(p.interests)) for p in _taking_part(session, team_id, at, round_id)
    ]


def _taking_part(session: Session, team_id: str, at: datetime, round_id: int | None) -> list[Person]:
    query = (
        select(PairingParticipant.user_id, PairingParticipant.topic, PairingParticipant.interests)
        .join(
            Member,
            and_(Member.team_id == PairingParticipant.team_id, Member.user_id == PairingParticipant.user_id),
        )
        .where(
            PairingParticipant.team_id == team_id,
            PairingParticipant.active.is_(True),
            PairingParticipant.auto_paused_at.is_(None),
            or_(PairingParticipant.paused_until.is_(None), PairingParticipant.paused_until <= at),
            Member.deleted.is_(False),
            Member.is_bot.is_(False),
        )
        .order_by(PairingParticipant.user_id)
    )
    if round_id is not None:
        query = query.where(
            ~exists().where(
                PairingInvite.round_id == round_id,
                PairingInvite.user_id == PairingParticipant.user_id,
                PairingInvite.skipped_at.is_not(None),
            )
        )
    return [
        Person(user_id, topic, interest_keys(interests))
        for user_id, topic, interests in session.execute(query)
    ]


def heads_up_due(session: Session, team_id: str, round_: PairingRound) -> list[str]:
    """Who takes part in the round and has not had its heads-up."""
    invited = set(
        session.scalars(
            select(PairingInvite.user_id).where(
                PairingInvite.team_id == team_id, PairingInvite.round_id == round_.id
            )
        )
    )
    return [
        c.user_id for c in eligible(session, team_id, round_.moment, round_.id) if c.user_id not in invited
    ]


def claim_heads_up(session: Session, team_id: str, round_id: int, user_id: str, now: datetime) -> bool:
    return insert_if_absent(
        session, PairingInvite, round_id=round_id, user_id=user_id, team_id=team_id, sent_at=now
    )


def release_heads_up(session: Session, team_id: str, round_id: int, user_id: str) -> None:
    session.execute(
        delete(PairingInvite).where(
            PairingInvite.team_id == team_id,
            PairingInvite.round_id == round_id,
            PairingInvite.user_id == user_id,
            PairingInvite.skipped_at.is_(None),
        )
    )


class SkipOutcome(enum.Enum):
    SKIPPED = "skipped"
    TOO_LATE = "too_late"
    UNKNOWN = "unknown"


def skip(session: Session, team_id: str, round_id: int, user_id: str, now: datetime) -> SkipOutcome:
    # Locked, so a skip waits for a round being made at this moment and then sees it made.
    round_ = session.get(PairingRound, round_id, with_for_update=True)
    if round_ is None or round_.team_id != team_id:
        return SkipOutcome.UNKNOWN
    if round_.made_at is not None:
        return SkipOutcome.TOO_LATE
    insert_if_absent(session, PairingInvite, round_id=round_id, user_id=user_id, team_id=team_id)
    session.execute(
        update(PairingInvite)
        .where(
            PairingInvite.team_id == team_id,
            PairingInvite.round_id == round_id,
            PairingInvite.user_id == user_id,
        )
        .values(skipped_at=now)
    )
    return SkipOutcome.SKIPPED


# ------------------------------------------------------------------------------ making a round


@dataclass(frozen=True)
class Person:
    user_id: str
    topic: str
    interests: tuple[str, ...]


@dataclass
class GroupData:
    id: int
    round_id: int
    people: list[Person]
    language: str
    channel_id: str | None = None
    # Someone in it was in a group with someone else in it within the window.
    repeat: bool = False

    @property
    def user_ids(self) -> list[str]:
        return [p.user_id for p in self.people]

    @property
    def shared_interests(self) -> tuple[str, ...]:
        first, *rest = (set(p.interests) for p in self.people)
        return tuple(sorted(first.intersection(*rest)))


@dataclass
class MadeRound:
    round_id: int
    moment: datetime
    groups: list[GroupData]
    alone: str | None
    auto_paused: list[str]
    skipped: int


def make_round(
    session: Session, team_id: str, round_id: int, now: datetime, settings: WorkspaceSettings
) -> MadeRound | None:
    """Make the round's groups, once: None when it was made already (or is not this workspace's)."""
    claimed = session.execute(
        update(PairingRound)
        .where(PairingRound.id == round_id, PairingRound.team_id == team_id, PairingRound.made_at.is_(None))
        .values(made_at=now)
    ).rowcount
    if not claimed:
        return None
    round_ = session.get(PairingRound, round_id)
    assert round_ is not None
    auto_paused = settle(session, team_id, round_id, now)
    # One read gives both what the matching needs and what the introductions show.
    profiles = {p.user_id: p for p in _taking_part(session, team_id, now, round_id)}
    people = [Candidate(p.user_id, frozenset(p.interests)) for p in profiles.values()]
    met = history(session, team_id, round_id)
    # Seeded by how many rounds came before, so `pair --dry-run` shows the groups `pair` will make.
    made_before = session.scalar(
        select(func.count()).where(
            PairingRound.team_id == team_id, PairingRound.made_at.is_not(None), PairingRound.id != round_id
        )
    )
    grouping = make_groups(people, met, window=WINDOW_ROUNDS, rng=random.Random(f"{team_id}:{made_before}"))
    languages = roster.languages_of(session, team_id, (c.user_id for c in people), settings.language)
    rows = []
    for group in grouping.groups:
        spoken = {languages[u] for u in group}
        rows.append(
            {
                "team_id": team_id,
                "round_id": round_id,
                "language": spoken.pop() if len(spoken) == 1 else settings.language,
                "created_at": now,
            }
        )
    group_ids = _new_group_ids(session, len(rows))
    if rows:
        # Ids taken up front: a bulk insert without RETURNING is several times quicker on PostgreSQL.
        session.execute(
            insert(PairingGroup), [{"id": i, **row} for i, row in zip(group_ids, rows, strict=True)]
        )
    if group_ids:
        session.execute(
            insert(PairingMember),
            [
                {"group_id": group_id, "user_id": user_id, "team_id": team_id, "round_id": round_id}
                for group_id, group in zip(group_ids, grouping.groups, strict=True)
                for user_id in group
            ],
        )
    skipped = session.scalar(
        select(func.count()).where(
            PairingInvite.team_id == team_id,
            PairingInvite.round_id == round_id,
            PairingInvite.skipped_at.is_not(None),
        )
    )
    made = [
        GroupData(
            id=group_id,
            round_id=round_id,
            people=[profiles[u] for u in group],
            language=row["language"],
            repeat=any(b in met.get(a, {}) for i, a in enumerate(group) for b in group[i + 1 :]),
        )
        for group_id, group, row in zip(group_ids, grouping.groups, rows, strict=True)
    ]
    return MadeRound(round_id, round_.moment, made, grouping.alone, auto_paused, int(skipped or 0))


def _new_group_ids(session: Session, count: int) -> list[int]:
    if not count:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return list(
            session.scalars(
                text("SELECT nextval('pairing_groups_id_seq') FROM generate_series(1, :count)"),
                {"count": count},
            )
        )
    # SQLite: a writing transaction holds the database's only write lock, so nobody else takes these.
    start = (session.scalar(select(func.max(PairingGroup.id))) or 0) + 1
    return list(range(start, start + count))


def _profiles(session: Session, team_id: str, user_ids: list[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for start in range(0, len(user_ids), roster.IN_BATCH):
        rows = session.execute(
            select(PairingParticipant.user_id, PairingParticipant.topic, PairingParticipant.interests).where(
                PairingParticipant.team_id == team_id,
                PairingParticipant.user_id.in_(user_ids[start : start + roster.IN_BATCH]),
            )
        )
        found.update({u: Person(u, topic, interest_keys(interests)) for u, topic, interests in rows})
    return {u: found.get(u, Person(u, "", ())) for u in user_ids}


def history(session: Session, team_id: str, round_id: int) -> dict[str, dict[str, int]]:
    """Who met whom in the last WINDOW_ROUNDS rounds made before this one: rounds ago, 1 the latest."""
    recent = list(
        session.scalars(
            select(PairingRound.id)
            .where(
                PairingRound.team_id == team_id,
                PairingRound.made_at.is_not(None),
                PairingRound.id != round_id,
            )
            .order_by(PairingRound.made_at.desc(), PairingRound.id.desc())
            .limit(WINDOW_ROUNDS)
        )
    )
    if not recent:
        return {}
    ago = {round_id: n for n, round_id in enumerate(recent, start=1)}
    groups: dict[int, list[str]] = {}
    rounds: dict[int, int] = {}
    rows = session.execute(
        select(PairingMember.group_id, PairingMember.round_id, PairingMember.user_id).where(
            PairingMember.team_id == team_id, PairingMember.round_id.in_(recent)
        )
    )
    for group_id, round_id, user_id in rows:
        groups.setdefault(group_id, []).append(user_id)
        rounds[group_id] = round_id
    met: dict[str, dict[str, int]] = {}
    # Oldest first, so a later meeting of the same two overwrites an earlier one.
    for group_id in sorted(groups, key=lambda g: -ago[rounds[g]]):
        when = ago[rounds[group_id]]
        group = groups[group_id]
        for a in group:
            partners = met.setdefault(a, {})
            for b in group:
                if b != a:
                    partners[b] = when
    return met


def settle(session: Session, team_id: str, round_id: int, now: datetime) -> list[str]:
    """Count the unanswered "Did you meet?" of earlier rounds; pause whoever reaches
    MISSED_ROUNDS_PAUSE in a row. Returns who was paused now.

    A round is counted once every follow-up has gone out and had ANSWER_TIME to be answered, so a
    slow reply is never held against anyone; a group that said it met counts as answered for all."""
    rounds = session.scalars(
        select(PairingRound.id)
        .where(
            PairingRound.team_id == team_id,
            PairingRound.made_at.is_not(None),
            PairingRound.settled_at.is_(None),
            PairingRound.id != round_id,
            ~exists().where(
                PairingGroup.team_id == team_id,
                PairingGroup.round_id == PairingRound.id,
                PairingGroup.intro_sent_at.is_not(None),
                or_(
                    PairingGroup.followup_sent_at.is_(None), PairingGroup.followup_sent_at > now - ANSWER_TIME
                ),
            ),
        )
        .order_by(PairingRound.made_at)
    ).all()
    for earlier in rounds:
        answered: set[str] = set()
        unanswered: set[str] = set()
        rows = session.execute(
            select(PairingMember.user_id, PairingMember.answer, PairingGroup.met_at)
            .join(PairingGroup, PairingGroup.id == PairingMember.group_id)
            .where(
                PairingMember.team_id == team_id,
                PairingMember.round_id == earlier,
                PairingGroup.followup_sent_at.is_not(None),
            )
        )
        for user_id, said, met_at in rows:
            (answered if said is not None or met_at is not None else unanswered).add(user_id)
        _update_participants(session, team_id, answered, missed_rounds=0)
        _update_participants(session, team_id, unanswered, missed_rounds=PairingParticipant.missed_rounds + 1)
        session.execute(update(PairingRound).where(PairingRound.id == earlier).values(settled_at=now))
    if not rounds:
        return []
    paused = list(
        session.scalars(
            select(PairingParticipant.user_id).where(
                PairingParticipant.team_id == team_id,
                PairingParticipant.active.is_(True),
                PairingParticipant.auto_paused_at.is_(None),
                PairingParticipant.missed_rounds >= MISSED_ROUNDS_PAUSE,
            )
        )
    )
    if paused:
        session.execute(
            update(PairingParticipant)
            .where(
                PairingParticipant.team_id == team_id,
                PairingParticipant.active.is_(True),
                PairingParticipant.auto_paused_at.is_(None),
                PairingParticipant.missed_rounds >= MISSED_ROUNDS_PAUSE,
            )
            .values(auto_paused_at=now)
        )
    return paused


def _update_participants(session: Session, team_id: str, user_ids: set[str], **values: object) -> None:
    ordered = sorted(user_ids)
    for start in range(0, len(ordered), roster.IN_BATCH):
        session.execute(
            update(PairingParticipant)
            .where(
                PairingParticipant.team_id == team_id,
                PairingParticipant.user_id.in_(ordered[start : start + roster.IN_BATCH]),
            )
            .values(**values)
        )


# ------------------------------------------------------------------------------ introductions, follow-ups


def groups_of(session: Session, team_id: str, group_ids: Iterable[int]) -> list[GroupData]:
    ids = list(group_ids)
    if not ids:
        return []
    rows = session.scalars(
        select(PairingGroup).where(PairingGroup.team_id == team_id, PairingGroup.id.in_(ids))
    )
    groups = {g.id: GroupData(g.id, g.round_id, [], g.language, g.channel_id) for g in rows}
    member_rows = session.execute(
        select(PairingMember.group_id, PairingMember.user_id)
        .where(PairingMember.team_id == team_id, PairingMember.group_id.in_(list(groups)))
        .order_by(PairingMember.group_id, PairingMember.user_id)
    ).all()
    profiles = _profiles(session, team_id, [u for _g, u in member_rows])
    for group_id, user_id in member_rows:
        groups[group_id].people.append(profiles[user_id])
    return [groups[i] for i in ids if i in groups]


def intros_due(session: Session, team_id: str) -> list[int]:
    """Groups made but not introduced yet (and not refused for good)."""
    return list(
        session.scalars(
            select(PairingGroup.id)
            .where(
                PairingGroup.team_id == team_id,
                PairingGroup.intro_claimed_at.is_(None),
                PairingGroup.intro_error.is_(None),
            )
            .order_by(PairingGroup.id)
        )
    )


def follow_up_after(every_days: int) -> timedelta:
    """A week after the introduction; sooner when rounds come more often, so it comes before the next."""
    if every_days <= 0:
        return timedelta(days=7)
    return timedelta(days=max(1, min(7, every_days - 1)))


def followups_due(session: Session, team_id: str, settings: WorkspaceSettings, now: datetime) -> list[int]:
    return list(
        session.scalars(
            select(PairingGroup.id)
            .where(
                PairingGroup.team_id == team_id,
                PairingGroup.intro_sent_at.is_not(None),
                PairingGroup.intro_sent_at <= now - follow_up_after(settings.pairing_every_days),
                PairingGroup.followup_claimed_at.is_(None),
            )
            .order_by(PairingGroup.id)
        )
    )


def claim(session: Session, team_id: str, group_id: int, step: str, now: datetime) -> bool:
    """Claim a group's introduction ("intro") or follow-up ("followup") before it is sent."""
    column = getattr(PairingGroup, f"{step}_claimed_at")
    return bool(
        session.execute(
            update(PairingGroup)
            .where(PairingGroup.id == group_id, PairingGroup.team_id == team_id, column.is_(None))
            .values({column: now})
        ).rowcount
    )


def release(session: Session, team_id: str, group_id: int, step: str) -> None:
    """Slack surely did not take it: the next run tries again."""
    column = getattr(PairingGroup, f"{step}_claimed_at")
    session.execute(
        update(PairingGroup)
        .where(PairingGroup.id == group_id, PairingGroup.team_id == team_id)
        .values({column: None})
    )


def confirm_intro(
    session: Session, team_id: str, group_id: int, channel_id: str | None, now: datetime
) -> None:
    session.execute(
        update(PairingGroup)
        .where(PairingGroup.id == group_id, PairingGroup.team_id == team_id)
        .values(intro_sent_at=now, channel_id=channel_id)
    )


def refuse_intro(session: Session, team_id: str, group_id: int, error: str) -> None:
    """Slack refused for good (an account gone, say): the group is not introduced, nor asked later."""
    session.execute(
        update(PairingGroup)
        .where(PairingGroup.id == group_id, PairingGroup.team_id == team_id)
        .values(intro_error=error[:64])
    )


def confirm_followup(session: Session, team_id: str, group_id: int, now: datetime) -> None:
    session.execute(
        update(PairingGroup)
        .where(PairingGroup.id == group_id, PairingGroup.team_id == team_id)
        .values(followup_sent_at=now)
    )


class AnswerOutcome(enum.Enum):
    SAVED = "saved"
    UNKNOWN = "unknown"
    NOT_IN_GROUP = "not_in_group"


def answer(
    session: Session, team_id: str, group_id: int, user_id: str, said: str, now: datetime
) -> AnswerOutcome:
    """Keep what a member of the group answered; a "Yes" from anyone marks the group as met."""
    if said not in ANSWERS:
        return AnswerOutcome.UNKNOWN
    group = session.get(PairingGroup, group_id)
    if group is None or group.team_id != team_id:
        return AnswerOutcome.UNKNOWN
    changed = session.execute(
        update(PairingMember)
        .where(
            PairingMember.team_id == team_id,
            PairingMember.group_id == group_id,
            PairingMember.user_id == user_id,
        )
        .values(answer=said, answered_at=now)
    ).rowcount
    if not changed:
        return AnswerOutcome.NOT_IN_GROUP
    # Answering, even late, shows they are there: silence so far no longer counts.
    _update_participants(session, team_id, {user_id}, missed_rounds=0)
    if said == MET and group.met_at is None:
        group.met_at = now
    return AnswerOutcome.SAVED


def in_group(session: Session, team_id: str, group_id: int, user_id: str) -> bool:
    return (
        session.scalar(
            select(func.count()).where(
                PairingMember.team_id == team_id,
                PairingMember.group_id == group_id,
                PairingMember.user_id == user_id,
            )
        )
        == 1
    )


# ------------------------------------------------------------------------------ learnings


def parse_learning(raw: str | None) -> tuple[str | None, FormProblem | None]:
    value = clean_block(raw)
    if not value:
        return None, FormProblem.MISSING
    if len(value) > LEARNING_MAX:
        return None, FormProblem.TOO_LONG
    return value, None


class LearningOutcome(enum.Enum):
    KEPT = "kept"
    ALREADY = "already"
    NOT_IN_GROUP = "not_in_group"


def keep_learning(
    session: Session, team_id: str, group_id: int, user_id: str, learning: str, now: datetime
) -> tuple[LearningOutcome, int | None]:
    """Keep a learning its author chose to share (writing one says the group met)."""
    if not in_group(session, team_id, group_id, user_id):
        return LearningOutcome.NOT_IN_GROUP, None
    if not insert_if_absent(
        session,
        Learning,
        team_id=team_id,
        group_id=group_id,
        author_id=user_id,
        text=learning,
        created_at=now,
    ):
        return LearningOutcome.ALREADY, None
    answer(session, team_id, group_id, user_id, MET, now)
    learning_id = session.scalar(
        select(Learning.id).where(Learning.group_id == group_id, Learning.author_id == user_id)
    )
    return LearningOutcome.KEPT, learning_id


def record_learning_post(
    session: Session, team_id: str, learning_id: int, channel_id: str, message_ts: str
) -> None:
    session.execute(
        update(Learning)
        .where(Learning.team_id == team_id, Learning.id == learning_id)
        .values(channel_id=channel_id, message_ts=message_ts)
    )


@dataclass(frozen=True)
class LearningData:
    id: int
    text: str
    author_id: str | None
    created_at: datetime
    channel_id: str | None
    message_ts: str | None


def search_learnings(
    session: Session, team_id: str, words: str, limit: int = LEARNINGS_FOUND
) -> list[LearningData]:
    """Learnings that match, best first; found as `/idea search` finds ideas."""
    ids = ranked(session, LEARNINGS, team_id, words, limit).ids
    if not ids:
        return []
    rows = {
        row.id: row
        for row in session.scalars(select(Learning).where(Learning.team_id == team_id, Learning.id.in_(ids)))
    }
    return [
        LearningData(r.id, r.text, r.author_id, r.created_at, r.channel_id, r.message_ts)
        for r in (rows.get(i) for i in ids)
        if r is not None
    ]


# ------------------------------------------------------------------------------ a member's view


@dataclass(frozen=True)
class Status:
    me: ParticipantData | None
    next_round: datetime | None
    # Who they were paired with in the latest round they were in, and when it was made.
    latest_partners: list[str]
    latest_at: datetime | None
    rounds: int
    met: int


def status(
    session: Session, team_id: str, user_id: str, settings: WorkspaceSettings, now: datetime
) -> Status:
    me = participant(session, team_id, user_id)
    mine = select(PairingMember.group_id).where(
        PairingMember.team_id == team_id, PairingMember.user_id == user_id
    )
    rounds = session.scalar(select(func.count()).select_from(mine.subquery())) or 0
    met = (
        session.scalar(
            select(func.count()).where(PairingGroup.id.in_(mine), PairingGroup.met_at.is_not(None))
        )
        or 0
    )
    latest = session.execute(
        select(PairingGroup.id, PairingGroup.created_at)
        .where(PairingGroup.id.in_(mine))
        .order_by(PairingGroup.created_at.desc(), PairingGroup.id.desc())
        .limit(1)
    ).first()
    partners: list[str] = []
    if latest is not None:
        partners = list(
            session.scalars(
                select(PairingMember.user_id)
                .where(
                    PairingMember.team_id == team_id,
                    PairingMember.group_id == latest[0],
                    PairingMember.user_id != user_id,
                )
                .order_by(PairingMember.user_id)
            )
        )
    upcoming = next_moment(session, team_id, settings, now) if me is not None and me.active else None
    return Status(me, upcoming, partners, latest[1] if latest else None, int(rounds), int(met))
