"""Processed event ids in the real Neo4j: remembered with their projection time, forgotten after."""

from datetime import UTC, datetime, timedelta

import pytest
from neo4j import Driver
from shulin_testkit import unique

from matching.adapters.graph import GraphRepository
from matching.domain.ties import TieRules
from matching.service_layer.processed_events import ForgetProcessedEvents
from matching.service_layer.projection import project
from shulin_events import Envelope, new_envelope
from shulin_events.schemas import CommunityRegistered

pytestmark = pytest.mark.integration

PROJECTED_LONG_AGO = """
MATCH (e:ProcessedEvent) WHERE e.id IN $ids
SET e.projected_at = datetime() - duration({days: 40})
"""
REMEMBERED = "MATCH (e:ProcessedEvent) WHERE e.id IN $ids RETURN collect(e.id) AS ids"


def _events(n: int) -> list[Envelope]:
    return [
        new_envelope(CommunityRegistered(community_id=(c := unique("c")), name="测试社区"), c)
        for _ in range(n)
    ]


def _remembered(neo4j: Driver, events: list[Envelope]) -> set[str]:
    records, _, _ = neo4j.execute_query(REMEMBERED, ids=[str(e.event_id) for e in events])
    return set(records[0]["ids"])


def test_ids_are_forgotten_only_after_the_keep_period(neo4j: Driver) -> None:
    graph = GraphRepository(neo4j, "neo4j")
    graph.ensure_schema()
    events = _events(3)
    assert graph.write(lambda w: project(w, events, TieRules())) == 3
    before_projection = datetime.now(UTC) - timedelta(minutes=1)
    records, _, _ = neo4j.execute_query(
        "MATCH (e:ProcessedEvent {id: $id}) RETURN e.projected_at AS at", id=str(events[0].event_id)
    )
    assert records[0]["at"].to_native() > before_projection

    old, recent = events[:2], events[2:]
    neo4j.execute_query(PROJECTED_LONG_AGO, ids=[str(e.event_id) for e in old])
    assert ForgetProcessedEvents(graph, keep_days=30, check_s=3600).run_due() >= 2
    assert _remembered(neo4j, events) == {str(recent[0].event_id)}
    # the id still remembered keeps its event a no-op when delivered again
    assert graph.write(lambda w: project(w, recent, TieRules())) == 0
