"""Bridging centrality in numpy gives networkx's numbers, exactly and sampled alike."""

import networkx as nx
import pytest

from matching.recommend.bridging import betweenness


@pytest.mark.parametrize("k", [None, 1, 12, 40])
def test_betweenness_equals_networkx(k: int | None) -> None:
    for trial in range(6):
        g = nx.gnp_random_graph(40, 0.07, seed=trial)
        ids = [f"r{i:02d}" for i in range(40)]
        graph: nx.Graph[str] = nx.Graph()
        graph.add_nodes_from(ids)  # networkx samples sources in node order: the ids' order
        graph.add_edges_from((ids[a], ids[b]) for a, b in g.edges)
        want = nx.betweenness_centrality(graph, k=k, normalized=True, seed=7)
        got = betweenness(ids, list(g.edges), k=k, seed=7)
        for r in ids:
            assert got[r] == pytest.approx(want[r], abs=1e-12, nan_ok=True), (trial, r)


def test_tiny_and_empty_graphs() -> None:
    assert betweenness([], []) == {}
    assert betweenness(["a", "b"], [(0, 1)]) == {"a": 0.0, "b": 0.0}
    line = betweenness(["a", "b", "c"], [(0, 1), (1, 2)])
    assert line == {"a": 0.0, "b": 1.0, "c": 0.0}
