"""Planner analytics on a generated 20,000-resident community (200 buildings, a year of life).

    .venv/bin/python services/matching/benchmarks/analytics_benchmark.py [--rebuild]

Builds the graph straight into Neo4j with bulk UNWIND (once; `--rebuild` replaces it), then
times the per-building table for the whole community (cold: bridging computed; warm: cached),
a 12-month trend, and the Louvain groups. Prints figures; asserts nothing.
"""

import argparse
import asyncio
import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any, LiteralString

from neo4j import AsyncGraphDatabase, GraphDatabase

from matching.adapters.graph.reads_analytics import AnalyticsReader
from matching.adapters.graph.schema import SCHEMA
from matching.analytics.service import AnalyticsService, Scope
from matching.analytics.windows import monthly_windows, window

URI = f"bolt://127.0.0.1:{os.environ.get('NEO4J_BOLT_PORT', '7687')}"
AUTH = ("neo4j", os.environ.get("NEO4J_PASSWORD", "shulin-dev-password"))
COMMUNITY = "bench-c20k"
BUILDINGS, PER_BUILDING, COMPOUNDS = 200, 100, 10
YEAR = datetime(2025, 1, 1, tzinfo=UTC)

DROP: LiteralString = """
MATCH (n) WHERE n.community_id = $c OR n.id = $c
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
"""
PLACES: LiteralString = """
MERGE (c:Community {id: $c}) SET c.name = '基准社区'
WITH c UNWIND $compounds AS cp
MERGE (x:Compound {id: cp.id}) SET x.name = cp.name, x.community_id = $c
MERGE (x)-[:IN]->(c)
WITH c UNWIND $buildings AS b
MERGE (y:Building {id: b.id}) SET y.name = b.name, y.community_id = $c, y.compound_id = b.cp
MERGE (y)-[:IN]->(c)
WITH y, b MATCH (x:Compound {id: b.cp}) MERGE (y)-[:IN_COMPOUND]->(x)
"""
RESIDENTS: LiteralString = """
UNWIND $rows AS row
MATCH (b:Building {id: row.b})
CREATE (r:Resident {id: row.id, community_id: $c, registered_at: datetime(row.at),
                    elderly_living_alone: row.elderly, may_be_recommended: true})
CREATE (r)-[:LIVES_IN]->(b)
"""
TIES: LiteralString = """
UNWIND $rows AS row
MATCH (a:Resident {id: row.a}), (b:Resident {id: row.b})
CREATE (a)-[:KNOWS {weight: 1.0, sources: ['confirmed'], since: datetime(row.at)}]->(b)
"""
ACTIVITIES: LiteralString = """
UNWIND $rows AS row
CREATE (:Activity {id: row.id, community_id: $c, title: row.title, starts_at: datetime(row.at)})
"""
ATTENDED: LiteralString = """
UNWIND $rows AS row
MATCH (r:Resident {id: row.r}), (a:Activity {id: row.a})
CREATE (r)-[:ATTENDED {at: a.starts_at}]->(a)
"""
EXCHANGES: LiteralString = """
UNWIND $rows AS row
CREATE (:Exchange {id: row.id, community_id: $c, helper_id: row.h, helped_id: row.d,
                   hours: row.hours, completed_at: datetime(row.at)})
"""
WISHES: LiteralString = """
UNWIND $rows AS row
CREATE (:Wish {id: row.id, community_id: $c, resident_id: row.r, fulfilled_at: datetime(row.at)})
"""


def moment(rng: random.Random) -> str:
    return (YEAR + timedelta(seconds=rng.randrange(365 * 86400))).isoformat()


def build(rebuild: bool) -> None:
    rng = random.Random(20_000)
    with GraphDatabase.driver(URI, auth=AUTH) as driver:
        for s in SCHEMA:
            driver.execute_query(s)
        exists = driver.execute_query("MATCH (c:Community {id: $c}) RETURN c", c=COMMUNITY)
        if exists.records and not rebuild:
            print("graph exists; --rebuild to regenerate")
            return
        with driver.session() as session:
            session.run(DROP, c=COMMUNITY).consume()

        def bulk(statement: LiteralString, rows: list[dict[str, Any]]) -> None:
            for i in range(0, len(rows), 5000):
                driver.execute_query(statement, rows=rows[i : i + 5000], c=COMMUNITY)

        compounds = [{"id": f"{COMMUNITY}-cp{i}", "name": f"{i + 1}区"} for i in range(COMPOUNDS)]
        buildings = [{"id": f"{COMMUNITY}-b{i}", "name": f"{i + 1}栋",
                      "cp": compounds[i % COMPOUNDS]["id"]} for i in range(BUILDINGS)]  # fmt: skip
        driver.execute_query(PLACES, c=COMMUNITY, compounds=compounds, buildings=buildings)
        people = [
            (f"{COMMUNITY}-r{b}-{j}", b) for b in range(BUILDINGS) for j in range(PER_BUILDING)
        ]
        bulk(RESIDENTS, [{"id": p, "b": buildings[b]["id"], "elderly": rng.random() < 0.05,
                          "at": (YEAR - timedelta(days=rng.randrange(900))).isoformat()}
                         for p, b in people])  # fmt: skip
        ties = set()
        for b in range(BUILDINGS):  # ~3% of pairs within a building, plus some across
            own = [p for p, _ in people[b * PER_BUILDING : (b + 1) * PER_BUILDING]]
            ties |= {tuple(sorted(rng.sample(own, 2))) for _ in range(150)}
        ties |= {tuple(sorted((rng.choice(people)[0], rng.choice(people)[0]))) for _ in range(5000)}
        bulk(TIES, [{"a": a, "b": b, "at": moment(rng)} for a, b in ties if a != b])
        acts = [{"id": f"{COMMUNITY}-a{i}", "title": "百家宴" if i % 10 == 0 else "活动",
                 "at": moment(rng)} for i in range(600)]  # fmt: skip
        bulk(ACTIVITIES, acts)
        bulk(ATTENDED, [{"r": rng.choice(people)[0], "a": rng.choice(acts)["id"]}
                        for _ in range(60_000)])  # fmt: skip
        bulk(EXCHANGES, [{"id": f"{COMMUNITY}-x{i}", "h": rng.choice(people)[0],
                          "d": rng.choice(people)[0], "hours": rng.choice([1.0, 2.0, 3.5]),
                          "at": moment(rng)} for i in range(3000)])  # fmt: skip
        bulk(WISHES, [{"id": f"{COMMUNITY}-w{i}", "r": rng.choice(people)[0], "at": moment(rng)}
                      for i in range(1000)])  # fmt: skip
        print(f"built {len(people)} residents, {len(ties)} ties, 60,000 check-ins")


async def timed(label: str, runs: int, work: Any) -> None:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        await work()
        times.append(time.perf_counter() - t0)
    p50 = statistics.median(times)
    print(f"{label:<58} first {times[0] * 1000:7.0f} ms  median {p50 * 1000:7.0f} ms  (n={runs})")


async def measure() -> None:
    driver = AsyncGraphDatabase.driver(URI, auth=AUTH)
    reader = AnalyticsReader(driver, "neo4j")
    svc = AnalyticsService(reader)
    june = window(date(2025, 6, 1), date(2025, 6, 30))
    year = monthly_windows(date(2025, 1, 1), 12)
    await reader.community_facts(COMMUNITY, [(june.start, june.end)])  # warm the page cache

    async def fetch() -> None:
        await reader.community_facts(COMMUNITY, [(june.start, june.end)])

    await timed("fetch only (6 concurrent Cypher reads)", 5, fetch)
    await timed(
        "per-building table, whole community (1st: bridging computed)",
        5,
        lambda: svc.network(COMMUNITY, june, Scope()),
    )
    cold = AnalyticsService(reader, ttl_seconds=0)
    await timed(
        "per-building table, no cache at all", 3, lambda: cold.network(COMMUNITY, june, Scope())
    )
    await timed(
        "12-month trend, 200 buildings × 12 windows", 2, lambda: svc.trend(COMMUNITY, year, Scope())
    )
    await timed(
        "Louvain groups (1st computed, then cached)", 3, lambda: svc.groups(COMMUNITY, june)
    )
    table = await svc.network(COMMUNITY, june, Scope())
    print(f"rows: {len(table.rows)}, bridging age {table.freshness.age_seconds}s")
    await driver.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true")
    build(parser.parse_args().rebuild)
    asyncio.run(measure())
