"""Access to the Neo4j graph: a writer for the projection, a reader for the API."""

import logging
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, LiteralString, TypeVar

from neo4j import AsyncDriver, Driver, ManagedTransaction
from neo4j.exceptions import TransientError

from matching.adapters.graph import reads
from matching.adapters.graph import writes_life as life
from matching.adapters.graph import writes_people as people
from matching.adapters.graph.batching import WritePlan
from matching.adapters.graph.processed_ids import ProcessedIds
from matching.adapters.graph.schema import FORGET_UNUSED_PERSONAL_FIELDS, SCHEMA

T = TypeVar("T")

log = logging.getLogger(__name__)


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
    calls first: the events' writes and the memory of them commit together. Which events were
    projected before is checked against the process's copy (`processed_ids`), which learns this
    transaction's events only once it has committed (`settle`).
    """

    def __init__(self, tx: ManagedTransaction, processed: ProcessedIds) -> None:
        super().__init__()
        self._tx = tx
        self._processed = processed
        self._claimed: dict[str, int] = {}
        self._remembered: dict[str, list[str]] = {}

    def adopt(self, planned: GraphPlanner) -> None:
        """Send the writes `planned` collected (instead of any collected here)."""
        self._plan = planned._plan.copy()

    def flush(self) -> None:
        for statement, params in self._plan.drain():
            self._tx.run(statement, params).consume()

    def seen_events(self, ids_by_stream: Mapping[str, list[str]]) -> set[str]:
        """The ids projected before, of events of these streams (which stay locked to this
        transaction until it ends)."""
        processed = self._processed
        streams = sorted(ids_by_stream)  # locks in one order: no deadlock between projectors
        claimed = self._tx.run(people.CLAIM_STREAMS, streams=streams)
        self._claimed = {record["stream"]: record["batches"] for record in claimed}
        stale = [s for s, n in self._claimed.items() if not processed.is_complete(s, n - 1)]
        if stale:
            since = datetime.fromtimestamp(processed.since(), UTC)
            recorded: defaultdict[str, list[tuple[float, list[str]]]] = defaultdict(list)
            for record in self._tx.run(people.PROCESSED_BATCHES, streams=stale, since=since):
                recorded[record["stream"]].append((record["at"] / 1000, list(record["ids"])))
            for stream in stale:
                processed.reload(stream, self._claimed[stream] - 1, recorded[stream])
        seen = set().union(*(processed.seen(s, ids) for s, ids in ids_by_stream.items()))
        return seen | self._seen_legacy([i for ids in ids_by_stream.values() for i in ids])

    def _seen_legacy(self, event_ids: list[str]) -> set[str]:
        processed = self._processed
        if processed.legacy_due():
            processed.legacy_checked(self._tx.run(people.ANY_LEGACY_IDS).single(strict=True)[0])
        if not processed.legacy_left or not event_ids:
            return set()
        return {r["id"] for r in self._tx.run(people.SEEN_LEGACY_IDS, event_ids=event_ids)}

    def remember_events(self, ids_by_stream: Mapping[str, list[str]]) -> None:
        self.flush()
        self._remembered = {s: list(ids) for s, ids in ids_by_stream.items() if ids}
        if self._remembered:
            batches = [{"stream": s, "ids": ids} for s, ids in self._remembered.items()]
            self._tx.run(people.REMEMBER_BATCHES, batches=batches).consume()

    def settle(self) -> None:
        """The transaction committed: the process's copy learns the ids it projected."""
        for stream, batches in self._claimed.items():
            self._processed.add(stream, batches, self._remembered.get(stream, []))

    def mark_changed(self, community_ids: list[str], privacy_ids: list[str]) -> None:
        """These communities' graphs changed in this transaction, and in `privacy_ids` who may
        be recommended changed too (see BUMP_VERSIONS)."""
        if community_ids:
            params = {"community_ids": community_ids, "privacy_ids": privacy_ids}
            self._tx.run(people.BUMP_VERSIONS, params).consume()


class GraphRepository:
    """Synchronous access for the projection (the Kafka consumer).

    `keep_days`: how long processed event ids are kept (0: for ever); see `processed_ids`.
    """

    def __init__(self, driver: Driver, database: str, keep_days: float = 30) -> None:
        self._driver = driver
        self._database = database
        self._processed = ProcessedIds(keep_days * 86_400 if keep_days else None)

    def ensure_schema(self) -> None:
        """Constraints and indexes; then what earlier versions stored that is no longer kept."""
        with self._driver.session(database=self._database) as session:
            for statement in SCHEMA:
                session.run(statement).consume()
            try:
                session.run(FORGET_UNUSED_PERSONAL_FIELDS).consume()
            except TransientError as exc:  # e.g. a lock held by another projector starting too
                log.warning("old personal fields not removed yet (next start): %s", exc)

    def write(self, work: Callable[[GraphWriter], T]) -> T:
        """`work` in one write transaction (run again if Neo4j asks for a retry)."""
        attempts: list[GraphWriter] = []

        def attempt(tx: ManagedTransaction) -> T:
            attempts.append(GraphWriter(tx, self._processed))
            return work(attempts[-1])

        with self._driver.session(database=self._database) as session:
            result = session.execute_write(attempt)
        attempts[-1].settle()
        return result

    def forget_events_before(self, before: datetime, limit: int) -> int:
        """Forget up to `limit` records of processed event ids (batches, and single ids kept
        before session 12) projected before `before`; how many."""

        def forget(tx: ManagedTransaction) -> int:
            params = {"before": before, "limit": limit}
            record = tx.run(people.FORGET_PROCESSED, params).single(strict=True)
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
