"""Team formation (Lappas, Liu & Terzi, KDD 2009): cover the skills with a team that knows itself.

Communication cost is the team's diameter in the tie graph (shortest paths, edge cost 1/weight;
residents without a path are `DISCONNECTED` apart). RarestFirst takes each holder of the rarest
skill as a seed, adds for every other skill its holder nearest to the seed, and keeps the team
with the least diameter (then least total pairwise cost): a 2-approximation of the optimum.
A workload penalty is added to a holder's distance, so busy residents are chosen only when they
are clearly closer. `brute_force_team` finds the optimum on small instances, for tests and eval.
"""

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

DISCONNECTED = 6.0

Distance = Callable[[str, str], float]


def tie_distance(graph: "nx.Graph[str]", weight: str | None = "cost") -> Distance:
    """Shortest-path distance on the tie graph, cached per source (weight=None: hop count).

    The graph is undirected, so a distance is read from whichever end already has its paths
    computed, else from the first argument: asking (seed, h) for many h costs one search from
    the seed, not one per h (on a 20,000-resident community each search is ~10 ms).
    """
    searched: dict[str, dict[str, float]] = {}

    def from_source(source: str) -> dict[str, float]:
        found = searched.get(source)
        if found is not None:
            return found
        if source not in graph:
            found = {source: 0.0}
        elif weight is None:
            found = {
                k: float(v) for k, v in nx.single_source_shortest_path_length(graph, source).items()
            }
        else:
            found = dict(nx.single_source_dijkstra_path_length(graph, source, weight=weight))
        searched[source] = found
        return found

    def distance(a: str, b: str) -> float:
        if a == b:
            return 0.0
        source, target = (b, a) if b in searched and a not in searched else (a, b)
        return from_source(source).get(target, DISCONNECTED)

    return distance


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
    distance: Distance,
    penalty: Mapping[str, float] | None = None,
    leader: str | None = None,
) -> Team:
    """RarestFirst; with `leader`, the leader is the only seed (the leader variant)."""
    penalty = penalty or {}
    coverable = [s for s in skills if holders.get(s)]
    uncovered = tuple(s for s in skills if not holders.get(s))
    if not coverable:
        members = (leader,) if leader else ()
        return Team(members, {}, uncovered, 0.0, 0.0, leader)
    order = sorted(coverable, key=lambda s: (len(holders[s]), s))
    rarest = order[0]
    seeds = [leader] if leader else sorted(holders[rarest])
    best: Team | None = None
    for seed in seeds:
        team = [seed]
        assignment: dict[str, str] = {}
        for skill in order:
            have = [m for m in team if m in holders[skill]]
            if have:
                assignment[skill] = have[0]
                continue
            pick = min(holders[skill], key=lambda h: (distance(seed, h) + penalty.get(h, 0.0), h))
            team.append(pick)
            assignment[skill] = pick
        diameter, total = team_cost(team, distance)
        candidate = Team(tuple(team), assignment, uncovered, diameter, total, leader)
        if best is None or _better(candidate, best, penalty):
            best = candidate
    assert best is not None
    return best


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
    team: Team, size: int, extras: Sequence[str], distance: Distance, skills: Sequence[str]
) -> Team:
    """Trim a team to `size` (later-added members go first) or fill it with the closest extras."""
    members = list(team.members[:size])
    assignment = {s: m for s, m in team.assignment.items() if m in members}
    uncovered = tuple(s for s in skills if s not in assignment)
    pool = [e for e in extras if e not in members]
    while len(members) < size and pool:
        # distance(member, extra): one shortest-path search per member, not per extra.
        _, at, pick = min((sum(distance(m, e) for m in members), i, e) for i, e in enumerate(pool))
        members.append(pick)
        del pool[at]
    diameter, total = team_cost(members, distance)
    return Team(tuple(members), assignment, uncovered, diameter, total, team.leader)
