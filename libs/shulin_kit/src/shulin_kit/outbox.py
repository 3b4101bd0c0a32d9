"""Transactional outbox: events are written with the change, then relayed to Kafka.

A service adds `outbox_table(metadata)` to its own schema and calls `add_to_outbox` inside the
transaction that makes the change. `OutboxRelay` publishes unsent rows in order and marks them
sent only after Kafka acknowledged them, so a Kafka outage delays events but never loses them and
never fails the user's request.
"""

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    delete,
    func,
    select,
    update,
)

from shulin_events.envelope import Envelope, encode
from shulin_kit.store import open_connection

log = logging.getLogger(__name__)


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column(
            "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
        ),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("topic", String(100), nullable=False),
        Column("key", String(100), nullable=False),
        Column("value", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True), nullable=True, index=True),
    )


def add_to_outbox(
    conn: Connection, table: Table, topic: str, envelopes: Sequence[Envelope]
) -> None:
    """Write events in the caller's transaction; they are published only if it commits."""
    if not envelopes:
        return
    now = datetime.now(UTC)
    conn.execute(
        table.insert(),
        [
            {
                "event_id": str(e.event_id),
                "topic": topic,
                "key": e.community_id,
                "value": encode(e),
                "created_at": now,
            }
            for e in envelopes
        ],
    )


def forget_mentions(conn: Connection, table: Table, key: str, needle: str) -> int:
    """Erasure: delete `key`'s outbox rows (a community's) that mention `needle`, sent or not.

    Sent rows are kept as a record; an erased resident's name or posts must not stay in them.
    Matched in Python, not SQL, since SQLite's LIKE does not search blobs.
    """
    mark = needle.encode()
    rows = conn.execute(select(table.c.id, table.c.value).where(table.c.key == key))
    mentioning = [r.id for r in rows if mark in r.value]
    if mentioning:
        conn.execute(delete(table).where(table.c.id.in_(mentioning)))
    return len(mentioning)


class Publisher(Protocol):
    """What the relay needs of Kafka: send a batch and raise unless every record was acked."""

    def publish(self, records: Sequence[tuple[str, bytes, bytes]]) -> None: ...

    def close(self) -> None: ...


class OutboxRelay:
    """Publishes unsent outbox rows in insertion order; safe to run in several processes."""

    def __init__(
        self,
        engine: Engine,
        table: Table,
        publisher_factory: Callable[[], Publisher],
        batch_size: int = 500,
        idle_wait_s: float = 1.0,
        max_backoff_s: float = 15.0,
    ) -> None:
        self._engine = engine
        self._table = table
        self._publisher_factory = publisher_factory
        self._publisher: Publisher | None = None
        self._batch_size = batch_size
        self._idle_wait_s = idle_wait_s
        self._max_backoff_s = max_backoff_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def publish_pending(self) -> int:
        """Publish one batch; return how many rows were sent. Raises if Kafka did not ack.

        No database transaction is held while Kafka is waited for. Two relays may both publish a
        row before either marks it: delivery is at-least-once and consumers drop repeated
        event ids.
        """
        t = self._table
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(t.c.id, t.c.topic, t.c.key, t.c.value)
                .where(t.c.sent_at.is_(None))
                .order_by(t.c.id)
                .limit(self._batch_size)
            ).all()
        if not rows:
            return 0
        if self._publisher is None:
            self._publisher = self._publisher_factory()
        self._publisher.publish([(r.topic, r.key.encode(), r.value) for r in rows])
        with open_connection(self._engine, write=True) as conn, conn.begin():
            conn.execute(
                update(t).where(t.c.id.in_([r.id for r in rows])).values(sent_at=datetime.now(UTC))
            )
        return len(rows)

    def pending_count(self) -> int:
        t = self._table
        with self._engine.connect() as conn:
            return conn.execute(select(func.count()).where(t.c.sent_at.is_(None))).scalar_one()

    def notify(self) -> None:
        """Called after a commit that wrote outbox rows, so they go out without waiting."""
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._drop_publisher()

    def _run(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            try:
                sent = self.publish_pending()
                backoff = 0.5
            except Exception as exc:  # Kafka or DB unavailable: keep the rows, retry later.
                log.warning("outbox relay: publish failed, retrying in %.1fs: %s", backoff, exc)
                self._drop_publisher()
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self._max_backoff_s)
                continue
            if sent == 0:
                self._wake.wait(self._idle_wait_s)
                self._wake.clear()

    def _drop_publisher(self) -> None:
        if self._publisher is not None:
            try:
                self._publisher.close()
            except Exception as exc:
                log.debug("outbox relay: closing publisher failed: %s", exc)
            self._publisher = None


class KafkaPublisher:
    """kafka-python producer that waits for every ack (acks=all, idempotent)."""

    def __init__(self, bootstrap_servers: str, client_id: str, timeout_s: float = 10.0) -> None:
        from kafka import KafkaProducer

        self._timeout_s = timeout_s
        self._producer = KafkaProducer(
            bootstrap_servers=bootstrap_servers,
            client_id=client_id,
            acks="all",
            linger_ms=5,
            max_block_ms=int(timeout_s * 1000),
            request_timeout_ms=int(timeout_s * 1000),
        )

    def publish(self, records: Sequence[tuple[str, bytes, bytes]]) -> None:
        futures: list[Any] = [
            self._producer.send(topic, key=key, value=value) for topic, key, value in records
        ]
        self._producer.flush(timeout=self._timeout_s)
        for future in futures:
            future.get(timeout=self._timeout_s)

    def close(self) -> None:
        self._producer.close(timeout=2)
