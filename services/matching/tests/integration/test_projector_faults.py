"""Faults during the projection of a large history, on both topics, counted exactly afterwards.

A kill -9 of the consumer process mid-stream, and a restart of Neo4j mid-stream: the graph ends
with exactly the expected residents, ties and memberships (nothing lost, nothing doubled).
"""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from neo4j import Driver
from shulin_testkit import end_offsets, group_caught_up, publish, start_group_at, unique, wait_until

from shulin_events import ACTIVITIES_TOPIC, RESIDENTS_TOPIC, Envelope, new_envelope
from shulin_events import schemas as ev

# heavy: thousands of events into the shared topics — after every test that waits on a consumer.
pytestmark = [pytest.mark.integration, pytest.mark.heavy]
TOPICS = [RESIDENTS_TOPIC, ACTIVITIES_TOPIC]
INFRA = Path(__file__).resolve().parents[4] / "infra"
RESIDENTS, PAIRS = 4000, 3000  # PAIRS confirmed (ties) + PAIRS only declared (no tie)

COUNTS = """
MATCH (r:Resident {community_id: $c})
OPTIONAL MATCH (r)-[m:MEMBER_OF]->(:Group)
WITH count(DISTINCT r) AS residents, count(m) AS memberships
OPTIONAL MATCH (a:Resident {community_id: $c})-[k:KNOWS]->(:Resident)
OPTIONAL MATCH (a)-[e:EVIDENCE]->(:Resident)
RETURN residents, memberships, count(DISTINCT k) AS ties, count(DISTINCT e) AS evidence
"""


def large_history() -> tuple[str, list[Envelope], list[Envelope], dict[str, int]]:
    """A community of RESIDENTS residents, ties between PAIRS pairs, everyone in a group."""
    c, b, g = unique("c"), unique("b"), unique("g")
    people = [f"{c}-r{i:05d}" for i in range(RESIDENTS)]
    residents: list[Envelope] = [
        new_envelope(ev.CommunityRegistered(community_id=c, name="压测社区"), c),
        new_envelope(ev.BuildingAdded(building_id=b, community_id=c, name="1栋", floors=30), c),
    ]
    residents += [
        new_envelope(
            ev.ResidentRegistered(
                resident_id=r,
                community_id=c,
                building_id=b,
                floor=i % 30 + 1,
            ),
            c,
        )
        for i, r in enumerate(people)
    ]
    for i in range(PAIRS):
        tie = (people[i], people[i + 1])
        maybe = (people[i], people[(i + 7) % RESIDENTS])
        for a, z in (tie, maybe):
            residents.append(new_envelope(ev.AcquaintanceDeclared(
                community_id=c, from_resident_id=a, to_resident_id=z), c))  # fmt: skip
        residents.append(new_envelope(ev.AcquaintanceConfirmed(
            community_id=c, from_resident_id=tie[0], to_resident_id=tie[1]), c))  # fmt: skip
    activities = [
        new_envelope(
            ev.GroupCreated(group_id=g, community_id=c, name="太极队", kind="interest_group"), c
        )
    ]
    activities += [
        new_envelope(ev.GroupJoined(group_id=g, community_id=c, resident_id=r), c) for r in people
    ]
    expected = {
        "residents": RESIDENTS, "memberships": RESIDENTS, "ties": PAIRS, "evidence": 3 * PAIRS,
    }  # fmt: skip
    return c, residents, activities, expected


def counts(neo4j: Driver, community: str) -> dict[str, int]:
    records, _, _ = neo4j.execute_query(COUNTS, c=community)
    return dict(records[0])


@pytest.fixture
def consumer_process(servers: None) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A consumer group of its own at the topics' end; projector processes started in it."""
    group = unique("faults")
    start_group_at(group, end_offsets(TOPICS))
    procs: list[subprocess.Popen[bytes]] = []
    yield group, procs
    for p in procs:
        p.kill()
        p.wait(10)


def start(group: str, procs: list[subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "MATCHING_CONSUMER_GROUP": group,
        "MATCHING_TOPICS": orjson.dumps(TOPICS).decode(),
        "MATCHING_BATCH_MAX_RECORDS": "500",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "matching", "consumer"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    procs.append(proc)
    return proc


def test_kill_9_mid_projection_of_a_large_history_loses_and_doubles_nothing(
    neo4j: Driver, consumer_process: tuple[str, list[subprocess.Popen[bytes]]]
) -> None:
    group, procs = consumer_process
    community, residents, activities, expected = large_history()
    publish(RESIDENTS_TOPIC, residents)
    publish(ACTIVITIES_TOPIC, activities)
    first = start(group, procs)
    wait_until(
        lambda: counts(neo4j, community)["residents"] > 500,
        timeout_s=120, interval_s=0.05, what="the first batches",
    )  # fmt: skip
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert counts(neo4j, community) != expected, "finished before it could be killed"
    start(group, procs)
    wait_until(lambda: group_caught_up(group, TOPICS), timeout_s=240, what="the restarted consumer")
    assert counts(neo4j, community) == expected


@pytest.mark.disruptive
def test_neo4j_restarting_mid_projection_the_consumer_backs_off_and_resumes(
    neo4j: Driver, consumer_process: tuple[str, list[subprocess.Popen[bytes]]]
) -> None:
    group, procs = consumer_process
    community, residents, activities, expected = large_history()
    publish(RESIDENTS_TOPIC, residents)
    publish(ACTIVITIES_TOPIC, activities)
    consumer = start(group, procs)
    wait_until(
        lambda: counts(neo4j, community)["residents"] > 500,
        timeout_s=120, interval_s=0.05, what="the first batches",
    )  # fmt: skip
    subprocess.run([str(INFRA / "down"), "neo4j"], check=True, timeout=180)
    try:
        assert consumer.poll() is None, "the consumer died with Neo4j"
    finally:
        subprocess.run([str(INFRA / "up"), "neo4j"], check=True, timeout=300)
    wait_until(lambda: group_caught_up(group, TOPICS), timeout_s=300, what="projection resumed")
    assert consumer.poll() is None, "the same consumer process carried on"
    assert counts(neo4j, community) == expected
