"""Keeps the residents read model: consumes the residents topic in a background thread.

At-least-once: offsets are committed to Kafka only after the database transaction that applied
the batch; every change is an idempotent upsert, so a batch read twice changes nothing.
Records that cannot be decoded are logged and skipped (matching owns the dead-letter topic).
"""

import logging
import threading
from collections.abc import Callable
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from activities.service_layer.residents_view import project
from activities.service_layer.unit_of_work import UnitOfWork
from shulin_events import RESIDENTS_TOPIC, Envelope, InvalidEvent, decode

log = logging.getLogger(__name__)

UnitOfWorkFactory = Callable[[], UnitOfWork]


class ResidentsViewConsumer:
    def __init__(
        self,
        unit_of_work: UnitOfWorkFactory,
        bootstrap_servers: str,
        group_id: str,
        topic: str = RESIDENTS_TOPIC,
        max_backoff_s: float = 10.0,
    ) -> None:
        self._uow = unit_of_work
        self._bootstrap = bootstrap_servers
        self._group_id = group_id
        self._topic = topic
        self._max_backoff_s = max_backoff_s
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.state = "stopped"  # connecting | consuming | failed | stopped

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="residents-view", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def handle(self, records: list[Any]) -> int:
        """Apply a batch in one transaction; returns how many events changed the read model."""
        events = [e for e in (self._decode(r) for r in records) if e is not None]
        if not events:
            return 0
        try:
            return self._apply(events)
        except (IntegrityError, DataError) as exc:
            # The batch as a whole was refused: apply one by one and skip the faulty ones.
            log.warning("residents view: batch refused, applying one by one: %s", exc)
            applied = 0
            for event in events:
                try:
                    applied += self._apply([event])
                except (IntegrityError, DataError) as one:
                    log.warning(
                        "residents view: skipping event the store refused",
                        extra={"event_id": str(event.event_id), "type": event.type},
                        exc_info=one,
                    )
            return applied

    def _apply(self, events: list[Envelope]) -> int:
        with self._uow() as uow:
            applied = sum(project(uow, e) for e in events)
            uow.commit()
        return applied

    def _decode(self, record: Any) -> Envelope | None:
        try:
            return decode(record.value)
        except InvalidEvent as exc:
            log.warning(
                "residents view: skipping invalid record",
                extra={
                    "topic": record.topic,
                    "partition": record.partition,
                    "offset": record.offset,
                    "reason": exc.reason,
                },
            )
            return None

    def _run(self) -> None:
        try:
            consumer = self._connect()
            if consumer is None:
                return
            try:
                self._consume(consumer)
            finally:
                consumer.close(autocommit=False)
            self.state = "stopped"
        except Exception:
            # A bug, not an outage: stop visibly (/ready turns 503) rather than loop on it.
            self.state = "failed"
            log.exception("residents view: consumer failed")

    def _connect(self) -> KafkaConsumer | None:
        self.state = "connecting"
        backoff = 0.5
        while not self._stopping.is_set():
            try:
                return KafkaConsumer(
                    self._topic,
                    bootstrap_servers=self._bootstrap,
                    group_id=self._group_id,
                    client_id="activities-residents-view",
                    enable_auto_commit=False,
                    auto_offset_reset="earliest",
                    max_poll_records=500,
                )
            except KafkaError as exc:
                log.warning("residents view: waiting for kafka: %s", exc)
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, self._max_backoff_s)
        return None

    def _consume(self, consumer: KafkaConsumer) -> None:
        self.state = "consuming"
        backoff = 0.5
        while not self._stopping.is_set():
            try:
                batch = consumer.poll(timeout_ms=500)
            except KafkaError as exc:  # the client reconnects; keep polling
                log.warning("residents view: kafka unavailable, polling again: %s", exc)
                self._stopping.wait(1.0)
                continue
            records = [r for recs in batch.values() for r in recs]
            if not records:
                continue
            try:
                self.handle(records)
            except OperationalError as exc:
                log.warning("residents view: database unavailable, re-reading batch: %s", exc)
                _rewind(consumer, records)
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, self._max_backoff_s)
                continue
            try:
                consumer.commit()
            except KafkaError as exc:
                # The batch is applied; the next commit covers it, and re-reading it after a
                # restart changes nothing (the view is upserted by resident id).
                log.warning("residents view: kafka unavailable, committing later: %s", exc)
            backoff = 0.5


def _rewind(consumer: KafkaConsumer, records: list[Any]) -> None:
    first: dict[TopicPartition, int] = {}
    for r in records:
        tp = TopicPartition(r.topic, r.partition)
        first[tp] = min(first.get(tp, r.offset), r.offset)
    for tp, offset in first.items():
        consumer.seek(tp, offset)
