"""A per-community snapshot cache: built from the graph, prepared off the event loop, with a TTL."""

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import anyio
import anyio.to_thread

from matching.recommend.snapshot import Snapshot
from matching.recommend.text import TagSimilarity

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    snapshot: Snapshot
    similarity: TagSimilarity
    built_at: float  # time.monotonic()

    def age_s(self) -> float:
        return max(0.0, time.monotonic() - self.built_at)


def prepare(snapshot: Snapshot) -> Prepared:
    """The CPU-heavy part (indexes, centrality, TF-IDF): run in a worker thread."""
    snapshot.warm_up()
    return Prepared(snapshot, TagSimilarity(snapshot.skills | snapshot.interests), time.monotonic())


class SnapshotCache:
    """Snapshots per community. One older than the TTL but younger than `stale_s` is still
    served while a fresh one is built in the background, so requests never queue behind a
    rebuild of a large community (seconds at 20,000 residents); older ones are rebuilt first."""

    def __init__(
        self,
        load: Callable[[str], Awaitable[Snapshot]],
        ttl_s: float,
        max_communities: int = 32,
        stale_s: float = 0.0,
    ) -> None:
        self._load = load
        self._ttl_s = ttl_s
        self._stale_s = max(stale_s, ttl_s)
        self._max = max_communities
        self._cached: OrderedDict[str, Prepared] = OrderedDict()
        self._locks: dict[str, anyio.Lock] = {}
        self._refreshing: dict[str, asyncio.Task[Prepared]] = {}

    async def get(self, community_id: str, fresh: bool = False) -> Prepared:
        """The community's snapshot, rebuilt if older than the TTL (or `fresh` is asked for)."""
        found = self._cached.get(community_id)
        if found is not None and not fresh and self._ttl_s <= found.age_s() < self._stale_s:
            if community_id not in self._refreshing:
                task = asyncio.create_task(self._rebuild(community_id, fresh=True))
                self._refreshing[community_id] = task
                task.add_done_callback(lambda t: self._refreshed(community_id, t))
            return found
        return await self._rebuild(community_id, fresh)

    def _refreshed(self, community_id: str, task: "asyncio.Task[Prepared]") -> None:
        self._refreshing.pop(community_id, None)
        if not task.cancelled() and task.exception() is not None:
            log.warning(
                "background snapshot refresh of %s failed: %s", community_id, task.exception()
            )

    async def _rebuild(self, community_id: str, fresh: bool) -> Prepared:
        lock = self._locks.setdefault(community_id, anyio.Lock())
        async with lock:
            found = self._cached.get(community_id)
            if found is not None and not fresh and found.age_s() < self._ttl_s:
                self._cached.move_to_end(community_id)
                return found
            snapshot = await self._load(community_id)
            prepared = await anyio.to_thread.run_sync(prepare, snapshot)
            self._cached[community_id] = prepared
            self._cached.move_to_end(community_id)
            while len(self._cached) > self._max:
                evicted, _ = self._cached.popitem(last=False)
                self._locks.pop(evicted, None)
            return prepared
