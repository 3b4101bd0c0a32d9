"""Forgetting the ids of processed events once no copy of those events can arrive again."""

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

log = logging.getLogger(__name__)


class ProcessedEventStore(Protocol):
    def forget_events_before(self, before: datetime, limit: int) -> int:
        """Forget up to `limit` records of ids (a transaction's list of them, or before session
        12 a single id) projected before `before`; return how many."""
        ...


class ForgetProcessedEvents:
    """Every `check_s`, forget the ids of events projected more than `keep_days` ago (each
    projector's copy in memory forgets them by itself).

    A remembered id is what turns a redelivered event into a no-op. Kafka redelivers only what
    its topics still hold (7 days by default) and an outbox relay retries within minutes, so
    `keep_days` must exceed both; 0 keeps every id. Without this the ids grow with every event
    ever projected (a 20,000-resident community: ~150,000 a year).
    """

    def __init__(
        self,
        store: ProcessedEventStore,
        keep_days: float,
        check_s: float,
        batch: int = 10_000,
        max_batches: int = 20,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._store = store
        self._keep = timedelta(days=keep_days)
        self._check_s = check_s
        self._batch = batch
        self._max_batches = max_batches  # the rest waits for the next check
        self._clock = clock
        self._now = now
        self._next_at: float | None = None  # the first check runs at once

    def run_due(self) -> int:
        """Forget what is due, if a check is due; return how many records were forgotten (a
        transaction's list of ids, or a single id kept before session 12)."""
        if not self._keep or (self._next_at is not None and self._clock() < self._next_at):
            return 0
        self._next_at = self._clock() + self._check_s
        before = self._now() - self._keep
        forgotten = 0
        for _ in range(self._max_batches):
            done = self._store.forget_events_before(before, self._batch)
            forgotten += done
            if done < self._batch:
                break
        if forgotten:
            log.info(
                "forgot records of processed event ids",
                extra={"forgotten": forgotten, "projected_before": before.isoformat()},
            )
        return forgotten
