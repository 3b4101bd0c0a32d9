"""Helpers for tests that run against the real servers: waiting, Kafka offsets, publishing."""

import os
import time
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

from shulin_events import Envelope, encode

T = TypeVar("T")

KAFKA = f"127.0.0.1:{os.environ.get('KAFKA_PORT', '9092')}"
NEO4J_URI = f"bolt://127.0.0.1:{os.environ.get('NEO4J_BOLT_PORT', '7687')}"


def wait_until(
    probe: Callable[[], T | None], timeout_s: float = 60, interval_s: float = 0.25, what: str = ""
) -> T:
    """Poll `probe` until it returns something truthy; fail with `what` after the timeout."""
    deadline = time.monotonic() + timeout_s
    last: T | None = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(interval_s)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what or probe}; last={last!r}")


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def end_offsets(topics: Iterable[str], bootstrap: str = KAFKA) -> dict[TopicPartition, int]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            for p in consumer.partitions_for_topic(topic)
        ]
        return dict(consumer.end_offsets(partitions))
    finally:
        consumer.close()


def published_since(offsets: dict[TopicPartition, int], bootstrap: str = KAFKA) -> list[bytes]:
    """Every record value published on those partitions from `offsets` to their end now."""
    ends = end_offsets({tp.topic for tp in offsets}, bootstrap)
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    values: list[bytes] = []
    try:
        wanted = [tp for tp in offsets if ends[tp] > offsets[tp]]
        consumer.assign(wanted)
        for tp in wanted:
            consumer.seek(tp, offsets[tp])
        left = {tp: ends[tp] for tp in wanted}
        deadline = time.monotonic() + 60
        while left:
            if time.monotonic() > deadline:
                raise AssertionError(f"records still unread after 60 s: {left}")
            for tp, records in consumer.poll(timeout_ms=1000).items():
                values += [r.value for r in records if r.offset < ends[tp]]
                if records and records[-1].offset + 1 >= ends[tp]:
                    left.pop(tp, None)
    finally:
        consumer.close()
    return values


def start_group_at(group: str, offsets: dict[TopicPartition, int], bootstrap: str = KAFKA) -> None:
    """Commit `offsets` for a new consumer group, so it reads only what comes after them."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        consumer.assign(list(offsets))
        consumer.commit({tp: OffsetAndMetadata(off, "", -1) for tp, off in offsets.items()})
    finally:
        consumer.close()


def group_caught_up(group: str, topics: Iterable[str], bootstrap: str = KAFKA) -> bool:
    """True once the group has committed every partition's end offset."""
    ends = end_offsets(topics, bootstrap)
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        return all((consumer.committed(tp) or 0) >= end for tp, end in ends.items())
    finally:
        consumer.close()


def publish(
    topic: str, records: Iterable[Envelope | bytes], key: bytes = b"", bootstrap: str = KAFKA
) -> None:
    """Publish envelopes (keyed by community) or raw bytes (poison records) and wait for acks."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    try:
        futures = []
        for record in records:
            if isinstance(record, Envelope):
                futures.append(producer.send(topic, key=record.key, value=encode(record)))
            else:
                futures.append(producer.send(topic, key=key or None, value=record))
        producer.flush()
        for f in futures:
            f.get(timeout=30)
    finally:
        producer.close()
