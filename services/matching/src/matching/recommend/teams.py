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

from matching.recommend.tie_paths import Distances, PenalisedPaths

Distance = Callable[[str, str], float]
Residents = NDArray[np.int64]  # indexes into TiePaths.ids, ascending (so in id order)
SHORTLIST = 16  # seeds whose teams are measured exactly (best by the RarestFirst radius)
# A first, shorter search for the shortlist: the 16th-least radius was under 1.5 in 95 % of the
# bench's requests (median 0.67); a search to 1.5 costs 0.6 ms, to DISCONNECTED 1.5 ms.
NEAR = 1.5


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
) -> Team:
    """`rarest_first_team_at` for residents given by id (each must be on the tie graph)."""
    paths = distances.paths
    return rarest_first_team_at(
        skills,
        {s: np.unique(paths.at(h)) for s, h in holders.items()},
        distances,
        paths.penalised(penalty or {}),
        None if leader is None else int(paths.at([leader])[0]),
    )


def rarest_first_team_at(
    skills: Sequence[str],
    holders: Mapping[str, Residents],
    distances: Distances,
    searcher: PenalisedPaths,
    leader: int | None = None,
) -> Team:
    """RarestFirst over residents given as indexes into the tie graph (`Residents`); with
    `leader`, the leader is the only seed (the leader variant). `searcher` carries the workload
    penalties.

    Seeds are ranked by their radius, the distance (+ workload penalty) to the nearest holder of
    each skill at its farthest (Lappas et al.'s R_i): one multi-source search per skill gives it
    for every resident at once. The `SHORTLIST` least-radius seeds then build their teams from
    their own shortest paths (nearest holder per skill; ties: smallest id) and the team with the
    least diameter, then total cost, wins; the 2-approximation holds, as the least-radius seed is
    among them.
    """
    ids, penalty = distances.paths.ids, searcher.penalty
    coverable = [s for s in skills if len(holders.get(s, ()))]
    uncovered = tuple(s for s in skills if not len(holders.get(s, ())))
    head = None if leader is None else ids[leader]
    if not coverable:
        return Team((head,) if head else (), {}, uncovered, 0.0, 0.0, head)
    order = sorted(coverable, key=lambda s: (len(holders[s]), s))
    seeds = holders[order[0]] if leader is None else np.asarray([leader], dtype=np.int64)
    if len(seeds) > SHORTLIST:
        seeds = _shortlist(seeds, order, holders, searcher)
    distances.prefetch_at(seeds.tolist())
    pools = {s: (holders[s], penalty[holders[s]]) for s in order}
    best: tuple[tuple[float, float, int, float, tuple[str, ...]], Team] | None = None
    for seed in seeds.tolist():
        grown, assignment = _grow(seed, order, pools, distances)
        diameter, total = _cost(grown, distances)
        members = tuple(ids[m] for m in grown)
        load = sum(float(penalty[m]) for m in grown)
        key = (round(diameter + load, 9), round(total, 9), len(members), load, members)
        if best is None or key < best[0]:
            named = {s: ids[m] for s, m in assignment.items()}
            best = key, Team(members, named, uncovered, diameter, total, head)
    assert best is not None
    return best[1]


def _shortlist(
    seeds: Residents,
    order: Sequence[str],
    holders: Mapping[str, Residents],
    searcher: PenalisedPaths,
) -> Residents:
    """The `SHORTLIST` seeds of least radius (then id), from one multi-source search per other
    skill. The searches first stop at `NEAR`: enough when the shortlist's radii are all below
    it, as every seed left out is then further. Otherwise they are run again in full."""
    for within in (NEAR, None):
        radius = searcher.penalty[seeds]
        for skill in order[1:]:
            reach = searcher.nearest_at(holders[skill], within).key[seeds]
            held = np.isin(seeds, holders[skill], assume_unique=True)
            radius = np.maximum(radius, np.where(held, 0.0, reach))
        rounded = np.round(radius, 9)
        ranked = np.lexsort((np.arange(len(seeds)), rounded))[:SHORTLIST]
        if within is None or rounded[ranked[-1]] < within:
            break
    return seeds[ranked]


def _grow(
    seed: int,
    order: Sequence[str],
    pools: Mapping[str, tuple[Residents, NDArray[np.float64]]],
    distances: Distances,
) -> tuple[list[int], dict[str, int]]:
    """The seed's team: per skill (rarest first) a member who has it, else the holder nearest to
    the seed (distance + penalty; ties: smallest id)."""
    members, assignment = [seed], {}
    for skill in order:
        at, penalty = pools[skill]
        have = [m for m in members if _holds(at, m)]
        if have:
            assignment[skill] = have[0]
            continue
        pick = int(at[int(np.argmin(distances.row_at(seed)[at] + penalty))])
        members.append(pick)
        assignment[skill] = pick
    return members, assignment


def _holds(at: Residents, resident: int) -> bool:
    i = int(np.searchsorted(at, resident))
    return i < len(at) and int(at[i]) == resident


def _cost(members: Sequence[int], distances: Distances) -> tuple[float, float]:
    """`team_cost` for residents given as indexes (sorted by index is sorted by id)."""
    costs = [distances.between(a, b) for a, b in itertools.combinations(sorted(members), 2)]
    return (max(costs, default=0.0), sum(costs))


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
    """`fit_to_size_at` for extras given by id (each must be on the tie graph)."""
    return fit_to_size_at(team, size, distances.paths.at(dict.fromkeys(extras)), distances, skills)


def fit_to_size_at(
    team: Team, size: int, extras: Residents, distances: Distances, skills: Sequence[str]
) -> Team:
    """Trim a team to `size` (later-added members go first) or fill it with the closest extras
    (indexes into the tie graph, no repeats: least summed distance to the members so far; ties:
    earlier in `extras`)."""
    paths = distances.paths
    members = list(team.members[:size])
    assignment = {s: m for s, m in team.assignment.items() if m in members}
    uncovered = tuple(s for s in skills if s not in assignment)
    member_at = paths.at(members)
    pool = extras[~np.isin(extras, member_at)]
    if len(members) < size and len(pool):
        distances.prefetch_at(member_at.tolist())
        total = np.zeros(len(pool))
        for m in member_at.tolist():
            total += distances.row_at(m)[pool]
        taken = np.zeros(len(pool), dtype=bool)
        while len(members) < size and not taken.all():
            pick = int(np.argmin(np.where(taken, np.inf, total)))  # argmin: first of equals
            taken[pick] = True
            members.append(paths.ids[pool[pick]])
            total += distances.row_at(int(pool[pick]))[pool]
    diameter, total_cost = team_cost(members, distances)
    return Team(tuple(members), assignment, uncovered, diameter, total_cost, team.leader)
