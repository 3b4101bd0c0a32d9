"""Kafka → Neo4j ingestion: publish a community's history, time fresh projectors catching up.

    .venv/bin/python -m bench.ingest [--consumers N] [--size bench] [--communities K]

Each run first removes the communities from Neo4j (nodes and remembered event ids), publishes
their history after the topics' current end, and starts N `python -m matching consumer`
processes in one new consumer group at that point. The rate counts from the group's first commit
to the last partition caught up ("sustained"), and from the processes' start ("total").
BENCH_PROJECTOR_LOG=INFO keeps the projectors' per-batch lines (write_ms, waited_for_batch_ms)
in var/bench/log.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, LiteralString

import orjson
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata
from neo4j import GraphDatabase

from bench.history import SEED, History, bench_community, community_history
from shulin_events import ACTIVITIES_TOPIC, RESIDENTS_TOPIC, encode

ROOT = Path(__file__).resolve().parents[1]
TOPICS = [RESIDENTS_TOPIC, ACTIVITIES_TOPIC]
KAFKA = os.environ.get("KAFKA_BOOTSTRAP") or f"127.0.0.1:{os.environ.get('KAFKA_PORT', '9092')}"
NEO4J_URI = f"bolt://127.0.0.1:{os.environ.get('NEO4J_BOLT_PORT', '7687')}"
NEO4J_AUTH = ("neo4j", os.environ.get("NEO4J_PASSWORD", "shulin-dev-password"))

DROP_COMMUNITY: LiteralString = """
MATCH (n) WHERE n.community_id = $c OR n.id = $c
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
"""
FORGET_EVENTS: LiteralString = """
UNWIND $ids AS id
MATCH (e:ProcessedEvent {id: id})
CALL (e) { DELETE e } IN TRANSACTIONS OF 5000 ROWS
"""
# The community's streams ("<topic>/<community id>", matching's `stream_key`; not imported, so
# that `bench/profile/codeab.sh` can run an older projector) forget their processed batches;
# counting their batches up makes a running projector read them again (matching's
# `processed_ids`).
FORGET_STREAMS: LiteralString = """
UNWIND $streams AS key
OPTIONAL MATCH (b:ProcessedBatch {stream: key})
DELETE b
WITH DISTINCT key
MATCH (s:EventStream {key: key})
SET s.batches = s.batches + 1
"""


def histories(
    size: str, communities: int, seed: int = SEED, today: date | None = None
) -> list[History]:
    """`communities` generated communities of the preset (seeds seed, seed+1, …), up to now."""
    return [community_history(bench_community(size, seed + i, today)) for i in range(communities)]


def reset_graph(all_history: list[History]) -> None:
    """Forget the communities in Neo4j, so the next projection starts from nothing."""
    with GraphDatabase.driver(NEO4J_URI, auth=NEO4J_AUTH) as driver, driver.session() as s:
        for h in all_history:
            s.run(DROP_COMMUNITY, c=h.community_id).consume()
            s.run(FORGET_STREAMS, streams=[f"{t}/{h.community_id}" for t in TOPICS]).consume()
            ids = [str(e.event_id) for e in h.residents + h.activities]
            for i in range(0, len(ids), 50_000):
                s.run(FORGET_EVENTS, ids=ids[i : i + 50_000]).consume()


def end_offsets() -> dict[TopicPartition, int]:
    consumer = KafkaConsumer(bootstrap_servers=KAFKA)
    try:
        parts = [TopicPartition(t, p) for t in TOPICS for p in consumer.partitions_for_topic(t)]
        return dict(consumer.end_offsets(parts))
    finally:
        consumer.close()


def publish(all_history: list[History]) -> float:
    """Publish every event (keyed by community); return the seconds it took."""
    producer = KafkaProducer(
        bootstrap_servers=KAFKA, acks="all", linger_ms=20, batch_size=512 * 1024,
        compression_type=None, max_request_size=4 * 1024 * 1024,
    )  # fmt: skip
    t0 = time.perf_counter()
    for h in all_history:
        for topic, events in h.by_topic().items():
            for e in events:
                producer.send(topic, key=e.key, value=encode(e))
    producer.flush(timeout=300)
    producer.close()
    return time.perf_counter() - t0


def start_group_at(group: str, offsets: dict[TopicPartition, int]) -> None:
    consumer = KafkaConsumer(bootstrap_servers=KAFKA, group_id=group, enable_auto_commit=False)
    try:
        consumer.assign(list(offsets))
        consumer.commit({tp: OffsetAndMetadata(off, "", -1) for tp, off in offsets.items()})
    finally:
        consumer.close()


@dataclass
class Ingest:
    events: int
    consumers: int
    total_s: float
    sustained_s: float
    sustained_events: int

    @property
    def sustained_rate(self) -> float:
        return self.sustained_events / self.sustained_s if self.sustained_s > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "consumers": self.consumers,
            "total_s": round(self.total_s, 2),
            "events_per_s_total": round(self.events / self.total_s, 1),
            "events_per_s_sustained": round(self.sustained_rate, 1),
        }


def project(group: str, start: dict[TopicPartition, int], end: dict[TopicPartition, int],
            consumers: int, log_dir: Path, timeout_s: float = 3600) -> Ingest:  # fmt: skip
    """Run `consumers` projector processes in `group` until it committed `end`; time it."""
    start_group_at(group, start)
    total = sum(end[tp] - start[tp] for tp in end)
    env = os.environ | {
        "MATCHING_CONSUMER_GROUP": group,
        "MATCHING_KAFKA_BOOTSTRAP": KAFKA,
        "MATCHING_NEO4J_URI": NEO4J_URI,
        "MATCHING_TOPICS": orjson.dumps(TOPICS).decode(),
        "MATCHING_LOG_LEVEL": os.environ.get("BENCH_PROJECTOR_LOG", "WARNING"),
    }
    log_dir.mkdir(parents=True, exist_ok=True)
    watcher = KafkaConsumer(bootstrap_servers=KAFKA, group_id=group, enable_auto_commit=False)
    procs: list[subprocess.Popen[bytes]] = []
    t0 = time.perf_counter()
    try:
        for i in range(consumers):
            log = (log_dir / f"projector-{group}-{i}.log").open("wb")
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "matching", "consumer"], env=env, stdout=log,
                stderr=subprocess.STDOUT, cwd=ROOT,
            ))  # fmt: skip
        first_at, first_done = 0.0, 0
        while True:
            done = sum(min(end[tp], watcher.committed(tp) or start[tp]) - start[tp] for tp in end)
            now = time.perf_counter()
            if done and not first_at:
                first_at, first_done = now, done
            if done >= total:
                break
            if now - t0 > timeout_s:
                raise TimeoutError(f"projection not caught up after {timeout_s}s: {done}/{total}")
            if any(p.poll() is not None for p in procs):
                raise RuntimeError(f"a projector exited; see {log_dir}")
            time.sleep(0.2)
        finished = time.perf_counter()
    finally:
        watcher.close()
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
    return Ingest(total, consumers, finished - t0, finished - first_at, total - first_done)


def run(
    size: str, communities: int, consumers: int, log_dir: Path, today: date | None = None
) -> tuple[Ingest, float]:
    all_history = histories(size, communities, today=today)
    reset_graph(all_history)
    start = end_offsets()
    published_s = publish(all_history)
    end = end_offsets()
    group = f"bench-ingest-{int(time.time())}-{consumers}"
    return project(group, start, end, consumers, log_dir), published_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="bench")
    parser.add_argument("--communities", type=int, default=1)
    parser.add_argument("--consumers", type=int, default=1)
    args = parser.parse_args()
    ingest, published_s = run(
        args.size, args.communities, args.consumers, ROOT / "var" / "bench" / "log"
    )
    print(orjson.dumps(ingest.as_dict() | {"publish_s": round(published_s, 2)}).decode())


if __name__ == "__main__":
    main()
