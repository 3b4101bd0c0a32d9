"""Planner analytics against the real Neo4j: a community history projected from events, read
back per window and checked against networkx on the same ties."""

import itertools
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone

import networkx as nx
import pytest
from neo4j import AsyncGraphDatabase, Driver
from shulin_testkit import NEO4J_URI, unique

from matching.adapters.graph import GraphRepository
from matching.adapters.graph.reads_analytics import AnalyticsReader
from matching.analytics.model import Level
from matching.analytics.service import AnalyticsService, Scope
from matching.analytics.windows import monthly_windows, window
from matching.domain.ties import TieRules
from matching.service_layer.projection import project
from shulin_events import Envelope, new_envelope
from shulin_events import schemas as ev
from shulin_kit.errors import InvalidInput, NotFound

pytestmark = [pytest.mark.integration, pytest.mark.anyio]

CST = timezone(timedelta(hours=8))
JAN, FEB, MAR = (datetime(2024, m, 10, 10, tzinfo=CST) for m in (1, 2, 3))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class World:
    """b1: r0–r7 (+ r8 from March), b2: s0–s5, b3: two residents; ties appear in Jan and Feb."""

    def __init__(self) -> None:
        self.c, self.cp = unique("c"), unique("cp")
        self.b = [unique("b") for _ in range(3)]
        self.people = {f"r{i}": unique("r") for i in range(9)}
        self.people |= {f"s{i}": unique("s") for i in range(6)}
        self.people |= {f"t{i}": unique("t") for i in range(2)}
        self.home = {k: self.b[0] if k[0] == "r" else self.b[1] if k[0] == "s" else self.b[2]
                     for k in self.people}  # fmt: skip
        self.ties: list[tuple[str, str, datetime]] = []
        self.events: list[Envelope] = []

    def e(self, payload: ev.Payload, at: datetime) -> None:
        self.events.append(new_envelope(payload, self.c, at))

    def tie(self, a: str, b: str, at: datetime) -> None:
        x, y = self.people[a], self.people[b]
        self.e(
            ev.AcquaintanceDeclared(community_id=self.c, from_resident_id=x, to_resident_id=y), at
        )
        self.e(
            ev.AcquaintanceConfirmed(community_id=self.c, from_resident_id=y, to_resident_id=x), at
        )
        self.ties.append((a, b, at))

    def build(self) -> "World":
        c = self.c
        self.e(ev.CommunityRegistered(community_id=c, name="南湖社区"), JAN)
        self.e(ev.CompoundAdded(compound_id=self.cp, community_id=c, name="金域蓝湾"), JAN)
        for i, b in enumerate(self.b):
            self.e(ev.BuildingAdded(building_id=b, community_id=c, name=f"{i + 7}栋", floors=9,
                                    compound_id=self.cp if i < 2 else None), JAN)  # fmt: skip
        for k, rid in self.people.items():
            at = MAR if k == "r8" else JAN
            self.e(ev.ResidentRegistered(resident_id=rid, community_id=c, building_id=self.home[k]),
                   at)  # fmt: skip
        for k in ("r7", "s0"):
            self.e(ev.ResidentCareFlagsChanged(resident_id=self.people[k], community_id=c,
                                               elderly_living_alone=True), JAN)  # fmt: skip
        for a, b in [("r0", "r1"), ("r1", "r2"), ("r0", "r2"), ("r3", "r4"), ("r0", "s0")]:
            self.tie(a, b, JAN)
        for a, b in [("r4", "r5"), ("r5", "r6"), ("s1", "s2"), ("s2", "s3"), ("s3", "s4"),
                     ("s4", "s5"), ("s1", "s5")]:  # fmt: skip
            self.tie(a, b, FEB)
        act = unique("act")
        self.e(ev.ActivityCreated(activity_id=act, community_id=c, title="百家宴", kind="BANQUET",
                                  starts_at=FEB.isoformat(), ends_at=FEB.isoformat()), JAN)  # fmt: skip
        for k in ("r0", "r1", "r2", "r3", "r4", "r5"):
            self.e(ev.ResidentCheckedIn(activity_id=act, community_id=c, resident_id=self.people[k],
                                        checked_in_at=FEB.isoformat()), FEB)  # fmt: skip
        x = unique("x")
        helper, helped = self.people["r1"], self.people["r6"]
        self.e(ev.ExchangeAgreed(exchange_id=x, community_id=c, listing_id=unique("l"),
                                 helper_id=helper, helped_id=helped), FEB)  # fmt: skip
        self.e(ev.ExchangeCompleted(exchange_id=x, community_id=c, helper_id=helper,
                                    helped_id=helped, hours=2), FEB)  # fmt: skip
        self.ties.append(("r1", "r6", FEB))  # a completed exchange is evidence of a tie
        return self

    def expected_graph(self, until: datetime) -> nx.Graph:
        g = nx.Graph()
        g.add_nodes_from(k for k in self.people if k != "r8" or until > MAR)
        g.add_edges_from((a, b) for a, b, at in self.ties if at < until)
        return g


def load(neo4j: Driver, world: World) -> None:
    graph = GraphRepository(neo4j, "neo4j")
    graph.ensure_schema()
    graph.write(lambda w: project(w, world.events, TieRules()))


@pytest.fixture
async def analytics() -> AsyncIterator[AnalyticsService]:
    driver = AsyncGraphDatabase.driver(NEO4J_URI, auth=("neo4j", "shulin-dev-password"))
    yield AnalyticsService(AnalyticsReader(driver, "neo4j"))
    await driver.close()


async def test_building_table_per_month_matches_networkx(
    neo4j: Driver, analytics: AnalyticsService
) -> None:
    w = World().build()
    load(neo4j, w)
    months = monthly_windows(date(2024, 1, 1), 3)
    tables = await analytics.trend(w.c, months, Scope())
    for month, t in zip(months, tables, strict=True):
        g = w.expected_graph(month.end)
        rows = {r.unit_id: r for r in t.rows}
        for b in w.b[:2]:
            members = [k for k in g if w.home[k] == b]
            sub = g.subgraph(members)
            row = rows[b]
            assert row.residents.value == len(members)
            assert row.ties.value == sub.number_of_edges()
            assert row.density.value == pytest.approx(nx.density(sub))
            assert row.clustering.value == pytest.approx(nx.average_clustering(sub))
            largest = max(len(c) for c in nx.connected_components(sub))
            assert row.largest_group_share.value == pytest.approx(largest / len(members))
        assert rows[w.b[2]].residents.suppressed  # two residents only
    jan, feb, _ = ({r.name: r for r in t.rows} for t in tables)
    assert jan["7栋"].isolates.suppressed  # r5, r6, r7: three residents
    assert feb["7栋"].participants.value == 6 and feb[
        "7栋"
    ].participation_rate.value == pytest.approx(6 / 8)
    assert jan["7栋"].participants.value == 0
    assert feb["7栋"].exchanges_completed.suppressed and feb["7栋"].volunteer_hours.suppressed
    assert feb["7栋"].isolated_elderly_alone.suppressed  # r7: one resident


async def test_compound_and_community_levels_count_all_their_ties(
    neo4j: Driver, analytics: AnalyticsService
) -> None:
    w = World().build()
    load(neo4j, w)
    feb = window(date(2024, 2, 1), date(2024, 2, 29))
    g = w.expected_graph(feb.end)
    compound = (await analytics.network(w.c, feb, Scope(Level.COMPOUND))).rows[0]
    in_compound = g.subgraph([k for k in g if w.home[k] in w.b[:2]])
    assert compound.ties.value == in_compound.number_of_edges()
    community = (await analytics.network(w.c, feb, Scope(Level.COMMUNITY))).rows[0]
    assert community.density.value == pytest.approx(nx.density(g))
    assert len(list(nx.isolates(g))) == 3 and community.isolates.suppressed  # r7, t0, t1
    bridges = await analytics.bridges(w.c, feb, 10)
    assert bridges.rows[0].cross_building_ties.value == 1


async def test_before_and_after_the_banquet_programme(
    neo4j: Driver, analytics: AnalyticsService
) -> None:
    w = World().build()
    load(neo4j, w)
    result = await analytics.before_after(
        w.c, Scope(), programme="百家宴", days_before=30, days_after=20
    )
    assert result.pivot == FEB.date()
    b2 = next(r for r in result.rows if r.name == "8栋")
    assert b2.before.ties.value == 0 and b2.after.ties.value == 5  # r0-s0 crosses buildings
    assert b2.change("density").value == pytest.approx(5 / 15)


async def test_bad_buildings_and_communities_are_refused(
    neo4j: Driver, analytics: AnalyticsService
) -> None:
    w, other = World().build(), World().build()
    load(neo4j, w)
    load(neo4j, other)
    with pytest.raises(InvalidInput) as e:
        await analytics.network(w.c, None, Scope(building_ids=(other.b[0],)))
    assert e.value.field == "buildingIds"
    with pytest.raises(NotFound) as nf:
        await analytics.network(w.c, None, Scope(building_ids=(unique("b"),)))
    assert nf.value.field == "buildingIds"
    with pytest.raises(NotFound):
        await analytics.network(unique("c"), None, Scope())


async def test_a_removed_resident_is_no_longer_counted(
    neo4j: Driver, analytics: AnalyticsService
) -> None:
    w = World().build()
    load(neo4j, w)
    gone = ev.ResidentRemoved(resident_id=w.people["s0"], community_id=w.c)
    GraphRepository(neo4j, "neo4j").write(
        lambda x: project(x, [new_envelope(gone, w.c)], TieRules())
    )
    table = await analytics.network(w.c, window(date(2024, 2, 1), date(2024, 2, 29)), Scope())
    row = next(r for r in table.rows if r.name == "8栋")
    assert row.residents.value == 5 and row.cross_building_ties.value == 0
    assert not any(p in repr(table) for p in w.people.values())


def test_expected_graph_helper_is_consistent() -> None:
    w = World().build()
    assert all(a in w.people and b in w.people for a, b, _ in w.ties)
    assert not list(itertools.islice((t for t in w.ties if t[0] == t[1]), 1))
