"""Read-only Cypher behind planner analytics, and the reader that turns it into plain facts.

Few round trips, run concurrently: the community's buildings, its residents, its ties, and the
activity of the requested windows (attendance aggregated per resident in Cypher). Each query
returns ONE record of parallel lists, and times as epoch milliseconds (-1: unknown): decoding
20,000 records one by one costs the Python driver ~1.8 s, one record of lists ~0.15 s.
"""

import asyncio
from datetime import datetime
from typing import Any, LiteralString

from neo4j import AsyncDriver

from matching.analytics.model import (
    BuildingInfo,
    CommunityFacts,
    ExchangeFacts,
    ResidentFacts,
    TieFacts,
    WishFacts,
)

COMMUNITY_BUILDINGS: LiteralString = """
MATCH (c:Community {id: $community_id})
OPTIONAL MATCH (b:Building {community_id: c.id})
OPTIONAL MATCH (b)-[:IN_COMPOUND]->(cp:Compound)
RETURN c.id AS id, coalesce(c.name, c.id) AS name,
       collect(CASE WHEN b IS NULL THEN null ELSE
         {id: b.id, name: coalesce(b.name, b.id), compound_id: cp.id,
          compound_name: coalesce(cp.name, cp.id)} END) AS buildings
"""

RESIDENTS: LiteralString = """
MATCH (r:Resident {community_id: $community_id})-[:LIVES_IN]->(b:Building)
WHERE b.community_id = $community_id
  AND (r.registered_at IS NULL OR r.registered_at < $until)
RETURN collect(r.id) AS keys, collect(b.id) AS buildings,
       collect(coalesce(r.registered_at.epochMillis, -1)) AS registered,
       collect(coalesce(r.elderly_living_alone, false)) AS elderly
"""

# KNOWS is stored once per pair; both ends must belong to the community.
TIES: LiteralString = """
MATCH (a:Resident {community_id: $community_id})-[k:KNOWS]->(b:Resident)
WHERE b.community_id = $community_id AND (k.since IS NULL OR k.since < $until)
RETURN collect(a.id) AS a, collect(b.id) AS b, collect(coalesce(k.since.epochMillis, -1)) AS since
"""

# One pass over the attendance of the whole span; per resident, the windows they attended in.
ATTENDANCE: LiteralString = """
MATCH (r:Resident {community_id: $community_id})-[att:ATTENDED]->(:Activity)
WHERE att.at >= $from AND att.at < $until
WITH r, collect(att.at) AS ats
WITH r, [i IN range(0, size($windows) - 1)
         WHERE any(t IN ats WHERE t >= $windows[i].start AND t < $windows[i].end)] AS attended
WHERE size(attended) > 0
RETURN collect(r.id) AS keys, collect(attended) AS attended
"""

EXCHANGES: LiteralString = """
MATCH (x:Exchange {community_id: $community_id})
WHERE x.completed_at >= $from AND x.completed_at < $until
RETURN collect(x.helper_id) AS helper, collect(x.helped_id) AS helped,
       collect(toFloat(coalesce(x.hours, 0.0))) AS hours,
       collect(x.completed_at.epochMillis) AS completed
"""

WISHES: LiteralString = """
MATCH (w:Wish {community_id: $community_id})
WHERE w.fulfilled_at >= $from AND w.fulfilled_at < $until AND w.resident_id IS NOT NULL
RETURN collect(w.resident_id) AS resident, collect(w.fulfilled_at.epochMillis) AS fulfilled
"""

BUILDING_COMMUNITIES: LiteralString = """
MATCH (b:Building) WHERE b.id IN $building_ids
RETURN b.id AS id, b.community_id AS community_id
"""

# When a programme of activities began: its first activity by title, kind or tag.
PROGRAMME_START: LiteralString = """
MATCH (a:Activity {community_id: $community_id})
WHERE coalesce(a.cancelled, false) = false
  AND (a.title CONTAINS $programme OR a.kind = $programme OR $programme IN coalesce(a.tags, []))
RETURN min(a.starts_at).epochMillis AS starts_ms, count(a) AS activities
"""


class AnalyticsReader:
    """Asynchronous read transactions for analytics (routed to readers in a cluster)."""

    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self._driver = driver
        self._database = database

    async def _read(self, statement: LiteralString, **params: Any) -> list[Any]:
        records, _, _ = await self._driver.execute_query(
            statement, params, database_=self._database, routing_="r"
        )
        return list(records)

    async def community_facts(
        self, community_id: str, windows: list[tuple[datetime, datetime]]
    ) -> CommunityFacts | None:
        """Facts up to the last window's end; `attended` indexes refer to `windows`."""
        start = min(s for s, _ in windows)
        until = max(e for _, e in windows)
        span = {"community_id": community_id, "from": start, "until": until}
        places, residents, ties, attendance, exchanges, wishes = await asyncio.gather(
            self._read(COMMUNITY_BUILDINGS, community_id=community_id),
            self._read(RESIDENTS, community_id=community_id, until=until),
            self._read(TIES, community_id=community_id, until=until),
            self._read(ATTENDANCE, **span, windows=[{"start": s, "end": e} for s, e in windows]),
            self._read(EXCHANGES, **span),
            self._read(WISHES, **span),
        )
        if not places:
            return None
        r, t, a = residents[0], ties[0], attendance[0]
        x, w = exchanges[0], wishes[0]
        return CommunityFacts(
            community_id=places[0]["id"],
            name=places[0]["name"],
            buildings=tuple(BuildingInfo(**b) for b in places[0]["buildings"]),
            residents=tuple(
                ResidentFacts(k, b, None if at < 0 else at, e)
                for k, b, at, e in zip(
                    r["keys"], r["buildings"], r["registered"], r["elderly"], strict=True
                )
            ),
            ties=tuple(
                TieFacts(p, q, None if at < 0 else at)
                for p, q, at in zip(t["a"], t["b"], t["since"], strict=True)
            ),
            exchanges=tuple(
                ExchangeFacts(*row)
                for row in zip(x["helper"], x["helped"], x["hours"], x["completed"], strict=True)
            ),
            wishes=tuple(
                WishFacts(*row) for row in zip(w["resident"], w["fulfilled"], strict=True)
            ),
            attended={k: frozenset(ws) for k, ws in zip(a["keys"], a["attended"], strict=True)},
        )

    async def building_communities(self, building_ids: list[str]) -> dict[str, str | None]:
        records = await self._read(BUILDING_COMMUNITIES, building_ids=building_ids)
        return {r["id"]: r["community_id"] for r in records}

    async def programme_start(self, community_id: str, programme: str) -> int | None:
        records = await self._read(PROGRAMME_START, community_id=community_id, programme=programme)
        return records[0]["starts_ms"] if records else None
