"""Derived tie evidence (shared small groups, repeated co-attendance) on the real Neo4j."""

from typing import Any

import pytest
from neo4j import Driver
from shulin_testkit import unique

from matching.adapters.graph import GraphRepository
from matching.adapters.graph.derived_store import DerivedTieStore
from matching.domain.derived_ties import DerivedTieRules
from matching.domain.ties import TieRules
from matching.service_layer.derived_ties import DerivedTiesJob, derive_ties
from matching.service_layer.projection import project
from shulin_events import Envelope, new_envelope
from shulin_events import schemas as ev
from shulin_events.schemas import GLOBAL_COMMUNITY

pytestmark = pytest.mark.integration


def run(neo4j: Driver, events: list[Envelope]) -> None:
    graph = GraphRepository(neo4j, "neo4j")
    graph.ensure_schema()
    graph.write(lambda w: project(w, events, TieRules()))


def ties(neo4j: Driver, c: str) -> dict[tuple[str, str], tuple[float, set[str]]]:
    q = "MATCH (a:Resident {community_id:$c})-[k:KNOWS]->(b) RETURN a.id, b.id, k.weight, k.sources"
    records, _, _ = neo4j.execute_query(q, c=c)
    return {(r[0], r[1]): (r[2], set(r[3])) for r in records}


def evidence(neo4j: Driver, c: str) -> list[Any]:
    q = (
        "MATCH (a:Resident {community_id:$c})-[e:EVIDENCE]->(b) "
        "RETURN a.id, b.id, e.source, e.ref ORDER BY a.id, b.id, e.source, e.ref"
    )
    records, _, _ = neo4j.execute_query(q, c=c)
    return [tuple(r) for r in records]


class Town:
    def __init__(self) -> None:
        self.c, self.b = unique("c"), unique("b")
        self.r = sorted(unique("r") for _ in range(5))

    def e(self, p: ev.Payload) -> Envelope:
        return new_envelope(p, self.c)

    def people(self) -> list[Envelope]:
        return [
            self.e(ev.CommunityRegistered(community_id=self.c, name="南湖")),
            self.e(ev.BuildingAdded(building_id=self.b, community_id=self.c, name="1栋", floors=6)),
            *(
                self.e(
                    ev.ResidentRegistered(
                        resident_id=r,
                        community_id=self.c,
                        building_id=self.b,
                        floor=1,
                    )
                )
                for r in self.r
            ),
        ]

    def activity(self, a: str) -> Envelope:
        return self.e(
            ev.ActivityCreated(
                activity_id=a,
                community_id=self.c,
                title=a,
                kind="TALK",
                starts_at="2026-01-01T10:00:00+08:00",
                ends_at="2026-01-01T11:00:00+08:00",
            )
        )

    def check_in(self, a: str, r: str) -> Envelope:
        return self.e(
            ev.ResidentCheckedIn(
                activity_id=a,
                community_id=self.c,
                resident_id=r,
                checked_in_at="2026-01-01T10:05:00+08:00",
            )
        )


def test_shared_groups_and_co_attendance_become_ties_idempotently(neo4j: Driver) -> None:
    t = Town()
    a, b, c, d, e = t.r
    g1, g2, big = unique("g"), unique("g"), unique("g")
    x1, x2, x3 = unique("x"), unique("x"), unique("x")
    events = [
        *t.people(),
        *(
            t.e(ev.GroupCreated(group_id=g, community_id=t.c, name=g, kind="interest_group"))
            for g in (g1, g2, big)
        ),
        # a and b share two small groups: 0.5 + 0.5 reaches the threshold
        *(
            t.e(ev.GroupJoined(group_id=g, community_id=t.c, resident_id=r))
            for g in (g1, g2)
            for r in (a, b)
        ),
        # everyone is in a group above the size limit (3 here): no evidence from it
        *(t.e(ev.GroupJoined(group_id=big, community_id=t.c, resident_id=r)) for r in t.r),
        *(t.activity(x) for x in (x1, x2, x3)),
        # c and d together at two small activities: co-attendance evidence (0.5)
        *(t.check_in(x, r) for x in (x1, x2) for r in (c, d)),
        # c and e met once only: nothing
        t.check_in(x3, c),
        t.check_in(x3, e),
        # c declares knowing d (0.5): with co-attendance, a tie
        t.e(ev.AcquaintanceDeclared(community_id=t.c, from_resident_id=c, to_resident_id=d)),
    ]
    run(neo4j, events)
    store = DerivedTieStore(neo4j, "neo4j")
    rules = DerivedTieRules(max_group_size=3)
    first = derive_ties(store, t.c, TieRules(), rules)
    assert first.added == 3 and first.dropped == 0
    found = ties(neo4j, t.c)
    assert found == {
        (a, b): (1.0, {"shared_group"}),
        (c, d): (1.0, {"co_attendance", "declared"}),
    }
    assert (c, d, "co_attendance", ",".join(sorted((x1, x2)))) in evidence(neo4j, t.c)

    # again: nothing changes (idempotent), and a replay of the events changes nothing either
    before = evidence(neo4j, t.c)
    assert derive_ties(store, t.c, TieRules(), rules).added == 0
    run(neo4j, events)
    assert evidence(neo4j, t.c) == before and ties(neo4j, t.c) == found

    # b leaves one group: that evidence goes, and with it the tie
    run(neo4j, [t.e(ev.GroupLeft(group_id=g2, community_id=t.c, resident_id=b))])
    again = derive_ties(store, t.c, TieRules(), rules)
    assert again.dropped == 1
    assert (a, b) not in ties(neo4j, t.c)

    # d is removed: the tie and every piece of evidence go, and a later run does not bring them back
    run(neo4j, [t.e(ev.ResidentRemoved(resident_id=d, community_id=t.c))])
    derive_ties(store, t.c, TieRules(), rules)
    run(neo4j, [t.check_in(x1, d), t.check_in(x2, d)])  # late events about the removed resident
    derive_ties(store, t.c, TieRules(), rules)
    assert all(d not in pair for pair in ties(neo4j, t.c))
    assert all(d not in row[:2] for row in evidence(neo4j, t.c))


def test_the_consumer_job_derives_only_for_communities_with_events(neo4j: Driver) -> None:
    t = Town()
    a, b = t.r[:2]
    g = unique("g")
    run(
        neo4j,
        [
            *t.people(),
            t.e(ev.GroupCreated(group_id=g, community_id=t.c, name=g, kind="interest_group")),
            *(t.e(ev.GroupJoined(group_id=g, community_id=t.c, resident_id=r)) for r in (a, b)),
        ],
    )
    job = DerivedTiesJob(
        DerivedTieStore(neo4j, "neo4j"),
        TieRules(),
        DerivedTieRules(shared_group=1.0, interval_s=1e-9),
    )
    assert job.run_due() == []  # nothing noted yet
    job.note([t.c, GLOBAL_COMMUNITY])  # taxonomy events are not a community
    done = job.run_due()
    assert [d.community_id for d in done] == [t.c] and done[0].added == 1
    assert ties(neo4j, t.c) == {(a, b): (1.0, {"shared_group"})}
    assert job.run_due() == []
