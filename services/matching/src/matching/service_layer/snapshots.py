"""A per-community snapshot cache: built off the event loop (a worker thread or process), kept
for a TTL."""

import asyncio
import dataclasses
import gc
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import anyio
import anyio.to_thread

from matching.recommend.exchanges import exchange_index
from matching.recommend.groups import upcoming_activities
from matching.recommend.neighbours import interest_index
from matching.recommend.operators import operator_index
from matching.recommend.snapshot import Snapshot
from matching.recommend.text import TagSimilarity
from matching.recommend.weights import RecommendWeights

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    snapshot: Snapshot
    similarity: TagSimilarity
    built_at: float  # time.monotonic(), system-wide: comparable between processes
    started_at: float = 0.0  # when reading the graph began (or earlier): at least this fresh
    cost_s: float = 0.0  # seconds to read, prepare and receive it

    def age_s(self) -> float:
        return max(0.0, time.monotonic() - self.built_at)


def prepare(snapshot: Snapshot, weights: RecommendWeights | None = None) -> Prepared:
    """The CPU-heavy part (indexes, centrality, TF-IDF, the recommenders' per-snapshot indexes):
    run in a worker thread, so no request pays for it."""
    snapshot.warm_up()
    similarity = TagSimilarity(snapshot.skills | snapshot.interests)
    if weights is not None:
        operator_index(snapshot, weights.operators)
        exchange_index(snapshot, weights.exchanges).warm(snapshot, similarity)
        interest_index(snapshot)
    upcoming_activities(snapshot)
    return Prepared(snapshot, similarity, time.monotonic())


# build(community_id, newer_than) -> a snapshot whose reading began at `started_at`, no earlier
# than `newer_than` (None: any build, for instance one another process already started).
Build = Callable[[str, float | None], Awaitable[Prepared]]


def _keep_out_of_gc() -> None:
    """Move what is alive now — above all the new snapshot, millions of objects at 20,000
    residents — out of the cyclic garbage collector's reach.

    Otherwise every full collection walked the snapshots: 130–220 ms pauses of the whole API
    every few seconds under load, most of the p95. Snapshots hold no reference cycles
    (tests/unit/test_snapshot_cache.py checks it), so reference counting still frees a replaced
    one; the young generations are collected first so no request's cyclic garbage is frozen.
    """
    gc.collect(1)
    gc.freeze()


def build_in_thread(load: Callable[[str], Snapshot], weights: RecommendWeights | None) -> Build:
    """Read and prepare in a worker thread of this process (tests, small deployments)."""

    async def build(community_id: str, newer_than: float | None = None) -> Prepared:
        started = time.monotonic()
        prepared = await anyio.to_thread.run_sync(
            lambda: prepare(load(community_id), weights), abandon_on_cancel=False
        )
        return dataclasses.replace(prepared, started_at=started)

    return build


class SnapshotCache:
    """Snapshots per community. One older than the TTL but younger than `stale_s` is still
    served while a fresh one is built in the background, so requests never queue behind a
    rebuild of a large community (seconds at 20,000 residents); older ones are rebuilt first.

    A snapshot is refreshed no sooner than `rebuild_factor` times what it cost to build, so a
    large community (10+ s to read and prepare) does not spend most of a core rebuilding.
    """

    def __init__(
        self,
        build: Build,
        ttl_s: float,
        max_communities: int = 32,
        stale_s: float = 0.0,
        rebuild_factor: float = 0.0,
        version: Callable[[str], Awaitable[tuple[int, int]]] | None = None,
    ) -> None:
        self._build = build
        self._version = version
        self._ttl_s = ttl_s
        self._stale_s = max(stale_s, ttl_s)
        self._factor = rebuild_factor
        self._max = max_communities
        self._cached: OrderedDict[str, Prepared] = OrderedDict()
        self._locks: dict[str, anyio.Lock] = {}
        self._refreshing: dict[str, asyncio.Task[Prepared]] = {}

    def peek(self, community_id: str) -> Prepared | None:
        """The cached snapshot of a community, whatever its age (None: not cached)."""
        return self._cached.get(community_id)

    def communities(self) -> list[str]:
        """The communities with a cached snapshot."""
        return list(self._cached)

    def holding(self, resident_id: str) -> str | None:
        """The community of a cached snapshot that knows this resident (None: none does)."""
        for community_id, prepared in self._cached.items():
            if resident_id in prepared.snapshot.people:
                return community_id
        return None

    def knows_skill(self, tag: str) -> bool:
        """Whether a cached snapshot's taxonomy (shared by all communities) has this skill."""
        return any(tag in p.snapshot.skills for p in self._cached.values())

    async def _unchanged(self, found: Prepared) -> bool:
        if self._version is None:
            return False
        return await self._version(found.snapshot.community_id) == found.snapshot.version

    def _ttl(self, found: Prepared) -> float:
        return max(self._ttl_s, self._factor * found.cost_s)

    async def get(self, community_id: str, fresh: bool = False) -> Prepared:
        """The community's snapshot, rebuilt if older than the TTL; `fresh`: one whose reading
        began after this call (concurrent callers share one rebuild)."""
        asked_at = time.monotonic()
        found = self._cached.get(community_id)
        if found is not None and not fresh and found.age_s() < self._ttl(found):
            self._cached.move_to_end(community_id)
            return found
        if (
            found is not None
            and not fresh
            and found.age_s() < max(self._stale_s, 2 * self._ttl(found))
        ):
            if community_id not in self._refreshing:
                task = asyncio.create_task(self._rebuild(community_id, None, only_if_changed=True))
                self._refreshing[community_id] = task
                task.add_done_callback(lambda t: self._refreshed(community_id, t))
            return found
        return await self._rebuild(
            community_id, asked_at if fresh else None, only_if_changed=not fresh
        )

    def _refreshed(self, community_id: str, task: "asyncio.Task[Prepared]") -> None:
        self._refreshing.pop(community_id, None)
        if not task.cancelled() and task.exception() is not None:
            log.warning(
                "background snapshot refresh of %s failed: %s", community_id, task.exception()
            )

    async def _rebuild(
        self, community_id: str, newer_than: float | None, only_if_changed: bool = False
    ) -> Prepared:
        """Build under the community's lock, unless what the lock's holder built will do.

        `newer_than` None: a snapshot younger than the TTL will do, and so will a build that
        another process sharing the builder has in flight (a refresh when the TTL ran out)."""
        lock = self._locks.setdefault(community_id, anyio.Lock())
        async with lock:
            found = self._cached.get(community_id)
            if found is not None and (
                found.started_at >= newer_than
                if newer_than is not None
                else found.age_s() < self._ttl(found)
            ):
                self._cached.move_to_end(community_id)
                return found
            started = time.monotonic()
            if found is not None and only_if_changed and await self._unchanged(found):
                # Nothing was written to this community since it was read: keep it, and
                # look again after another TTL (no seconds of rebuilding for nothing).
                kept = dataclasses.replace(found, built_at=started)
                self._cached[community_id] = kept
                return kept
            prepared = await self._build(community_id, newer_than)
            prepared = dataclasses.replace(
                prepared, cost_s=time.monotonic() - min(started, prepared.started_at)
            )
            log.info(
                "snapshot of %s: %d residents in %.2f s",
                community_id,
                len(prepared.snapshot.people),
                prepared.cost_s,
            )
            self._cached[community_id] = prepared
            self._cached.move_to_end(community_id)
            _keep_out_of_gc()
            while len(self._cached) > self._max:
                evicted, _ = self._cached.popitem(last=False)
                self._locks.pop(evicted, None)
            return prepared
