"""Making a round: claimed on its row so it happens once, it counts earlier rounds' unanswered
"Did you meet?" (pausing whoever reaches three), reads who takes part and who met whom in the last
rounds, and stores the groups `bot.pairing.matching` makes. No Slack here."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, insert, or_, select, text, update
from sqlalchemy.orm import Session

from bot.core.db import rows_changed
from bot.core.workspace_settings import WorkspaceSettings
from bot.members import roster
from bot.pairing.matching import Candidate, make_groups
from bot.pairing.participation import Person, taking_part, update_participants
from models import PairingGroup, PairingInvite, PairingMember, PairingParticipant, PairingRound

# Anyone met in this many rounds is avoided while the pool allows it (at the default 14 days, about
# five months); the more recent a meeting, the harder it is avoided.
WINDOW_ROUNDS = 12
MISSED_ROUNDS_PAUSE = 3
# How long "Did you meet?" stays open before silence counts towards a pause.
ANSWER_TIME = timedelta(days=3)


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
    claimed = rows_changed(
        session.execute(
            update(PairingRound)
            .where(
                PairingRound.id == round_id, PairingRound.team_id == team_id, PairingRound.made_at.is_(None)
            )
            .values(made_at=now)
        )
    )
    if not claimed:
        return None
    round_ = session.get(PairingRound, round_id)
    if round_ is None:
        raise LookupError(f"pairing round {round_id} missing right after its claim")
    auto_paused = settle(session, team_id, round_id, now)
    # One read gives both what the matching needs and what the introductions show.
    profiles = {p.user_id: p for p in taking_part(session, team_id, now, round_id)}
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
    group_languages: list[str] = []
    for group in grouping.groups:
        spoken = {languages[u] for u in group}
        group_languages.append(spoken.pop() if len(spoken) == 1 else settings.language)
    rows: list[dict[str, Any]] = [
        {"team_id": team_id, "round_id": round_id, "language": language, "created_at": now}
        for language in group_languages
    ]
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
            language=language,
            repeat=any(b in met.get(a, {}) for i, a in enumerate(group) for b in group[i + 1 :]),
        )
        for group_id, group, language in zip(group_ids, grouping.groups, group_languages, strict=True)
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
        update_participants(session, team_id, answered, missed_rounds=0)
        update_participants(session, team_id, unanswered, missed_rounds=PairingParticipant.missed_rounds + 1)
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
