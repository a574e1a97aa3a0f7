"""Making a round's groups: random pairs, nobody met lately when that can be avoided, shared interests
first, and one trio when the number is odd. Pure: no database, no Slack.

`met[a][b]` is how many rounds ago `a` and `b` were last in a group (1: the last round). A pair met
within the window costs more the more recent it was, so when a small pool leaves no fresh partner,
the one met longest ago is chosen: the window widens rather than anyone being left out.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

# Candidates looked at for one person before settling for the best seen; a pool where fresh partners
# are that rare is small, and the repair pass below finds what the scan missed.
SCAN = 64
# Swaps tried per group that still repeats a recent meeting.
REPAIR_TRIES = 200


@dataclass(frozen=True)
class Candidate:
    user_id: str
    interests: frozenset[str] = frozenset()


@dataclass
class Grouping:
    groups: list[list[str]] = field(default_factory=list)
    # Someone nobody could join: only when the pool is a single person.
    alone: str | None = None


def _shared(a: Candidate, b: Candidate) -> bool:
    return not a.interests.isdisjoint(b.interests)


class _Pairer:
    def __init__(
        self, people: Sequence[Candidate], met: Mapping[str, Mapping[str, int]], window: int
    ) -> None:
        self.by_id = {p.user_id: p for p in people}
        self.met = met
        self.window = window

    def cost(self, a: str, b: str) -> int:
        """0 for a fresh pair; window..1 for a pair met 1..window rounds ago."""
        ago = self.met.get(a, {}).get(b)
        return 0 if ago is None or ago > self.window else self.window + 1 - ago

    def group_cost(self, group: Sequence[str]) -> int:
        return sum(self.cost(a, b) for i, a in enumerate(group) for b in group[i + 1 :])

    def pair_score(self, a: str, b: str) -> tuple[int, int]:
        # Lower is better: repeats first, then no shared interest.
        return self.cost(a, b), 0 if _shared(self.by_id[a], self.by_id[b]) else 1


def make_groups(
    people: Sequence[Candidate],
    met: Mapping[str, Mapping[str, int]],
    *,
    window: int,
    rng: random.Random,
) -> Grouping:
    """Everyone in exactly one group of two (three for one group when the number is odd)."""
    unique = list({p.user_id: p for p in people}.values())
    if len(unique) < 2:
        return Grouping(alone=unique[0].user_id if unique else None)
    pairer = _Pairer(unique, met, window)
    order = [p.user_id for p in unique]
    rng.shuffle(order)
    groups, leftover = _greedy(pairer, order)
    _repair(pairer, groups, rng)
    if leftover is not None:
        _join_trio(pairer, groups, leftover)
    return Grouping(groups=groups)


def _greedy(pairer: _Pairer, order: list[str]) -> tuple[list[list[str]], str | None]:
    """Each person in turn takes the first fresh partner who shares an interest, else the first fresh
    one, else the best seen. Lists are walked from a moving start, so the whole is near linear.
    Returns the pairs and, when the number is odd, the one left over."""
    position = {u: i for i, u in enumerate(order)}
    taken: set[str] = set()
    by_interest: dict[str, list[str]] = {}
    for user_id in order:
        for interest in sorted(pairer.by_id[user_id].interests):
            by_interest.setdefault(interest, []).append(user_id)
    starts: dict[str | None, int] = {}

    def candidates(key: str | None, pool: list[str], me: str) -> Iterator[str]:
        """Up to SCAN people of `pool` not yet in a group, in its order."""
        start = starts.get(key, 0)
        while start < len(pool) and pool[start] in taken:
            start += 1
        starts[key] = start
        found = 0
        for index in range(start, len(pool)):
            user_id = pool[index]
            if user_id not in taken and user_id != me:
                yield user_id
                found += 1
                if found >= SCAN:
                    return

    groups: list[list[str]] = []
    leftover = None
    unpaired = len(order)
    for me in order:
        if me in taken:
            continue
        if unpaired < 2:
            leftover = me
            break
        taken.add(me)
        partner = None
        for interest in sorted(pairer.by_id[me].interests):
            partner = next(
                (u for u in candidates(interest, by_interest[interest], me) if pairer.cost(me, u) == 0), None
            )
            if partner is not None:
                break
        if partner is None:
            seen = list(candidates(None, order, me))
            partner = next((u for u in seen if pairer.cost(me, u) == 0), None)
            if partner is None:
                partner = min(seen, key=lambda u: (pairer.pair_score(me, u), position[u]))
        taken.add(partner)
        groups.append([me, partner])
        unpaired -= 2
    return groups, leftover


def _repair(pairer: _Pairer, groups: list[list[str]], rng: random.Random) -> None:
    """Swap partners between a repeating pair and another pair when that lowers the repeats."""
    if len(groups) < 2:
        return
    for i in range(len(groups)):
        if pairer.group_cost(groups[i]) == 0:
            continue
        others = [j for j in range(len(groups)) if j != i]
        if len(others) > REPAIR_TRIES:
            others = rng.sample(others, REPAIR_TRIES)
        for j in others:
            (a, b), (c, d) = groups[i], groups[j]
            before = pairer.group_cost([a, b]) + pairer.group_cost([c, d])
            best = None
            for first, second in (([a, c], [b, d]), ([a, d], [b, c])):
                after = pairer.group_cost(first) + pairer.group_cost(second)
                if after < before and (best is None or after < best[0]):
                    best = (after, first, second)
            if best is not None:
                groups[i], groups[j] = best[1], best[2]
                if pairer.group_cost(groups[i]) == 0:
                    break


def _join_trio(pairer: _Pairer, groups: list[list[str]], leftover: str) -> None:
    """The odd one out joins the pair they fit best: fewest repeats, then shared interests."""

    def fit(group: list[str]) -> tuple[int, int]:
        shared = sum(_shared(pairer.by_id[leftover], pairer.by_id[u]) for u in group)
        return sum(pairer.cost(leftover, u) for u in group), -shared

    best = min(groups, key=fit)
    best.append(leftover)
