"""Network metrics of the acquaintance (KNOWS) graph, computed with networkx.

Pure functions over plain values: a resident graph (nodes are resident keys, edges are ties) and
the building each resident lives in. Every metric is about a *unit*: a set of residents.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from matching.recommend.bridging import betweenness

LOUVAIN_SEED = 7


@dataclass(frozen=True)
class NetworkMetrics:
    residents: int
    ties: int  # ties with both ends in the unit
    density: float | None  # ties / possible pairs: the acquaintance rate (熟人率)
    mean_degree: float | None  # within the unit
    clustering: float | None  # average clustering of the unit's own tie graph
    isolates: int  # residents with no tie at all, to anyone in the community
    isolated_elderly_alone: int
    largest_group_share: float | None  # largest connected group of the unit's graph / residents
    cross_building_ties: int  # ties touching the unit whose ends live in different buildings


def tie_graph(residents: Iterable[str], ties: Iterable[tuple[str, str]]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(residents)
    graph.add_edges_from((a, b) for a, b in ties if a != b)
    return graph


def tie_density(residents: int, ties: int) -> float | None:
    """Share of the possible neighbour pairs who know each other; undefined below 2 residents."""
    if residents < 2:
        return None
    return ties / (residents * (residents - 1) / 2)


def cross_building_ties(
    graph: nx.Graph, members: Collection[str], building_of: Mapping[str, str]
) -> int:
    halves = 0
    for u in members:
        for v in graph[u]:
            if building_of[v] != building_of[u]:
                halves += 1 if v in members else 2
    return halves // 2


def induced(graph: nx.Graph, members: Collection[str]) -> nx.Graph:
    """The unit's own tie graph, as a plain graph (networkx's subgraph views are ~10× slower
    to run clustering on)."""
    unit = nx.Graph()
    unit.add_nodes_from(members)
    unit.add_edges_from((u, v) for u in members for v in graph[u] if v in members)
    return unit


def unit_metrics(
    graph: nx.Graph,
    members: Collection[str],
    building_of: Mapping[str, str],
    elderly_alone: Collection[str] = (),
) -> NetworkMetrics:
    """The unit's metrics; `graph` is the whole community's tie graph (for isolates and bridges)."""
    n = len(members)
    unit = graph if n == graph.number_of_nodes() else induced(graph, members)
    ties = unit.number_of_edges()
    isolates = [r for r in members if graph.degree(r) == 0]
    largest = max((len(c) for c in nx.connected_components(unit)), default=0)
    return NetworkMetrics(
        residents=n,
        ties=ties,
        density=tie_density(n, ties),
        mean_degree=2 * ties / n if n else None,
        clustering=nx.average_clustering(unit) if n else None,
        isolates=len(isolates),
        isolated_elderly_alone=sum(1 for r in isolates if r in elderly_alone),
        largest_group_share=largest / n if n else None,
        cross_building_ties=cross_building_ties(graph, members, building_of),
    )


def building_graph(
    graph: nx.Graph, building_of: Mapping[str, str], buildings: Iterable[str]
) -> nx.Graph:
    """Buildings as nodes; an edge per pair of buildings with ties between them, weighted by
    the number of those ties (and `distance` = 1 / weight, so more ties mean closer)."""
    weights: Counter[tuple[str, str]] = Counter()
    for a, b in graph.edges():
        ba, bb = building_of[a], building_of[b]
        if ba != bb:
            weights[(min(ba, bb), max(ba, bb))] += 1
    bg = nx.Graph()
    bg.add_nodes_from(buildings)
    for (x, y), w in weights.items():
        bg.add_edge(x, y, weight=w, distance=1.0 / w)
    return bg


def building_betweenness(bg: nx.Graph) -> dict[str, float]:
    """Normalised betweenness of each building on the building graph: how much it bridges
    (networkx's `betweenness_centrality(bg, weight="distance")`, computed in numpy)."""
    ids = list(bg)
    index = {b: i for i, b in enumerate(ids)}
    edges, lengths = [], []
    for x, y, d in bg.edges(data="distance"):
        edges.append((index[x], index[y]))
        lengths.append(d)
    return betweenness(ids, edges, lengths=lengths)


@dataclass(frozen=True)
class DetectedGroup:
    size: int
    buildings: int  # how many buildings its members live in


def detected_groups(
    graph: nx.Graph, building_of: Mapping[str, str], seed: int = LOUVAIN_SEED
) -> tuple[list[DetectedGroup], float | None]:
    """Louvain communities of the tie graph without isolates, largest first, and modularity."""
    linked = graph.subgraph([r for r in graph if graph.degree(r) > 0])
    if linked.number_of_edges() == 0:
        return [], None
    parts = nx.community.louvain_communities(linked, seed=seed)
    modularity = float(nx.community.modularity(linked, parts))
    groups = [DetectedGroup(len(p), len({building_of[r] for r in p})) for p in parts]
    return sorted(groups, key=lambda g: (-g.size, -g.buildings)), modularity
