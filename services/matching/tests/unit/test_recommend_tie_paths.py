"""Capped shortest paths in C against networkx, and the vectorised operator scoring against
the per-resident functions it replaces."""

import random
from types import SimpleNamespace as NS

import networkx as nx
import numpy as np
import pytest

from matching.recommend.operators import Requirement, coverage, operator_index
from matching.recommend.text import TagSimilarity
from matching.recommend.tie_paths import DISCONNECTED, TiePaths
from matching.recommend.weights import OperatorWeights


def random_graph(rng: random.Random, n: int, p: float) -> "nx.Graph[str]":
    g = nx.gnp_random_graph(n, p, seed=rng.randrange(10**6))
    g = nx.relabel_nodes(g, {i: f"r{i:02d}" for i in g})
    for a, b in g.edges:
        g.edges[a, b]["cost"] = rng.choice([0.5, 0.75, 1.0, 2.5])
    return g


def capped(g: "nx.Graph[str]", a: str) -> dict[str, float]:
    found = nx.single_source_dijkstra_path_length(g, a, weight="cost")
    return {v: min(found.get(v, DISCONNECTED), DISCONNECTED) for v in g}


def test_distances_match_networkx_and_are_capped() -> None:
    rng = random.Random(3)
    for _ in range(20):
        g = random_graph(rng, 30, 0.08)
        distances = TiePaths.from_graph(g).distances()
        for a in rng.sample(sorted(g), 5):
            expected = capped(g, a)
            for b in g:
                assert distances(a, b) == pytest.approx(expected[b])
        assert distances("r00", "stranger") == DISCONNECTED


def test_nearest_holder_is_exact_with_penalties_and_the_cap() -> None:
    rng = random.Random(5)
    for _ in range(30):
        g = random_graph(rng, 25, 0.1)
        paths = TiePaths.from_graph(g)
        holders = rng.sample(sorted(g), rng.randint(1, 5))
        penalty = {h: rng.choice([0.0, 0.0, 0.3, DISCONNECTED]) for h in holders}
        nearest = paths.penalised(penalty).nearest_at(np.unique(paths.at(holders)))
        rows = {h: capped(g, h) for h in holders}
        for v in g:
            keys = {h: rows[h][v] + penalty[h] for h in holders}
            i = paths.index[v]
            assert nearest.key[i] == pytest.approx(min(keys.values()))
            assert keys[paths.ids[nearest.holder[i]]] == pytest.approx(min(keys.values()))


def test_vectorised_coverage_equals_the_per_resident_rule(rw: NS) -> None:
    rng = random.Random(8)
    tags = ["nurse", "health_advice", "cooking", "plumbing", "teacher", "lawyer"]
    people = [
        rw.person(
            f"p{i:02d}",
            skills={t: rng.randint(1, 5) for t in rng.sample(tags, rng.randint(0, 3))},
            offers=frozenset(rng.sample(tags, rng.randint(0, 1))),
        )
        for i in range(40)
    ]
    snap = rw.snapshot(people)
    sim, w = TagSimilarity(snap.skills), OperatorWeights()
    ix = operator_index(snap, w)
    assert [snap.tie_paths.ids[i] for i in ix.graph_at] == ix.ids  # so ascending, in id order
    for tag in tags:
        for level in (1, 3, 5):
            req = Requirement(tag, level)
            value, by_related = ix.coverage(req, sim, w)
            for at, rid in enumerate(ix.ids):
                want, via = coverage(snap.people[rid], req, sim, w)
                assert value[at] == pytest.approx(want)
                assert bool(by_related[at]) == (want > 0 and via != tag)


def test_a_short_nearest_search_finds_the_same_keys_up_to_its_limit() -> None:
    rng = random.Random(6)
    for _ in range(30):
        g = random_graph(rng, 40, 0.08)
        paths = TiePaths.from_graph(g)
        holders = rng.sample(sorted(g), rng.randint(1, 6))
        searcher = paths.penalised({h: rng.choice([0.0, 0.3, 1.2]) for h in holders})
        at = np.unique(paths.at(holders))
        full = searcher.nearest_at(at)
        within = rng.choice([0.5, 1.0, 2.0])
        short = searcher.nearest_at(at, within)
        inside = full.key <= within
        assert np.array_equal(short.key[inside], full.key[inside])
        assert np.array_equal(short.holder[inside], full.holder[inside])
        assert np.all(np.isinf(short.key[~inside])) and np.all(short.holder[~inside] == -1)
