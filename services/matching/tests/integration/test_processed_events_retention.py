"""Processed event ids in the real Neo4j: one batch per stream and transaction, checked against
each projector's copy, forgotten after the keep period."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from neo4j import Driver
from shulin_testkit import unique

from matching.adapters.graph import GraphRepository
from matching.domain.ties import TieRules
from matching.service_layer.processed_events import ForgetProcessedEvents
from matching.service_layer.projection import project, stream_of
from shulin_events import Envelope, new_envelope
from shulin_events.schemas import CommunityRegistered

pytestmark = pytest.mark.integration

PROJECTED_LONG_AGO = """
MATCH (b:ProcessedBatch) WHERE any(id IN b.ids WHERE id IN $ids)
SET b.projected_at = datetime() - duration({days: 40})
"""
REMEMBERED = """
MATCH (b:ProcessedBatch {stream: $stream})
UNWIND b.ids AS id
RETURN collect(id) AS ids, count(DISTINCT b) AS batches, max(b.projected_at) AS at
"""
LEGACY = "CREATE (:ProcessedEvent {id: $id, projected_at: datetime() - duration({days: $days})})"
FIND_LEGACY = "MATCH (e:ProcessedEvent {id: $id}) RETURN e"
FORGET_LEGACY = "MATCH (e:ProcessedEvent {id: $id}) DELETE e"


def _events(n: int, community_id: str | None = None) -> list[Envelope]:
    c = community_id or unique("c")
    return [new_envelope(CommunityRegistered(community_id=c, name="测试社区"), c) for _ in range(n)]


def _remembered(neo4j: Driver, stream: str) -> tuple[set[str], int, datetime | None]:
    records, _, _ = neo4j.execute_query(REMEMBERED, stream=stream)
    at = records[0]["at"]
    return set(records[0]["ids"]), records[0]["batches"], at.to_native() if at else None


def _graph(neo4j: Driver) -> GraphRepository:
    graph = GraphRepository(neo4j, "neo4j")
    graph.ensure_schema()
    return graph


def test_a_transaction_remembers_its_ids_as_one_batch_per_stream(neo4j: Driver) -> None:
    graph = _graph(neo4j)
    events = _events(3)
    before = datetime.now(UTC) - timedelta(minutes=1)
    assert graph.write(lambda w: project(w, events, TieRules())) == 3
    ids, batches, at = _remembered(neo4j, stream_of(events[0]))
    assert (ids, batches) == ({str(e.event_id) for e in events}, 1)
    assert at is not None and at > before
    # delivered again, in part or whole: nothing new, and nothing more remembered
    assert graph.write(lambda w: project(w, events[1:], TieRules())) == 0
    assert _remembered(neo4j, stream_of(events[0]))[:2] == (ids, 1)


def test_a_projector_sees_what_another_projected_on_the_same_stream(neo4j: Driver) -> None:
    first, second = _graph(neo4j), _graph(neo4j)  # two processes' copies
    c = unique("c")
    early, late = _events(2, c), _events(2, c)
    assert first.write(lambda w: project(w, early, TieRules())) == 2
    # the partition moved: the second projector is handed what the first had projected, and more
    assert second.write(lambda w: project(w, early + late, TieRules())) == 2
    # and moved back: the first's copy is behind, so it reads the stream again
    assert first.write(lambda w: project(w, early + late, TieRules())) == 0


def test_two_projectors_on_one_stream_at_once_project_each_event_once(neo4j: Driver) -> None:
    """A rebalance race: the second transaction waits for the first's lock on the stream, then
    finds its ids."""
    first, second = _graph(neo4j), _graph(neo4j)
    events = _events(3)
    claimed, release = threading.Event(), threading.Event()
    second.write(lambda w: project(w, _events(1, events[0].community_id), TieRules()))

    def slow(w: object) -> int:
        new = project(w, events, TieRules())  # type: ignore[arg-type]
        claimed.set()
        release.wait(10)
        return new

    results: dict[str, int] = {}
    thread = threading.Thread(target=lambda: results.update(first=first.write(slow)))
    thread.start()
    assert claimed.wait(10)
    racing = threading.Thread(
        target=lambda: results.update(second=second.write(lambda w: project(w, events, TieRules())))
    )
    racing.start()
    racing.join(1.0)
    assert racing.is_alive()  # waiting for the first transaction's lock on the stream
    release.set()
    thread.join(10)
    racing.join(10)
    assert results == {"first": 3, "second": 0}


def test_ids_are_forgotten_only_after_the_keep_period(neo4j: Driver) -> None:
    graph = _graph(neo4j)
    c = unique("c")
    old, recent = _events(2, c), _events(1, c)
    graph.write(lambda w: project(w, old, TieRules()))
    graph.write(lambda w: project(w, recent, TieRules()))
    neo4j.execute_query(PROJECTED_LONG_AGO, ids=[str(e.event_id) for e in old])
    legacy = unique("legacy-id")  # kept one per node before session 12, projected long ago
    neo4j.execute_query(LEGACY, id=legacy, days=40)

    assert ForgetProcessedEvents(graph, keep_days=30, check_s=3600).run_due() >= 2
    assert not neo4j.execute_query(FIND_LEGACY, id=legacy).records
    assert _remembered(neo4j, stream_of(recent[0]))[:2] == ({str(recent[0].event_id)}, 1)
    # a new projector reads only what is kept: the id still remembered keeps its event a no-op
    assert _graph(neo4j).write(lambda w: project(w, recent, TieRules())) == 0
    assert _graph(neo4j).write(lambda w: project(w, old, TieRules())) == 2


def test_ids_remembered_one_per_node_still_count(neo4j: Driver) -> None:
    """A graph projected before session 12 kept each id as a node of its own."""
    event = _events(1)[0]
    neo4j.execute_query(LEGACY, id=str(event.event_id), days=0)
    try:
        assert _graph(neo4j).write(lambda w: project(w, [event], TieRules())) == 0
    finally:  # left behind, it would make every later projector look ids up among them
        neo4j.execute_query(FORGET_LEGACY, id=str(event.event_id))
