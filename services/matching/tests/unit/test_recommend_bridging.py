"""Bridging centrality in numpy gives networkx's numbers, exactly and sampled alike."""

import random
import warnings
from fractions import Fraction

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


@pytest.mark.parametrize("integral", [True, False])
def test_weighted_betweenness_equals_networkx(integral: bool) -> None:
    """Integral lengths make many equally short paths (each must be counted). Fractional ones,
    the building graph's 1/ties, tie too (1/3 + 1/3 = 1/2 + 1/6), which floating-point sums in
    another order miss: networkx on float lengths is off there, so it gets exact fractions."""
    rng = random.Random(3)
    for trial in range(6):
        g = nx.gnp_random_graph(40, 0.15, seed=trial)
        exact = [Fraction(rng.randint(1, 3) if integral else Fraction(1, rng.randint(1, 12)))
                 for _ in g.edges]  # fmt: skip
        lengths = [float(d) for d in exact]
        ids = [f"b{i:02d}" for i in range(40)]
        graph: nx.Graph[str] = nx.Graph()
        graph.add_nodes_from(ids)
        for (a, b), d in zip(g.edges, exact, strict=True):
            graph.add_edge(ids[a], ids[b], d=d)
        want = nx.betweenness_centrality(graph, weight="d", normalized=True)
        got = betweenness(ids, list(g.edges), lengths=lengths)
        for r in ids:
            assert got[r] == pytest.approx(float(want[r]), abs=1e-12), (trial, r)


def test_lengths_must_be_positive_and_one_per_edge() -> None:
    with pytest.raises(ValueError, match="lengths"):
        betweenness(["a", "b"], [(0, 1)], lengths=[0.0])
    with pytest.raises(ValueError, match="lengths"):
        betweenness(["a", "b"], [(0, 1)], lengths=[1.0, 2.0])


def test_weighted_betweenness_on_a_graph_in_pieces() -> None:
    """Unreachable nodes are simply not on any path (and no floating-point warnings)."""
    ids = ["a", "b", "c", "x", "y", "z"]
    edges = [(0, 1), (1, 2), (3, 4), (4, 5)]
    lengths = [0.5, 0.25, 1.0, 1.0]
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(ids)
    for (a, b), d in zip(edges, lengths, strict=True):
        graph.add_edge(ids[a], ids[b], d=d)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = betweenness(ids, edges, lengths=lengths)
    assert got == pytest.approx(nx.betweenness_centrality(graph, weight="d", normalized=True))
    assert got["b"] > 0 and got["y"] > 0 and got["a"] == 0
