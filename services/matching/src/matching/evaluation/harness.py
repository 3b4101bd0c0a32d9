"""Measure the real engine: project generated communities into Neo4j, derive ties, load the
snapshot through the recommendation reader, and ask each recommender for the hidden truth."""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from matching.evaluation.metrics import Tally
from matching.evaluation.world import Planted
from matching.recommend.exchanges import exchange_matches
from matching.recommend.groups import _reachable, recommend_groups
from matching.recommend.neighbours import recommend_neighbours
from matching.recommend.operators import Requirement, level_of, operator_candidates
from matching.recommend.teams import brute_force_team, team_cost
from matching.recommend.weights import OperatorWeights, RecommendWeights
from matching.service_layer.snapshots import Prepared

METHODS = ("engine", "popularity", "random")


@dataclass
class Scores:
    groups: dict[str, Tally] = field(default_factory=lambda: {m: Tally() for m in METHODS})
    neighbours: dict[str, Tally] = field(default_factory=lambda: {m: Tally() for m in METHODS})
    exchanges: dict[str, Tally] = field(default_factory=lambda: {m: Tally() for m in METHODS})
    team_covered: int = 0
    team_coverable: int = 0
    team_ratios: list[float] = field(default_factory=list)
    team_optimal: int = 0
    team_instances: int = 0


def _three(
    tally: dict[str, Tally],
    engine: list[str],
    candidates: Sequence[str],
    popularity: Callable[[str], float],
    relevant: set[str],
    rng: random.Random,
) -> None:
    tally["engine"].add(engine, relevant)
    tally["popularity"].add(sorted(candidates, key=lambda c: (-popularity(c), c)), relevant)
    shuffled = sorted(candidates)
    rng.shuffle(shuffled)
    tally["random"].add(shuffled, relevant)


def evaluate(p: Prepared, planted: Planted, w: RecommendWeights, scores: Scores, seed: int) -> None:
    snap, sim, rng = p.snapshot, p.similarity, random.Random(seed)
    for r, hidden in sorted(planted.hidden_memberships.items()):
        me = snap.people[r]
        joined = snap.groups_of.get(r, set())
        candidates = [
            g.id
            for g in snap.groups.values()
            if g.id not in joined and _reachable(me, g.building_id, g.compound_id)
        ]
        engine = [i.id for i in recommend_groups(snap, me, 10, sim, w.groups).items]
        _three(
            scores.groups, engine, candidates, lambda g: len(snap.groups[g].members), hidden, rng
        )

    for r, hidden in sorted(planted.hidden_ties.items()):
        known = set(snap.neighbours.get(r, {}))
        relevant = hidden - known
        if not relevant:
            continue
        me = snap.people[r]
        candidates = [v for v in snap.recommendable(snap.people) if v != r and v not in known]
        engine = [i.id for i in recommend_neighbours(snap, me, 10, w.neighbours).items]
        _three(
            scores.neighbours,
            engine,
            candidates,
            lambda v: len(snap.neighbours.get(v, {})),
            relevant,
            rng,
        )

    for helped, helper, skill in planted.hidden_exchanges:
        me = snap.people[helped]
        everyone = exchange_matches(snap, me, [skill], False, sim, w.exchanges, 10_000).items
        engine = [i.id for i in everyone[:10]]
        candidates = [i.id for i in everyone]
        _three(
            scores.exchanges,
            engine,
            candidates,
            lambda v: snap.helped_count.get(v, 0),
            {helper},
            rng,
        )

    _teams(p, planted, scores, rng)


def _teams(p: Prepared, planted: Planted, scores: Scores, rng: random.Random) -> None:
    """RarestFirst (through operator_candidates) against the brute-force optimum, per building."""
    snap, distance = p.snapshot, p.snapshot.tie_paths.distances()
    tags = sorted(snap.skills)
    no_workload = OperatorWeights(workload_cap=10**6)
    for _ in range(20):
        building = rng.choice(planted.buildings)
        wanted = rng.sample([t for t in tags if t.startswith("eval.")], 3)
        local = [
            v for v in snap.recommendable(snap.people) if snap.people[v].building_id == building
        ]
        holders = {s: [v for v in local if level_of(snap.people[v], s) >= 1] for s in wanted}
        got = operator_candidates(
            snap, [Requirement(s) for s in wanted], 3, [building], p.similarity, no_workload, 50
        ).team
        coverable = [s for s in wanted if holders[s]]
        best = brute_force_team(coverable, holders, distance)
        scores.team_instances += 1
        scores.team_coverable += len(coverable)
        scores.team_covered += sum(1 for s in coverable if s not in got.uncovered)
        # the covering core (before the team is filled up to its size) against the optimum
        core, _ = team_cost(sorted(set(got.assignment.values())), distance)
        scores.team_optimal += core <= best.diameter + 1e-9
        if best.diameter > 0:
            scores.team_ratios.append(core / best.diameter)
