"""A small TTL cache for the heavier metrics (betweenness, Louvain), with their freshness."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Fresh(Generic[T]):
    value: T
    computed_at: datetime
    age_seconds: float


class TtlCache:
    """Entries live `ttl_seconds`; the least recently used go first beyond `max_entries`."""

    def __init__(
        self,
        ttl_seconds: float,
        max_entries: int = 256,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()  # computations run in worker threads

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> Fresh[T]:
        now = self._clock()
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and now - hit[0] < self._ttl:
                self._entries.move_to_end(key)
        if hit is not None and now - hit[0] < self._ttl:
            at, value = hit
        else:
            at, value = now, compute()
            with self._lock:
                self._entries[key] = (at, value)
                while len(self._entries) > self._max:
                    self._entries.popitem(last=False)
        return Fresh(value, datetime.fromtimestamp(at, UTC), max(0.0, now - at))  # type: ignore[arg-type]

    def put(self, key: Hashable, value: object) -> None:
        """Store a value computed ahead of need (a scheduled refresh), fresh from now."""
        with self._lock:
            self._entries[key] = (self._clock(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
