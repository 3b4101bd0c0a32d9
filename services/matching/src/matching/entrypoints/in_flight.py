"""The projector's batches between Kafka and Neo4j: which offsets may be committed, where to rewind.

The projector reads, decodes and plans the next batch while Neo4j writes the previous one. Batches are
written in the order they were read. A written batch's offsets are committed; if Neo4j refuses one
(unavailable), it and every batch read after it are abandoned, and each partition is re-read from
the first offset none of them wrote. Abandoned batches are recognised by their generation.
"""

from collections import deque
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from kafka import TopicPartition

from matching.adapters.graph import GraphPlanner
from shulin_events import Envelope


@dataclass(frozen=True)
class Batch:
    """Records of one poll, in order, the events decoded from them, and their writes."""

    generation: int
    records: list[Any]
    events: list[tuple[Any, Envelope]]
    planned: GraphPlanner | None = None

    @cached_property
    def first(self) -> dict[TopicPartition, int]:
        """Each partition's first offset in the batch (where to re-read it from)."""
        first: dict[TopicPartition, int] = {}
        for r in self.records:
            tp = TopicPartition(r.topic, r.partition)
            first[tp] = min(first.get(tp, r.offset), r.offset)
        return first

    @cached_property
    def next(self) -> dict[TopicPartition, int]:
        """Each partition's offset after the batch (what to commit once it is written)."""
        after: dict[TopicPartition, int] = {}
        for r in self.records:
            tp = TopicPartition(r.topic, r.partition)
            after[tp] = max(after.get(tp, 0), r.offset + 1)
        return after


class InFlight:
    """Batches read but not yet written, oldest first (touched by the polling thread only)."""

    def __init__(self) -> None:
        self.generation = 0
        self._batches: deque[Batch] = deque()

    def __len__(self) -> int:
        return len(self._batches)

    def read(
        self,
        records: list[Any],
        events: list[tuple[Any, Envelope]],
        planned: GraphPlanner | None = None,
    ) -> Batch:
        batch = Batch(self.generation, records, events, planned)
        self._batches.append(batch)
        return batch

    def is_current(self, batch: Batch) -> bool:
        return batch.generation == self.generation

    def written(self, batch: Batch) -> bool:
        """The batch is in the graph; True if its offsets are now to be committed."""
        if not self.is_current(batch) or not self._batches or self._batches[0] is not batch:
            return False  # abandoned by a rewind in the meantime
        self._batches.popleft()
        return True

    def refused(self, batch: Batch) -> dict[TopicPartition, int]:
        """Abandon the batch and all read after it; return where each partition is re-read."""
        if not self.is_current(batch):
            return {}
        rewind: dict[TopicPartition, int] = {}
        for b in self._batches:
            for tp, offset in b.first.items():
                rewind[tp] = min(rewind.get(tp, offset), offset)
        self._batches.clear()
        self.generation += 1
        return rewind
