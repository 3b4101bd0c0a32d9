"""Network metrics, each checked against an independent networkx computation on the same graph."""

import itertools
import random

import networkx as nx
import pytest

from matching.analytics.network import (
    LOUVAIN_SEED,
    building_betweenness,
    building_graph,
    detected_groups,
    neighbour_sets,
    tie_density,
    tie_graph,
    unit_metrics,
)


def random_world(
    seed: int, buildings: int = 6, per_building: int = 12
) -> tuple[nx.Graph, dict[str, str]]:
    rng = random.Random(seed)
    building_of = {f"r{b}-{i}": f"b{b}" for b in range(buildings) for i in range(per_building)}
    people = list(building_of)
    ties = [
        (a, b)
        for a, b in itertools.combinations(people, 2)
        if rng.random() < (0.25 if building_of[a] == building_of[b] else 0.01)
    ]
    return tie_graph(people, ties), building_of


def members_of(building_of: dict[str, str], building: str) -> set[str]:
    return {r for r, b in building_of.items() if b == building}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_building_metrics_match_networkx(seed: int) -> None:
    graph, building_of = random_world(seed)
    elderly = set(random.Random(seed).sample(sorted(graph), 20))
    for building in sorted(set(building_of.values())):
        members = members_of(building_of, building)
        m = unit_metrics(neighbour_sets(graph), members, building_of, elderly)
        sub = nx.Graph(graph.subgraph(members))
        assert m.residents == sub.number_of_nodes()
        assert m.ties == sub.number_of_edges()
        assert m.density == pytest.approx(nx.density(sub))
        assert m.mean_degree == pytest.approx(sum(d for _, d in sub.degree()) / len(members))
        assert m.clustering == pytest.approx(nx.average_clustering(sub))
        isolates = set(nx.isolates(graph)) & members
        assert m.isolates == len(isolates)
        assert m.isolated_elderly_alone == len(isolates & elderly)
        largest = max(nx.connected_components(sub), key=len)
        assert m.largest_group_share == pytest.approx(len(largest) / len(members))
        crossing = [
            (a, b)
            for a, b in graph.edges()
            if (a in members or b in members) and building_of[a] != building_of[b]
        ]
        assert m.cross_building_ties == len(crossing)


def test_compound_counts_ties_between_its_buildings_once() -> None:
    graph, building_of = random_world(4)
    members = members_of(building_of, "b0") | members_of(building_of, "b1")
    m = unit_metrics(neighbour_sets(graph), members, building_of)
    sub = graph.subgraph(members)
    assert m.ties == sub.number_of_edges()
    assert m.density == pytest.approx(nx.density(sub))
    assert m.cross_building_ties == sum(
        1
        for a, b in graph.edges()
        if (a in members or b in members) and building_of[a] != building_of[b]
    )


def test_community_level_uses_the_whole_graph() -> None:
    graph, building_of = random_world(5)
    m = unit_metrics(neighbour_sets(graph), set(graph), building_of)
    assert m.ties == graph.number_of_edges()
    assert m.clustering == pytest.approx(nx.average_clustering(graph))
    assert m.density == pytest.approx(nx.density(graph))


def test_a_building_of_one_resident() -> None:
    graph = tie_graph(["a", "b"], [("a", "b")])
    m = unit_metrics(neighbour_sets(graph), {"a"}, {"a": "b1", "b": "b2"})
    assert (m.residents, m.ties, m.density, m.isolates) == (1, 0, None, 0)
    assert m.mean_degree == 0 and m.clustering == 0 and m.largest_group_share == 1
    assert m.cross_building_ties == 1


def test_no_ties() -> None:
    people = [f"r{i}" for i in range(7)]
    graph = tie_graph(people, [])
    m = unit_metrics(neighbour_sets(graph), set(people), dict.fromkeys(people, "b"), {"r0", "r1"})
    assert (m.ties, m.density, m.mean_degree, m.clustering) == (0, 0, 0, 0)
    assert (m.isolates, m.isolated_elderly_alone) == (7, 2)
    assert m.largest_group_share == pytest.approx(1 / 7)


def test_all_ties() -> None:
    people = [f"r{i}" for i in range(6)]
    graph = tie_graph(people, itertools.combinations(people, 2))
    m = unit_metrics(neighbour_sets(graph), set(people), dict.fromkeys(people, "b"))
    assert (m.ties, m.density, m.clustering, m.largest_group_share) == (15, 1, 1, 1)
    assert m.mean_degree == 5 and m.isolates == 0


def test_empty_unit() -> None:
    m = unit_metrics(neighbour_sets(tie_graph([], [])), set(), {})
    assert (m.residents, m.density, m.clustering, m.largest_group_share) == (0, None, None, None)


def test_tie_density_is_ties_over_possible_pairs() -> None:
    assert tie_density(100, 99) == pytest.approx(0.02)
    assert tie_density(1, 0) is None


def test_building_betweenness_matches_networkx_on_the_quotient_graph() -> None:
    graph, building_of = random_world(6, buildings=8)
    buildings = sorted(set(building_of.values()))
    bg = building_graph(graph, building_of, buildings)
    # independently: collapse residents into buildings, count the ties between each pair
    blocks = [members_of(building_of, b) for b in buildings]
    quotient = nx.quotient_graph(
        graph, blocks, edge_data=lambda x, y: {"n": nx.cut_size(graph, x, y)}, relabel=False
    )
    expected = nx.Graph()
    expected.add_nodes_from(buildings)
    for x, y, d in quotient.edges(data=True):
        if d["n"]:
            expected.add_edge(building_of[next(iter(x))], building_of[next(iter(y))], d=1 / d["n"])
    assert {tuple(sorted(e)) for e in bg.edges()} == {tuple(sorted(e)) for e in expected.edges()}
    assert building_betweenness(bg) == pytest.approx(
        nx.betweenness_centrality(expected, weight="d", normalized=True)
    )


def test_a_bridge_building_has_the_highest_betweenness() -> None:
    # b1 is the only link between b0 and b2
    graph = tie_graph(["x", "y", "z"], [("x", "y"), ("y", "z")])
    bg = building_graph(graph, {"x": "b0", "y": "b1", "z": "b2"}, ["b0", "b1", "b2"])
    scores = building_betweenness(bg)
    assert scores["b1"] == 1 and scores["b0"] == scores["b2"] == 0


def test_detected_groups_are_louvain_with_a_fixed_seed() -> None:
    graph, building_of = random_world(7)
    graph.add_node("lonely")
    building_of["lonely"] = "b0"
    groups, modularity = detected_groups(graph, building_of)
    linked = graph.subgraph([r for r in graph if graph.degree(r)])
    parts = nx.community.louvain_communities(linked, seed=LOUVAIN_SEED)
    assert sorted(g.size for g in groups) == sorted(len(p) for p in parts)
    assert sum(g.size for g in groups) == graph.number_of_nodes() - 1  # the isolate is left out
    assert sorted(g.buildings for g in groups) == sorted(
        len({building_of[r] for r in p}) for p in parts
    )
    assert modularity == pytest.approx(nx.community.modularity(linked, parts))
    assert detected_groups(graph, building_of) == (groups, modularity)  # deterministic


def test_no_groups_without_ties() -> None:
    assert detected_groups(tie_graph(["a", "b"], []), {"a": "b", "b": "b"}) == ([], None)
