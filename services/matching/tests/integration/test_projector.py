"""The projector against the real Kafka and Neo4j: idempotent, at-least-once, dead letters."""

import base64
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from kafka import KafkaConsumer
from neo4j import Driver
from shulin_testkit import (
    KAFKA,
    end_offsets,
    group_caught_up,
    publish,
    start_group_at,
    unique,
    wait_until,
)

from matching.config import Settings
from matching.entrypoints.consumer import Projector
from shulin_events import DEAD_LETTER_TOPIC, RESIDENTS_TOPIC, Envelope, encode, new_envelope
from shulin_events.schemas import (
    BuildingAdded,
    CommunityRegistered,
    ResidentRegistered,
    ResidentRemoved,
)

pytestmark = pytest.mark.integration
TOPICS = [RESIDENTS_TOPIC]

GRAPH_OF_COMMUNITY = """
MATCH (n) WHERE n.community_id = $c OR n.id = $c
OPTIONAL MATCH (n)-[r]->()
RETURN count(DISTINCT n) AS nodes, count(r) AS rels,
       count(DISTINCT CASE WHEN n:Resident THEN n END) AS residents
"""
RESIDENTS_OF = "MATCH (r:Resident {community_id: $c})-[:LIVES_IN]->(:Building) RETURN count(r) AS n"


def community_history(n_residents: int) -> tuple[str, list[Envelope]]:
    c, b = unique("c"), unique("b")
    events: list[Envelope] = [
        new_envelope(CommunityRegistered(community_id=c, name="测试社区"), c),
        new_envelope(BuildingAdded(building_id=b, community_id=c, name="1栋", floors=30), c),
    ]
    events += [
        new_envelope(
            ResidentRegistered(
                resident_id=f"{c}-r{i}",
                community_id=c,
                building_id=b,
                floor=i % 30 + 1,
            ),
            c,
        )
        for i in range(n_residents)
    ]
    return c, events


def graph_of(neo4j: Driver, community_id: str) -> dict[str, int]:
    records, _, _ = neo4j.execute_query(GRAPH_OF_COMMUNITY, c=community_id)
    return dict(records[0])


@pytest.fixture
def run_projector(servers: None) -> Iterator[Any]:
    """Start an in-process projector for a consumer group; all are stopped at teardown."""
    running: list[tuple[Projector, threading.Thread]] = []

    def start(group: str) -> Projector:
        projector = Projector(Settings(consumer_group=group, topics=TOPICS))
        thread = threading.Thread(target=projector.run, daemon=True)
        thread.start()
        running.append((projector, thread))
        return projector

    yield start
    for projector, thread in running:
        projector.stop()
        thread.join(30)


def test_events_are_projected_and_a_replay_changes_nothing(
    neo4j: Driver, run_projector: Any
) -> None:
    community, history = community_history(20)
    history.append(
        new_envelope(
            ResidentRemoved(resident_id=f"{community}-r0", community_id=community), community
        )
    )
    before = end_offsets(TOPICS)
    first, replay = unique("projector"), unique("replay")
    start_group_at(first, before)
    start_group_at(replay, before)

    publish(RESIDENTS_TOPIC, history)
    run_projector(first)
    wait_until(lambda: group_caught_up(first, TOPICS), what="first projection")
    projected = graph_of(neo4j, community)
    assert projected["residents"] == 19
    assert projected["nodes"] == 1 + 1 + 19  # community, building, residents

    publish(RESIDENTS_TOPIC, history)  # duplicate delivery of every event
    run_projector(replay)  # and a second projector replaying the topic from the same point
    wait_until(
        lambda: group_caught_up(first, TOPICS) and group_caught_up(replay, TOPICS), what="replay"
    )
    assert graph_of(neo4j, community) == projected


def test_poison_events_go_to_the_dead_letter_topic_and_the_consumer_carries_on(
    neo4j: Driver, run_projector: Any
) -> None:
    community, history = community_history(1)
    good = history[0]
    valid = orjson.loads(encode(good))
    poison = {
        b"{broken json": "not JSON",
        orjson.dumps(valid | {"type": "Teleported"}): "unknown event type",
        orjson.dumps(valid | {"version": 7}): "unsupported version 7",
        orjson.dumps(
            valid | {"payload": {"community_id": community}}
        ): "payload.name: Field required",
    }
    group = unique("poison")
    start_group_at(group, end_offsets(TOPICS))
    dead_start = end_offsets([DEAD_LETTER_TOPIC])

    publish(RESIDENTS_TOPIC, list(poison), key=community.encode())
    publish(RESIDENTS_TOPIC, [good])
    run_projector(group)
    wait_until(lambda: group_caught_up(group, TOPICS), what="projector past the poison")
    assert graph_of(neo4j, community)["nodes"] == 1

    consumer = KafkaConsumer(bootstrap_servers=KAFKA, consumer_timeout_ms=3000)
    consumer.assign(list(dead_start))
    for tp, offset in dead_start.items():
        consumer.seek(tp, offset)
    letters = [
        letter
        for letter in (orjson.loads(r.value) for r in consumer)
        if letter.get("consumer_group") == group and letter["key"] == community
    ]
    consumer.close()
    assert len(letters) == len(poison)
    by_value = {base64.b64decode(letter["value_base64"]): letter for letter in letters}
    for raw, reason in poison.items():
        assert reason in by_value[raw]["reason"]
        assert by_value[raw]["source"]["topic"] == RESIDENTS_TOPIC


def test_killing_the_consumer_mid_stream_loses_and_doubles_nothing(
    neo4j: Driver, servers: None
) -> None:
    community, history = community_history(3000)
    group = unique("crash")
    start_group_at(group, end_offsets(TOPICS))
    publish(RESIDENTS_TOPIC, history)
    env = os.environ | {
        "MATCHING_CONSUMER_GROUP": group,
        "MATCHING_TOPICS": orjson.dumps(TOPICS).decode(),
        "MATCHING_BATCH_MAX_RECORDS": "100",
    }

    def count() -> int:
        records, _, _ = neo4j.execute_query(RESIDENTS_OF, c=community)
        return int(records[0]["n"])

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "matching", "consumer"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    consumer = start()
    try:
        wait_until(lambda: count() > 0, timeout_s=60, interval_s=0.05, what="first batches")
        consumer.send_signal(signal.SIGKILL)
        consumer.wait(10)
        killed_at = count()
        assert killed_at < 3000, "the consumer finished before it could be killed"
        consumer = start()
        wait_until(lambda: group_caught_up(group, TOPICS), timeout_s=120, what="restarted consumer")
    finally:
        consumer.kill()
        consumer.wait(10)
    assert count() == 3000
    assert graph_of(neo4j, community)["nodes"] == 3002
