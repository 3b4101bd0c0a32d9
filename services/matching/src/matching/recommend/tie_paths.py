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

    def edges(self) -> list[tuple[int, int]]:
        """Each tie once, as a pair of indexes into `ids`."""
        half = self._rows < self._cols
        return list(zip(self._rows[half].tolist(), self._cols[half].tolist(), strict=True))

    @classmethod
    def from_ties(cls, people: Iterable[str], ties: Mapping[tuple[str, str], float]) -> "TiePaths":
        return cls(sorted(people), ((a, b, 1.0 / max(w, 1e-6)) for (a, b), w in ties.items()))

    @classmethod
    def from_graph(cls, graph: "nx.Graph[str]", weight: str = "cost") -> "TiePaths":
        edges = ((a, b, float(d.get(weight, 1.0))) for a, b, d in graph.edges(data=True))
        return cls(sorted(graph.nodes), edges)

    def at(self, residents: Iterable[str]) -> NDArray[np.int64]:
        """The residents' indexes into `ids`; each must be on the graph."""
        try:
            return np.asarray([self.index[r] for r in residents], dtype=np.int64)
        except KeyError as e:
            raise ValueError(f"resident {e.args[0]!r} is not on the tie graph") from None

    def rows_at(self, indexes: Sequence[int]) -> NDArray[np.float64]:
        """Capped distances from each resident at `indexes` to everyone, one search each."""
        found = dijkstra(self._graph, indices=list(indexes), limit=DISCONNECTED + _EPS)
        capped: NDArray[np.float64] = np.minimum(found, DISCONNECTED)
        return capped

    def distances(self) -> "Distances":
        """A per-request view that remembers the searches it made."""
        return Distances(self)

    def penalised(self, penalty: Mapping[str, float]) -> "PenalisedPaths":
        """The graph with each resident's penalty as extra distance, for `nearest_at` searches."""
        return PenalisedPaths(self, penalty)


class PenalisedPaths:
    """Multi-source searches from holders who each start at their own penalty.

    Every resident i has a virtual twin n+i, one edge of cost penalty(i) away; a search from the
    twins of the holders finds, for every resident v, min over holders h of
    (capped distance(v, h) + penalty(h)) — exactly — and which holder (ties: the search's order,
    deterministic). Built once per snapshot and penalties, as the graph is the expensive part.
    """

    def __init__(self, paths: TiePaths, penalty: Mapping[str, float]) -> None:
        self.paths = paths
        n = len(paths.ids)
        self.penalty = np.asarray([penalty.get(r, 0.0) for r in paths.ids])
        twins = n + np.arange(n)
        rows = np.concatenate([paths._rows, twins])
        cols = np.concatenate([paths._cols, np.arange(n)])
        costs = np.concatenate([paths._costs, np.maximum(self.penalty, _EPS)])
        self._graph = csr_array((costs, (rows, cols)), shape=(2 * n, 2 * n))
        # a zero penalty still costs _EPS on the twin's edge: taken off again after the search
        self._offset = np.where(self.penalty > 0, 0.0, _EPS)

    def nearest_at(self, at: NDArray[np.int64], within: float | None = None) -> Nearest:
        """For every resident, the least key and its holder, from the holders at indexes `at`
        into `paths.ids`. With `within`, the search stops at that key: residents whose key would
        be larger get inf and -1 (the keys found are the same as a full search's)."""
        n = len(self.paths.ids)
        key = np.full(n, np.inf)
        holder = np.full(n, -1, dtype=np.int64)
        if len(at) == 0:
            return Nearest(key, holder)
        pens = self.penalty[at]
        # Holders out of reach cost DISCONNECTED + their penalty: the best of them is the floor.
        floor_at = int(at[np.lexsort((at, pens))[0]])
        floor = DISCONNECTED + float(self.penalty[floor_at])
        dist, _, sources = dijkstra(
            self._graph,
            directed=True,
            indices=n + at,
            min_only=True,
            return_predecessors=True,
            limit=(floor if within is None else min(within, floor)) + _EPS,
        )
        found = sources[:n] >= 0
        source = sources[:n][found] - n
        key[found] = dist[:n][found] - self._offset[source]
        holder[found] = source
        if within is not None and within < floor:
            beyond = key > within
            key[beyond], holder[beyond] = np.inf, -1
            return Nearest(key, holder)
        worse = key > floor
        key[worse] = floor
        holder[worse] = floor_at
        return Nearest(key, holder)


class Distances:
    """Capped distances through one TiePaths, caching rows for the life of one request.

    Residents are indexes into `paths.ids` (`row_at`, `prefetch_at`, `between`), or ids when
    calling it (a resident off the graph is then `DISCONNECTED` from everyone)."""

    def __init__(self, paths: TiePaths) -> None:
        self.paths = paths
        self._rows: dict[int, NDArray[np.float64]] = {}

    def row_at(self, at: int) -> NDArray[np.float64]:
        found = self._rows.get(at)
        if found is None:
            found = self._rows[at] = self.paths.rows_at([at])[0]
        return found

    def prefetch_at(self, indexes: Iterable[int]) -> None:
        """Search from many residents in one call (fewer Python round trips)."""
        missing = [i for i in dict.fromkeys(indexes) if i not in self._rows]
        if missing:
            self._rows.update(zip(missing, self.paths.rows_at(missing), strict=True))

    def between(self, a: int, b: int) -> float:
        if a == b:
            return 0.0
        if a not in self._rows and b in self._rows:
            a, b = b, a
        return float(self.row_at(a)[b])

    def __call__(self, a: str, b: str) -> float:
        if a == b:
            return 0.0
        i, j = self.paths.index.get(a), self.paths.index.get(b)
        if i is None or j is None:
            return DISCONNECTED
        return self.between(i, j)
