"""Team formation (Lappas, Liu & Terzi, KDD 2009): cover the skills with a team that knows itself.

Communication cost is the team's diameter in the tie graph (shortest paths, edge cost 1/weight,
capped: residents further apart than `DISCONNECTED`, or without a path, are that far apart). RarestFirst takes each holder of the rarest
skill as a seed, adds for every other skill its holder nearest to the seed, and keeps the team
with the least diameter (then least total pairwise cost): a 2-approximation of the optimum.
A workload penalty is added to a holder's distance, so busy residents are chosen only when they
are clearly closer. `brute_force_team` finds the optimum on small instances, for tests and eval.
"""

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from matching.recommend.tie_paths import DISCONNECTED, Distances, PenalisedPaths, TiePaths

Distance = Callable[[str, str], float]
SHORTLIST = 16  # seeds whose teams are measured exactly (best by the RarestFirst radius)


@dataclass(frozen=True)
class Team:
    members: tuple[str, ...]
    assignment: dict[str, str]  # skill -> member who covers it
    uncovered: tuple[str, ...]
    diameter: float
    total_cost: float
    leader: str | None = None
    notes: tuple[str, ...] = field(default=())


def team_cost(members: Sequence[str], distance: Distance) -> tuple[float, float]:
    """(diameter, sum of pairwise distances) of a set of residents."""
    costs = [distance(a, b) for a, b in itertools.combinations(sorted(members), 2)]
    return (max(costs, default=0.0), sum(costs))


def rarest_first_team(
    skills: Sequence[str],
    holders: Mapping[str, Sequence[str]],
    distances: Distances,
    penalty: Mapping[str, float] | None = None,
    leader: str | None = None,
    searcher: PenalisedPaths | None = None,
) -> Team:
    """RarestFirst; with `leader`, the leader is the only seed (the leader variant).

    Seeds are ranked by their radius, the distance (+ workload penalty) to the nearest holder of
    each skill at its farthest (Lappas et al.'s R_i): one multi-source search per skill gives it
    for every resident at once. The `SHORTLIST` least-radius seeds then build their teams from
    their own shortest paths (nearest holder per skill; ties: smallest id) and the team with the
    least diameter, then total cost, wins; the 2-approximation holds, as the least-radius seed is
    among them.
    """
    penalty = penalty or {}
    coverable = [s for s in skills if holders.get(s)]
    uncovered = tuple(s for s in skills if not holders.get(s))
    if not coverable:
        members = (leader,) if leader else ()
        return Team(members, {}, uncovered, 0.0, 0.0, leader)
    order = sorted(coverable, key=lambda s: (len(holders[s]), s))
    seeds = [leader] if leader else sorted(set(holders[order[0]]))
    if len(seeds) > SHORTLIST:
        searcher = searcher or distances.paths.penalised(penalty)
        seeds = _least_radius(seeds, order, holders, searcher, penalty)[:SHORTLIST]
    distances.prefetch(seeds)
    pools = {s: _Holders.of(holders[s], distances.paths, penalty) for s in order}
    best: Team | None = None
    for seed in seeds:
        grown, assignment = _grow(seed, order, pools, distances)
        diameter, total = team_cost(grown, distances)
        candidate = Team(tuple(grown), assignment, uncovered, diameter, total, leader)
        if best is None or _better(candidate, best, penalty):
            best = candidate
    assert best is not None
    return best


@dataclass(frozen=True)
class _Holders:
    """The holders of one skill, in id order, with their places on the graph and penalties."""

    ids: list[str]
    members: frozenset[str]
    at: NDArray[np.int64]  # index in TiePaths; -1: not on the tie graph
    penalty: NDArray[np.float64]

    @classmethod
    def of(
        cls, holders: Sequence[str], paths: TiePaths, penalty: Mapping[str, float]
    ) -> "_Holders":
        ids = sorted(set(holders))
        return cls(
            ids,
            frozenset(ids),
            np.asarray([paths.index.get(h, -1) for h in ids], dtype=np.int64),
            np.asarray([penalty.get(h, 0.0) for h in ids]),
        )

    def nearest(self, row: NDArray[np.float64]) -> str:
        """The holder with the least distance + penalty from a row of distances (ties: id)."""
        distance = np.where(self.at >= 0, row[np.clip(self.at, 0, None)], DISCONNECTED)
        return self.ids[int(np.argmin(distance + self.penalty))]


def _least_radius(
    seeds: Sequence[str],
    order: Sequence[str],
    holders: Mapping[str, Sequence[str]],
    searcher: PenalisedPaths,
    penalty: Mapping[str, float],
) -> list[str]:
    """Seeds by their radius (then id), from one multi-source search per other skill."""
    at = np.asarray([searcher.paths.index.get(s, -1) for s in seeds], dtype=np.int64)
    radius = np.asarray([penalty.get(s, 0.0) for s in seeds])
    for skill in order[1:]:
        key = searcher.nearest(holders[skill]).key
        off_graph = min(DISCONNECTED + penalty.get(h, 0.0) for h in holders[skill])
        reach = np.where(at >= 0, key[np.clip(at, 0, None)], off_graph)
        holding = set(holders[skill])
        held = np.asarray([s in holding for s in seeds], dtype=bool)
        radius = np.maximum(radius, np.where(held, 0.0, reach))
    ranked = np.lexsort((np.arange(len(seeds)), np.round(radius, 9)))
    return [seeds[i] for i in ranked]


def _grow(
    seed: str, order: Sequence[str], pools: Mapping[str, _Holders], distances: Distances
) -> tuple[list[str], dict[str, str]]:
    """The seed's team: per skill (rarest first) a member who has it, else the nearest holder."""
    members, assignment = [seed], {}
    for skill in order:
        have = [m for m in members if m in pools[skill].members]
        if have:
            assignment[skill] = have[0]
            continue
        pick = pools[skill].nearest(distances.row(seed))
        members.append(pick)
        assignment[skill] = pick
    return members, assignment


def _better(a: Team, b: Team, penalty: Mapping[str, float]) -> bool:
    def key(t: Team) -> tuple[float, float, int, float, tuple[str, ...]]:
        load = sum(penalty.get(m, 0.0) for m in t.members)
        return (
            round(t.diameter + load, 9),
            round(t.total_cost, 9),
            len(t.members),
            load,
            t.members,
        )

    return key(a) < key(b)


def brute_force_team(
    skills: Sequence[str], holders: Mapping[str, Sequence[str]], distance: Distance
) -> Team:
    """The least-diameter covering team, by trying every assignment (small instances only)."""
    coverable = [s for s in skills if holders.get(s)]
    uncovered = tuple(s for s in skills if not holders.get(s))
    best: Team | None = None
    seen: set[frozenset[str]] = set()
    for choice in itertools.product(*(sorted(holders[s]) for s in coverable)):
        members = frozenset(choice)
        if members in seen:
            continue
        seen.add(members)
        diameter, total = team_cost(sorted(members), distance)
        team = Team(
            tuple(sorted(members)),
            dict(zip(coverable, choice, strict=True)),
            uncovered,
            diameter,
            total,
        )
        if best is None or (diameter, total, len(members)) < (
            best.diameter,
            best.total_cost,
            len(best.members),
        ):
            best = team
    return best or Team((), {}, uncovered, 0.0, 0.0)


def fit_to_size(
    team: Team, size: int, extras: Sequence[str], distances: Distances, skills: Sequence[str]
) -> Team:
    """Trim a team to `size` (later-added members go first) or fill it with the closest extras
    (least summed distance to the members so far; ties: earlier in `extras`)."""
    members = list(team.members[:size])
    assignment = {s: m for s, m in team.assignment.items() if m in members}
    uncovered = tuple(s for s in skills if s not in assignment)
    pool = [e for e in dict.fromkeys(extras) if e not in members]
    if len(members) < size and pool:
        index = distances.paths.index
        at = np.asarray([index.get(e, -1) for e in pool], dtype=np.int64)
        total = np.zeros(len(pool))
        distances.prefetch(members)
        for m in members:
            total += _row_at(distances, m, at)
        taken = np.zeros(len(pool), dtype=bool)
        while len(members) < size and not taken.all():
            pick = int(np.argmin(np.where(taken, np.inf, total)))  # argmin: first of equals
            taken[pick] = True
            members.append(pool[pick])
            total += _row_at(distances, pool[pick], at)
    diameter, total_cost = team_cost(members, distances)
    return Team(tuple(members), assignment, uncovered, diameter, total_cost, team.leader)


def _row_at(distances: Distances, member: str, at: NDArray[np.int64]) -> NDArray[np.float64]:
    """Distances from `member` to the residents at indexes `at` (-1: not on the tie graph)."""
    row = distances.row(member)
    return np.where(at >= 0, row[np.clip(at, 0, None)], DISCONNECTED)
