"""Team formation: RarestFirst against the brute-force optimum on tiny instances."""

import random

import networkx as nx
import numpy as np
import pytest

from matching.recommend import teams
from matching.recommend.teams import (
    brute_force_team,
    fit_to_size,
    rarest_first_team,
    team_cost,
)
from matching.recommend.tie_paths import DISCONNECTED, Distances, TiePaths


def tie_distance(g: "nx.Graph[str]") -> Distances:
    return TiePaths.from_graph(g).distances()


def path_graph(*edges: tuple[str, str]) -> "nx.Graph[str]":
    g: nx.Graph[str] = nx.Graph()
    g.add_edges_from(edges, cost=1.0)
    return g


def test_rarest_first_finds_the_close_team() -> None:
    # a - b - c - d ; e isolated. skills: x held by a and d, y by b and e, z (rarest) by c
    g = path_graph(("a", "b"), ("b", "c"), ("c", "d"))
    g.add_node("e")
    holders = {"x": ["a", "d"], "y": ["b", "e"], "z": ["c"]}
    dist = tie_distance(g)
    team = rarest_first_team(["x", "y", "z"], holders, dist)
    assert set(team.members) == {"c", "d", "b"}
    assert team.diameter == 2.0 and team.uncovered == ()
    best = brute_force_team(["x", "y", "z"], holders, dist)
    assert best.diameter == team.diameter


def test_uncoverable_skills_are_reported() -> None:
    lonely = path_graph()
    lonely.add_node("a")
    team = rarest_first_team(["x", "nobody"], {"x": ["a"], "nobody": []}, tie_distance(lonely))
    assert team.members == ("a",) and team.uncovered == ("nobody",)


def test_a_holder_off_the_tie_graph_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'zz' is not on the tie graph"):
        rarest_first_team(["x"], {"x": ["a", "zz"]}, tie_distance(path_graph(("a", "b"))))


def test_leader_variant_starts_from_the_leader() -> None:
    g = path_graph(("l", "p"), ("q", "r"))
    holders = {"s": ["p", "q"], "t": ["r", "p"]}
    team = rarest_first_team(["s", "t"], holders, tie_distance(g), leader="l")
    assert team.members == ("l", "p") and team.leader == "l"


def test_busy_residents_are_spared_when_someone_else_is_close() -> None:
    g = path_graph(("seed", "busy"), ("seed", "x"), ("x", "free"))
    holders = {"r": ["seed"], "s": ["busy", "free"]}
    dist = tie_distance(g)
    assert rarest_first_team(["r", "s"], holders, dist).members == ("seed", "busy")
    spared = rarest_first_team(["r", "s"], holders, dist, penalty={"busy": DISCONNECTED})
    assert spared.members == ("seed", "free")


def test_disconnected_residents_cost_the_fixed_penalty() -> None:
    dist = tie_distance(path_graph(("a", "b")))
    assert dist("a", "b") == 1.0 and dist("a", "zz") == DISCONNECTED
    assert team_cost(["a", "b", "zz"], dist) == (DISCONNECTED, 1 + 2 * DISCONNECTED)


def test_fit_to_size_fills_with_the_closest_and_trims_the_last_added() -> None:
    g = path_graph(("a", "b"), ("b", "c"), ("c", "d"))
    dist = tie_distance(g)
    team = rarest_first_team(["x"], {"x": ["a"]}, dist)
    filled = fit_to_size(team, 3, ["d", "c", "b"], dist, ["x"])
    assert filled.members == ("a", "b", "c")
    two = rarest_first_team(["x", "y"], {"x": ["a"], "y": ["d"]}, dist)
    trimmed = fit_to_size(two, 1, [], dist, ["x", "y"])
    assert trimmed.members == ("a",) and trimmed.uncovered == ("y",)


def test_rarest_first_is_within_twice_the_optimum_on_random_tiny_instances() -> None:
    rng = random.Random(4)
    for _ in range(40):
        g = nx.gnp_random_graph(9, 0.3, seed=rng.randrange(10**6))
        g = nx.relabel_nodes(g, {i: f"r{i}" for i in g})
        nx.set_edge_attributes(g, 1.0, "cost")
        skills = ["s1", "s2", "s3"]
        holders = {s: sorted(rng.sample(sorted(g.nodes), rng.randint(1, 3))) for s in skills}
        dist = tie_distance(g)
        rf, opt = rarest_first_team(skills, holders, dist), brute_force_team(skills, holders, dist)
        assert not rf.uncovered
        assert rf.diameter <= 2 * opt.diameter + 1e-9
        assert rarest_first_team(skills, holders, dist) == rf  # deterministic


def test_the_shortlist_from_short_searches_is_the_one_from_full_searches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(9)
    for _ in range(40):
        g = nx.gnp_random_graph(80, 0.05, seed=rng.randrange(10**6))
        g = nx.relabel_nodes(g, {i: f"r{i:02d}" for i in g})
        for a, b in g.edges:
            g.edges[a, b]["cost"] = rng.choice([0.2, 0.5, 1.0, 2.0])
        paths = TiePaths.from_graph(g)
        ids = sorted(g.nodes)
        holders = {"rare": rng.sample(ids, 25), "common": rng.sample(ids, rng.randint(5, 40))}
        at = {s: np.unique(paths.at(h)) for s, h in holders.items()}
        searcher = paths.penalised({v: rng.choice([0.0, 0.0, 0.4, DISCONNECTED]) for v in ids})
        order = ["rare", "common"]
        near = teams._shortlist(at["rare"], order, at, searcher)
        monkeypatch.setattr(teams, "NEAR", 1e9)  # the first search is already the full one
        full = teams._shortlist(at["rare"], order, at, searcher)
        monkeypatch.undo()
        assert np.array_equal(near, full)
