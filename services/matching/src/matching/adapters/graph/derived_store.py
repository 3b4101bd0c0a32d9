"""Runs the derived-ties job against Neo4j: read, diff and write in one retryable transaction."""

from collections.abc import Callable
from typing import Any

from neo4j import Driver, ManagedTransaction

from matching.adapters.graph import writes_derived as q
from matching.adapters.graph.writes_people import BUMP_VERSIONS
from matching.domain.derived_ties import SOURCES, Diff, Evidence, Members


class DerivedTieStore:
    def __init__(self, driver: Driver, database: str) -> None:
        self._driver = driver
        self._database = database

    def communities(self) -> list[str]:
        with self._driver.session(database=self._database) as s:
            return s.execute_read(lambda tx: [r["id"] for r in tx.run(q.ACTIVE_COMMUNITIES)])

    def derive(
        self,
        community_id: str,
        max_group_size: int,
        max_activity_size: int,
        threshold: float,
        plan: Callable[
            [dict[str, Members], dict[str, Members], dict[tuple[str, str, str, str], float]], Diff
        ],
    ) -> Diff:
        """Read the inputs, let `plan` compute the difference, write it and refresh the ties."""

        def work(tx: ManagedTransaction) -> Diff:
            c = {"community_id": community_id}
            groups: dict[str, Members] = {
                r["id"]: [(m[0], m[1]) for m in r["members"]]
                for r in tx.run(q.SMALL_GROUPS, c | {"max_size": max_group_size})
            }
            acts: dict[str, Members] = {
                r["id"]: [(m[0], m[1]) for m in r["attendees"]]
                for r in tx.run(q.SMALL_ACTIVITIES, c | {"max_size": max_activity_size})
            }
            stored = {
                (r["low"], r["high"], r["source"], r["ref"]): r["weight"]
                for r in tx.run(q.DERIVED_EVIDENCE, c | {"sources": list(SOURCES)})
            }
            change = plan(groups, acts, stored)
            if change.drop:
                rows = [
                    dict(zip(("low", "high", "source", "ref"), k, strict=True)) for k in change.drop
                ]
                tx.run(q.DROP_DERIVED_EVIDENCE, rows=rows).consume()
            if change.add:
                tx.run(q.ADD_DERIVED_EVIDENCE, rows=[_row(e) for e in change.add]).consume()
            pairs = [{"low": a, "high": b} for a, b in change.pairs]
            for i in range(0, len(pairs), 500):
                tx.run(q.REFRESH_TIES, pairs=pairs[i : i + 500], threshold=threshold).consume()
            if change.drop or change.add or pairs:
                tx.run(BUMP_VERSIONS, community_ids=[community_id], privacy_ids=[]).consume()
            return change

        with self._driver.session(database=self._database) as s:
            return s.execute_write(work)

    def drop_evaluation_community(self, community_id: str) -> None:
        with self._driver.session(database=self._database) as s:
            s.execute_write(
                lambda tx: tx.run(q.DROP_EVALUATION_COMMUNITY, community_id=community_id).consume()
            )


def _row(e: Evidence) -> dict[str, Any]:
    return {
        "low": e.low,
        "high": e.high,
        "source": e.source,
        "ref": e.ref,
        "weight": e.weight,
        "at": e.at,
    }
