"""Which events each stream has had projected: the projector's copy of the graph's record.

The graph records the ids a transaction projected as one `ProcessedBatch` node per stream (one
producer's topic for one community: what Kafka keeps in order), not as one node per id. Creating
and committing a node and two index entries per event was ~25 % of the projection's time.

A projector checks a batch against its in-memory copy of its streams' ids. The copy is trusted
only while it is complete. Every transaction first counts up its streams' `EventStream.batches`,
which holds each stream's write lock until it commits. If the count found is not the one this
process last wrote, another projector (or a reset) wrote the stream meanwhile, and its ids are
read again from the graph, under that lock, before the batch is checked.
"""

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

LEGACY_CHECK_S = 600.0


@dataclass
class _Stream:
    batches: int  # the stream's EventStream.batches that `ids` are complete up to
    ids: set[str] = field(default_factory=set)
    recorded: deque[tuple[float, list[str]]] = field(default_factory=deque)  # (epoch s, ids)


class ProcessedIds:
    """Ids projected within the last `keep_s` seconds (None: all), per stream."""

    def __init__(self, keep_s: float | None, clock: Callable[[], float] = time.time) -> None:
        self.keep_s = keep_s
        self._clock = clock
        self._streams: dict[str, _Stream] = {}
        # Ids remembered one per node (before session 12) are looked up in the graph while any
        # are left; whether any are is asked again every LEGACY_CHECK_S.
        self.legacy_left = True
        self._legacy_checked_at: float | None = None

    def legacy_due(self) -> bool:
        at = self._legacy_checked_at
        return self.legacy_left and (at is None or self._clock() - at >= LEGACY_CHECK_S)

    def legacy_checked(self, left: bool) -> None:
        self.legacy_left, self._legacy_checked_at = left, self._clock()

    def since(self) -> float:
        """Epoch seconds from which projected ids are kept (0: all)."""
        return 0.0 if self.keep_s is None else self._clock() - self.keep_s

    def is_complete(self, stream: str, batches: int) -> bool:
        """Whether the copy of `stream` holds every batch up to its `batches`-th."""
        known = self._streams.get(stream)
        return known is not None and known.batches == batches

    def reload(
        self, stream: str, batches: int, recorded: Iterable[tuple[float, list[str]]]
    ) -> None:
        """Replace the copy of `stream` with what the graph holds after `batches` batches."""
        known = _Stream(batches)
        for at, ids in sorted(recorded, key=lambda r: r[0]):
            known.recorded.append((at, ids))
            known.ids.update(ids)
        self._streams[stream] = known

    def seen(self, stream: str, ids: Iterable[str]) -> set[str]:
        known = self._streams[stream]
        self._forget_old(known)
        return {i for i in ids if i in known.ids}

    def add(self, stream: str, batches: int, ids: list[str]) -> None:
        """After a commit: the stream's `batches`-th batch projected `ids` (maybe none)."""
        known = self._streams.get(stream)
        if known is None or known.batches != batches - 1:
            self._streams.pop(stream, None)  # not complete: read again when next needed
            return
        known.batches = batches
        if ids:
            known.recorded.append((self._clock(), ids))
            known.ids.update(ids)

    def _forget_old(self, known: _Stream) -> None:
        since = self.since()
        while known.recorded and known.recorded[0][0] < since:
            _, ids = known.recorded.popleft()
            known.ids.difference_update(ids)
