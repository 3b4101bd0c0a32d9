"""Every Cypher statement of Shulin, as constant parameterised strings.

Writes run inside `execute_write` transaction functions and are idempotent (MERGE on constrained
ids), so the driver may retry them and a replayed event changes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

from neo4j import AsyncDriver, Driver, ManagedTransaction

T = TypeVar("T")

SCHEMA: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT community_id IF NOT EXISTS FOR (n:Community) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT building_id IF NOT EXISTS FOR (n:Building) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT resident_id IF NOT EXISTS FOR (n:Resident) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT activity_id IF NOT EXISTS FOR (n:Activity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT removed_resident_id IF NOT EXISTS FOR (n:RemovedResident) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT processed_event_id IF NOT EXISTS FOR (n:ProcessedEvent) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX resident_community IF NOT EXISTS FOR (n:Resident) ON (n.community_id)",
    "CREATE INDEX building_community IF NOT EXISTS FOR (n:Building) ON (n.community_id)",
)

SEEN_EVENTS: LiteralString = """
MATCH (e:ProcessedEvent) WHERE e.id IN $event_ids RETURN e.id AS id
"""

REMEMBER_EVENTS: LiteralString = """
UNWIND $events AS ev
MERGE (e:ProcessedEvent {id: ev.id})
ON CREATE SET e.type = ev.type, e.occurred_at = datetime(ev.occurred_at)
"""

MERGE_COMMUNITY: LiteralString = """
MERGE (c:Community {id: $community_id})
SET c.name = $name, c.district = $district
"""

MERGE_BUILDING: LiteralString = """
MERGE (c:Community {id: $community_id})
MERGE (b:Building {id: $building_id})
SET b.name = $name, b.floors = $floors, b.community_id = $community_id
MERGE (b)-[:IN]->(c)
"""

# A resident removed earlier (a late or replayed registration) must not come back.
MERGE_RESIDENT: LiteralString = """
OPTIONAL MATCH (gone:RemovedResident {id: $resident_id})
WITH gone WHERE gone IS NULL
MERGE (r:Resident {id: $resident_id})
SET r.display_name = $display_name, r.community_id = $community_id, r.floor = $floor,
    r.may_be_recommended = $may_be_recommended, r.registered_at = datetime($occurred_at)
MERGE (b:Building {id: $building_id})
ON CREATE SET b.community_id = $community_id
WITH r, b
OPTIONAL MATCH (r)-[moved:LIVES_IN]->(other:Building) WHERE other.id <> b.id
DELETE moved
MERGE (r)-[lives:LIVES_IN]->(b)
SET lives.floor = $floor
"""

REMOVE_RESIDENT: LiteralString = """
MERGE (gone:RemovedResident {id: $resident_id})
ON CREATE SET gone.removed_at = datetime($occurred_at)
WITH gone
OPTIONAL MATCH (r:Resident {id: $resident_id})
DETACH DELETE r
"""

MERGE_ACTIVITY: LiteralString = """
MERGE (a:Activity {id: $activity_id})
SET a.community_id = $community_id, a.title = $title, a.kind = $kind,
    a.starts_at = datetime($starts_at), a.ends_at = datetime($ends_at), a.capacity = $capacity
"""

MERGE_ATTENDED: LiteralString = """
OPTIONAL MATCH (gone:RemovedResident {id: $resident_id})
WITH gone WHERE gone IS NULL
MERGE (r:Resident {id: $resident_id})
ON CREATE SET r.community_id = $community_id
MERGE (a:Activity {id: $activity_id})
ON CREATE SET a.community_id = $community_id
MERGE (r)-[att:ATTENDED]->(a)
SET att.at = datetime($checked_in_at)
"""

BUILDING_NEIGHBOURS: LiteralString = """
MATCH (me:Resident {id: $resident_id})-[:LIVES_IN]->(:Building)<-[:LIVES_IN]-(n:Resident)
WHERE n.id <> me.id AND n.may_be_recommended = true
RETURN n.id AS id, n.floor AS floor
ORDER BY abs(coalesce(n.floor, 0) - coalesce(me.floor, 0)), n.id
LIMIT $limit
"""

COMMUNITY_COUNTS: LiteralString = """
MATCH (c:Community {id: $community_id})
RETURN c.id AS id,
       COUNT { MATCH (:Building {community_id: c.id}) } AS buildings,
       COUNT { MATCH (:Resident {community_id: c.id}) } AS residents,
       COUNT { MATCH (:Activity {community_id: c.id}) } AS activities
"""


class GraphWriter:
    """The write operations the projection can make, inside one managed transaction."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self._tx = tx

    def seen_events(self, event_ids: list[str]) -> set[str]:
        return {rec["id"] for rec in self._tx.run(SEEN_EVENTS, event_ids=event_ids)}

    def remember_events(self, events: Iterable[dict[str, str]]) -> None:
        self._tx.run(REMEMBER_EVENTS, events=list(events)).consume()

    def merge_community(self, **params: Any) -> None:
        self._tx.run(MERGE_COMMUNITY, params).consume()

    def merge_building(self, **params: Any) -> None:
        self._tx.run(MERGE_BUILDING, params).consume()

    def merge_resident(self, **params: Any) -> None:
        self._tx.run(MERGE_RESIDENT, params).consume()

    def remove_resident(self, **params: Any) -> None:
        self._tx.run(REMOVE_RESIDENT, params).consume()

    def merge_activity(self, **params: Any) -> None:
        self._tx.run(MERGE_ACTIVITY, params).consume()

    def merge_attended(self, **params: Any) -> None:
        self._tx.run(MERGE_ATTENDED, params).consume()


class GraphRepository:
    """Synchronous access for the projection (the Kafka consumer)."""

    def __init__(self, driver: Driver, database: str) -> None:
        self._driver = driver
        self._database = database

    def ensure_schema(self) -> None:
        with self._driver.session(database=self._database) as session:
            for statement in SCHEMA:
                session.run(statement).consume()

    def write(self, work: Callable[[GraphWriter], T]) -> T:
        with self._driver.session(database=self._database) as session:
            return session.execute_write(lambda tx: work(GraphWriter(tx)))


@dataclass(frozen=True)
class Neighbour:
    id: str
    floor: int | None


@dataclass(frozen=True)
class CommunityCounts:
    id: str
    buildings: int
    residents: int
    activities: int


class GraphReader:
    """Asynchronous read queries for the matching subgraph."""

    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self._driver = driver
        self._database = database

    async def building_neighbours(self, resident_id: str, limit: int) -> list[Neighbour]:
        records, _, _ = await self._driver.execute_query(
            BUILDING_NEIGHBOURS,
            resident_id=resident_id,
            limit=limit,
            database_=self._database,
            routing_="r",
        )
        return [Neighbour(id=r["id"], floor=r["floor"]) for r in records]

    async def community_counts(self, community_id: str) -> CommunityCounts | None:
        records, _, _ = await self._driver.execute_query(
            COMMUNITY_COUNTS, community_id=community_id, database_=self._database, routing_="r"
        )
        return CommunityCounts(**records[0].data()) if records else None
