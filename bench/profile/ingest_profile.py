"""The bench history projected in process, batch by batch: where a transaction's time goes.

    .venv/bin/python -m bench.profile.ingest_profile [BATCH]

Each batch is planned outside the transaction (as the projector does), then written in an
explicit transaction whose statements are timed one by one, then committed. Prints the totals
(planning, statements, commits) and the statements that took longest, grouped by their text.
The community is removed from Neo4j first, as `bench.ingest` does.
"""

import sys
import time
from collections import Counter, defaultdict
from typing import Any

from neo4j import GraphDatabase, Transaction

from bench.ingest import NEO4J_AUTH, NEO4J_URI, histories, reset_graph
from matching.adapters.graph import GraphRepository
from matching.adapters.graph.processed_ids import ProcessedIds
from matching.adapters.graph.repository import GraphWriter
from matching.domain.ties import TieRules
from matching.service_layer.projection import plan_writes, project
from shulin_events import decode, encode

seconds: defaultdict[str, float] = defaultdict(float)
calls: Counter[str] = Counter()
rows: Counter[str] = Counter()


class TimedTransaction:
    """A transaction whose statements are timed until their results are consumed."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def run(self, statement: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        started = time.perf_counter()
        records = list(self._tx.run(statement, params, **kw))
        name = statement.split("CALL (row) {\n")[-1].strip().replace("\n", " ")[:90]
        seconds[name] += time.perf_counter() - started
        calls[name] += 1
        rows[name] += len((params or kw).get("rows", [None]))
        return Result(records)


class Result(list[Any]):
    def consume(self) -> None:
        return None

    def single(self, strict: bool = False) -> Any:
        return self[0] if self else None


def main() -> None:
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    all_history = histories("bench", 1)
    reset_graph(all_history)
    by_topic = all_history[0].by_topic()
    events = sorted(
        (decode(encode(e)) for topic_events in by_topic.values() for e in topic_events),
        key=lambda e: e.occurred_at,
    )  # both topics, roughly as a consumer reads them
    planning = writing = committing = 0.0
    with GraphDatabase.driver(NEO4J_URI, auth=NEO4J_AUTH) as driver:
        GraphRepository(driver, "neo4j").ensure_schema()
        processed = ProcessedIds(keep_s=None)
        started = time.perf_counter()
        with driver.session(database="neo4j") as session:
            for i in range(0, len(events), batch):
                part = events[i : i + batch]
                t0 = time.perf_counter()
                planned = plan_writes(part, TieRules())
                t1 = time.perf_counter()
                tx = session.begin_transaction()
                timed = TimedTransaction(tx)
                writer = GraphWriter(timed, processed)  # type: ignore[arg-type]
                project(writer, part, TieRules(), planned)
                t2 = time.perf_counter()
                tx.commit()
                writer.settle()
                t3 = time.perf_counter()
                planning, writing, committing = (
                    planning + t1 - t0,
                    writing + t2 - t1,
                    committing + t3 - t2,
                )
        wall = time.perf_counter() - started
    print(
        f"{len(events)} events in {wall:.1f} s = {len(events) / wall:.0f}/s: planning {planning:.1f} s,"
        f" statements and the rest of the transaction {writing:.1f} s (statements"
        f" {sum(seconds.values()):.1f} s), commits {committing:.1f} s"
    )
    for name, s in sorted(seconds.items(), key=lambda item: -item[1])[:25]:
        print(f"{s:7.2f} s {calls[name]:6d} calls {rows[name]:7d} rows  {name}")


if __name__ == "__main__":
    main()
