"""Access to the Neo4j graph: a writer for the projection, a reader for the API."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString, TypeVar

from neo4j import AsyncDriver, Driver, ManagedTransaction

from matching.adapters.graph import reads
from matching.adapters.graph import writes_life as life
from matching.adapters.graph import writes_people as people
from matching.adapters.graph.batching import WritePlan
from matching.adapters.graph.schema import SCHEMA

T = TypeVar("T")


class GraphPlanner:
    """The writes the projection can make, collected to be sent batched (see `batching`).

    Planning needs no transaction, so a batch can be planned while the previous one is written.
    """

    def __init__(self) -> None:
        self._plan = WritePlan(life.LINKS, life.REFRESHES)

    def _run(self, statement: LiteralString, params: dict[str, Any]) -> None:
        self._plan.add(statement, params)

    # places and people
    def merge_community(self, **p: Any) -> None:
        self._run(people.MERGE_COMMUNITY, p)

    def merge_compound(self, **p: Any) -> None:
        self._run(people.MERGE_COMPOUND, p)

    def merge_building(self, **p: Any) -> None:
        self._run(people.MERGE_BUILDING, p)

    def merge_resident(self, **p: Any) -> None:
        self._run(people.MERGE_RESIDENT, p)

    def update_profile(self, **p: Any) -> None:
        self._run(people.UPDATE_PROFILE, p)

    def move_resident(self, **p: Any) -> None:
        self._run(people.MOVE_RESIDENT, p)

    def set_skills(self, **p: Any) -> None:
        self._run(people.SET_SKILLS, p)

    def set_interests(self, **p: Any) -> None:
        self._run(people.SET_INTERESTS, p)

    def set_roles(self, **p: Any) -> None:
        self._run(people.SET_ROLES, p)

    def set_consent(self, **p: Any) -> None:
        self._run(people.SET_CONSENT, p)

    def set_care_flags(self, **p: Any) -> None:
        self._run(people.SET_CARE_FLAGS, p)

    def remove_resident(self, **p: Any) -> None:
        self._run(people.REMOVE_RESIDENT, p)

    def define_tag(self, kind: str, **p: Any) -> None:
        self._run(people.DEFINE_SKILL if kind == "skill" else people.DEFINE_INTEREST, p)

    # community life
    def merge_activity(self, **p: Any) -> None:
        self._run(life.MERGE_ACTIVITY, p)

    def cancel_activity(self, **p: Any) -> None:
        self._run(life.CANCEL_ACTIVITY, p)

    def register_for_activity(self, **p: Any) -> None:
        self._run(life.REGISTER_FOR_ACTIVITY, p)

    def cancel_registration(self, **p: Any) -> None:
        self._run(life.CANCEL_REGISTRATION, p)

    def merge_attended(self, **p: Any) -> None:
        self._run(life.MERGE_ATTENDED, p)

    def merge_group(self, **p: Any) -> None:
        self._run(life.MERGE_GROUP, p)

    def join_group(self, **p: Any) -> None:
        self._run(life.JOIN_GROUP, p)

    def leave_group(self, **p: Any) -> None:
        self._run(life.LEAVE_GROUP, p)

    def post_listing(self, kind: str, **p: Any) -> None:
        self._run(life.POST_OFFER if kind == "offer" else life.POST_NEED, p)

    def cancel_listing(self, **p: Any) -> None:
        self._run(life.CANCEL_LISTING, p)

    def merge_exchange(self, **p: Any) -> None:
        self._run(life.MERGE_EXCHANGE, p)
        self._run(life.REFRESH_HELPED, p)

    def rate_exchange(self, **p: Any) -> None:
        self._run(life.RATE_EXCHANGE, p)
        self._run(life.REFRESH_HELPED, p)

    def add_points(self, **p: Any) -> None:
        self._run(life.ADD_POINTS, p)

    def merge_wish(self, **p: Any) -> None:
        self._run(life.MERGE_WISH, p)

    def delete_wish(self, wish_id: str) -> None:
        self._run(life.DELETE_WISH, {"wish_id": wish_id})

    def add_tie_evidence(self, a: str, b: str, threshold: float, **p: Any) -> None:
        """Record evidence that a and b know each other, then refresh their KNOWS tie."""
        if a == b:
            return
        pair = {"low_id": min(a, b), "high_id": max(a, b), "threshold": threshold}
        self._run(life.ADD_EVIDENCE, p | pair)
        self._run(life.REFRESH_TIE, pair)


class GraphWriter(GraphPlanner):
    """The projection's writes inside one managed (retryable) transaction.

    Writes are collected and sent batched (see `batching`) by `flush`, which `remember_events`
    calls first: the events' writes and the memory of them commit together.
    """

    def __init__(self, tx: ManagedTransaction) -> None:
        super().__init__()
        self._tx = tx

    def adopt(self, planned: GraphPlanner) -> None:
        """Send the writes `planned` collected (instead of any collected here)."""
        self._plan = planned._plan.copy()

    def flush(self) -> None:
        for statement, params in self._plan.drain():
            self._tx.run(statement, params).consume()

    def seen_events(self, event_ids: list[str]) -> set[str]:
        return {rec["id"] for rec in self._tx.run(people.SEEN_EVENTS, event_ids=event_ids)}

    def remember_events(self, events: Iterable[dict[str, str]]) -> None:
        self.flush()
        self._tx.run(people.REMEMBER_EVENTS, {"events": list(events)}).consume()

    def mark_changed(self, community_ids: list[str], privacy_ids: list[str]) -> None:
        """These communities' graphs changed in this transaction, and in `privacy_ids` who may
        be recommended changed too (see BUMP_VERSIONS)."""
        if community_ids:
            params = {"community_ids": community_ids, "privacy_ids": privacy_ids}
            self._tx.run(people.BUMP_VERSIONS, params).consume()


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

    def forget_events_before(self, before: datetime, limit: int) -> int:
        """Forget up to `limit` processed event ids projected before `before`; how many."""

        def forget(tx: ManagedTransaction) -> int:
            record = tx.run(people.FORGET_EVENTS, before=before, limit=limit).single(strict=True)
            return int(record["forgotten"])

        with self._driver.session(database=self._database) as session:
            return session.execute_write(forget)


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

    async def _read(self, statement: LiteralString, **params: Any) -> list[Any]:
        records, _, _ = await self._driver.execute_query(
            statement, params, database_=self._database, routing_="r"
        )
        return list(records)

    async def building_neighbours(self, resident_id: str, limit: int) -> list[Neighbour]:
        records = await self._read(reads.BUILDING_NEIGHBOURS, resident_id=resident_id, limit=limit)
        return [Neighbour(id=r["id"], floor=r["floor"]) for r in records]

    async def community_counts(self, community_id: str) -> CommunityCounts | None:
        records = await self._read(reads.COMMUNITY_COUNTS, community_id=community_id)
        return CommunityCounts(**records[0].data()) if records else None
