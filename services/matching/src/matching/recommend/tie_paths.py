"""Shortest tie distances on a community's KNOWS graph, computed in C (scipy's Dijkstra).

An edge costs 1/weight, so strong ties are short. Distances are capped at `DISCONNECTED`: two
residents further apart than that are as good as strangers for a team, and the cap bounds every
search to a neighbourhood of the tie graph instead of the whole community (20,000 residents).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

DISCONNECTED = 6.0
_EPS = 1e-9


@dataclass(frozen=True)
class Nearest:
    """For every resident: the least `distance + penalty` to a holder, and which holder."""

    key: NDArray[np.float64]
    holder: NDArray[np.int64]  # index into TiePaths.ids; -1 where the search found none


class TiePaths:
    """A community's tie graph, ready for capped shortest-path searches (shared, read-only)."""

    def __init__(self, ids: Sequence[str], edges: Iterable[tuple[str, str, float]]) -> None:
        self.ids = list(ids)
        self.index = {r: i for i, r in enumerate(self.ids)}
        rows, cols, costs = [], [], []
        for a, b, cost in edges:
            i, j = self.index.get(a), self.index.get(b)
            if i is None or j is None or i == j:
                continue
            rows += [i, j]
            cols += [j, i]
            costs += [max(cost, _EPS)] * 2
        n = len(self.ids)
        self._n = n
        self._rows = np.asarray(rows, dtype=np.int64)
        self._cols = np.asarray(cols, dtype=np.int64)
        self._costs = np.asarray(costs, dtype=np.float64)
        self._graph = csr_array((self._costs, (self._rows, self._cols)), shape=(n, n))

    @classmethod
    def from_ties(cls, people: Iterable[str], ties: Mapping[tuple[str, str], float]) -> "TiePaths":
        return cls(sorted(people), ((a, b, 1.0 / max(w, 1e-6)) for (a, b), w in ties.items()))

    @classmethod
    def from_graph(cls, graph: "nx.Graph[str]", weight: str = "cost") -> "TiePaths":
        edges = ((a, b, float(d.get(weight, 1.0))) for a, b, d in graph.edges(data=True))
        return cls(sorted(graph.nodes), edges)

    def rows(self, residents: Sequence[str]) -> dict[str, NDArray[np.float64]]:
        """Capped distances from each resident to everyone, one search per resident."""
        known = [r for r in dict.fromkeys(residents) if r in self.index]
        out = {r: np.full(self._n, DISCONNECTED) for r in residents if r not in self.index}
        if known:
            found = dijkstra(
                self._graph, indices=[self.index[r] for r in known], limit=DISCONNECTED + _EPS
            )
            for r, row in zip(known, np.minimum(found, DISCONNECTED), strict=True):
                out[r] = row
        return out

    def distances(self) -> "Distances":
        """A per-request view that remembers the searches it made."""
        return Distances(self)

    def nearest(self, holders: Sequence[str], penalty: Mapping[str, float]) -> Nearest:
        """One multi-source search from every holder, each starting at its penalty.

        The key of resident v is min over holders h of (capped distance(v, h) + penalty(h)),
        exactly; the holder found breaks ties by the search's order, deterministically.
        """
        known = [h for h in holders if h in self.index]
        n = self._n
        key = np.full(n, np.inf)
        holder = np.full(n, -1, dtype=np.int64)
        if not known:
            return Nearest(key, holder)
        pens = np.asarray([penalty.get(h, 0.0) for h in known])
        # Holders out of reach cost DISCONNECTED + their penalty: the best of them is the floor.
        floor_at = int(np.lexsort((np.arange(len(known)), pens))[0])
        floor = DISCONNECTED + float(pens[floor_at])
        # A holder with a penalty is reached through a virtual node of its own, one edge of
        # cost = penalty away; the virtual nodes are the search's sources.
        h_idx = np.asarray([self.index[h] for h in known], dtype=np.int64)
        virtual = n + np.arange(len(known))
        rows = np.concatenate([self._rows, virtual])
        cols = np.concatenate([self._cols, h_idx])
        costs = np.concatenate([self._costs, np.maximum(pens, _EPS)])
        graph = csr_array((costs, (rows, cols)), shape=(n + len(known), n + len(known)))
        dist, _, sources = dijkstra(
            graph,
            directed=True,
            indices=virtual,
            min_only=True,
            return_predecessors=True,
            limit=floor + _EPS,
        )
        dist = dist[:n] - np.where(pens > 0, 0.0, _EPS)[np.clip(sources[:n] - n, 0, None)]
        found = sources[:n] >= 0
        key[found] = dist[found]
        holder[found] = h_idx[sources[:n][found] - n]
        worse = key > floor
        key[worse] = floor
        holder[worse] = h_idx[floor_at]
        return Nearest(key, holder)


class Distances:
    """Capped distances through one TiePaths, caching rows for the life of one request."""

    def __init__(self, paths: TiePaths) -> None:
        self.paths = paths
        self._rows: dict[str, NDArray[np.float64]] = {}

    def row(self, resident: str) -> NDArray[np.float64]:
        found = self._rows.get(resident)
        if found is None:
            found = self.paths.rows([resident])[resident]
            self._rows[resident] = found
        return found

    def prefetch(self, residents: Iterable[str]) -> None:
        """Search from many residents in one call (fewer Python round trips)."""
        missing = [r for r in dict.fromkeys(residents) if r not in self._rows]
        if missing:
            self._rows.update(self.paths.rows(missing))

    def __call__(self, a: str, b: str) -> float:
        if a == b:
            return 0.0
        j = self.paths.index.get(b)
        if j is None or a not in self.paths.index:
            return DISCONNECTED
        if a not in self._rows and b in self._rows:
            a, j = b, self.paths.index[a]
        return float(self.row(a)[j])
