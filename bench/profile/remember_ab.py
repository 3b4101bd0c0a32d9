"""Ways of remembering a batch's processed event ids, 2,000 fresh ids per transaction.

    .venv/bin/python -m bench.profile.remember_ab

Each variant runs in its own transaction, rolled back (so commits, where a node per id costs
as much again, are not in these figures); six rounds, the first unrecorded; the
median per variant. Needs only a running Neo4j with the schema (`bench.ingest` makes it).
"""

import statistics
import time
import uuid
from typing import LiteralString

from neo4j import GraphDatabase

from bench.ingest import NEO4J_AUTH, NEO4J_URI

VARIANTS: dict[str, LiteralString] = {
    "MERGE with type and time (session 10)": "UNWIND $events AS ev "
    "MERGE (e:ProcessedEvent {id: ev.id}) "
    "ON CREATE SET e.type = ev.type, e.occurred_at = datetime(ev.occurred_at)",
    "MERGE, id only": "UNWIND $events AS ev MERGE (e:ProcessedEvent {id: ev.id})",
    "CREATE, id only": "UNWIND $events AS ev CREATE (e:ProcessedEvent {id: ev.id})",
    "CREATE with type and time": "UNWIND $events AS ev "
    "CREATE (:ProcessedEvent {id: ev.id, type: ev.type, occurred_at: datetime(ev.occurred_at)})",
    "CREATE, projected_at indexed (session 11)": "UNWIND $events AS ev "
    "CREATE (:ProcessedEvent {id: ev.id, type: ev.type, occurred_at: datetime(ev.occurred_at), "
    "projected_at: datetime()})",
    "one list per batch (session 12)": "CREATE (:ProcessedBatch {stream: 'bench', "
    "ids: [ev IN $events | ev.id], projected_at: datetime()})",
    "seen: WHERE id IN (session 10)": "MATCH (e:ProcessedEvent) WHERE e.id IN $ids RETURN e.id",
    "seen: UNWIND and MATCH (session 11)": "UNWIND $ids AS id "
    "MATCH (:ProcessedEvent {id: id}) RETURN id",
}


def main() -> None:
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    with GraphDatabase.driver(NEO4J_URI, auth=NEO4J_AUTH) as driver, driver.session() as session:
        for _ in range(6):
            for name, statement in VARIANTS.items():
                events = [
                    {"id": str(uuid.uuid4()), "type": "ActivityCheckedIn",
                     "occurred_at": "2026-01-02T03:04:05+00:00"}
                    for _ in range(2000)
                ]  # fmt: skip
                tx = session.begin_transaction()
                started = time.perf_counter()
                list(tx.run(statement, events=events, ids=[e["id"] for e in events]))
                times[name].append(time.perf_counter() - started)
                tx.rollback()
    for name, runs in times.items():
        print(f"{name:40s} median {1000 * statistics.median(runs[1:]):6.1f} ms per 2,000 ids")


if __name__ == "__main__":
    main()
