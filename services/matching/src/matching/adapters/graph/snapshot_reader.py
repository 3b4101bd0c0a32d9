"""A community's snapshot read from the graph, with the synchronous driver.

Built in a worker thread: the synchronous driver reads a 20,000-resident community with about
half the CPU of the async one (no event-loop round trip per network chunk), and the event loop
keeps answering requests meanwhile.
"""

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any, LiteralString

from neo4j import Driver

from matching.adapters.graph import recommend_reads as q
from matching.recommend.snapshot import Activity, Group, Help, Person, Snapshot, TagInfo, pair
from shulin_events.schemas import GLOBAL_COMMUNITY


def graph_version(records: list[Any]) -> tuple[int, int]:
    """(the community's version, the taxonomy's) from a GRAPH_VERSION result."""
    return int(records[0]["version"]), int(records[0]["global_version"])


def _from_ms(ms: int | None) -> datetime | None:
    return None if ms is None else datetime.fromtimestamp(ms / 1000, UTC)


class SnapshotReader:
    def __init__(self, driver: Driver, database: str) -> None:
        self._driver = driver
        self._database = database

    def _read(self, statement: LiteralString, **params: Any) -> list[Any]:
        records, _, _ = self._driver.execute_query(
            statement, params, database_=self._database, routing_="r"
        )
        return list(records)

    def snapshot(self, community_id: str) -> Snapshot:
        """The whole community as plain data (seconds at 20,000 residents: call it off the loop).
        Its version is read first: a change committed after that makes the version move on."""
        c = {"community_id": community_id}
        versions = self._read(q.GRAPH_VERSION, **c, global_id=GLOBAL_COMMUNITY)
        people = {
            r["id"]: Person(
                id=r["id"],
                building_id=r["building_id"],
                compound_id=r["compound_id"],
                floor=r["floor"],
                household_id=r["household_id"],
                may_be_recommended=r["may_be_recommended"],
                mode=r["mode"],
                skills={tag: int(level or 1) for tag, level in r["skills"]},
                interests=frozenset(r["interests"]),
                offers=frozenset(r["offers"]),
                needs=frozenset(r["needs"]),
                availability=tuple(r["availability"]),
                volunteer_points=float(r["volunteer_points"]),
                last_contribution_at=_from_ms(r["last_contribution_ms"]),
            )
            for r in self._read(q.SNAPSHOT_RESIDENTS, **c)
        }
        ties = {pair(r["a"], r["b"]): float(r["weight"]) for r in self._read(q.SNAPSHOT_TIES, **c)}
        pending: dict[str, set[str]] = defaultdict(set)
        for r in self._read(q.SNAPSHOT_DECLARED, **c):
            pending[r["by"]].add(r["about"])
            pending[r["about"]].add(r["by"])
        groups = {
            r["id"]: Group(
                id=r["id"],
                name=r["name"],
                tags=tuple(r["tags"]),
                building_id=r["building_id"],
                compound_id=r["compound_id"],
                members=frozenset(m for m, _ in r["members"]),
                leaders=frozenset(m for m, role in r["members"] if role in ("leader", "organiser")),
            )
            for r in self._read(q.SNAPSHOT_GROUPS, **c)
        }
        activities = {
            r["id"]: Activity(
                id=r["id"],
                title=r["title"],
                tags=tuple(r["tags"]),
                starts_at=_from_ms(r["starts_ms"]),
                building_ids=tuple(r["building_ids"]),
                cancelled=r["cancelled"],
                attended={m: _from_ms(at) for m, at in r["attended"]},
                registered=frozenset(r["registered"]),
            )
            for r in self._read(q.SNAPSHOT_ACTIVITIES, **c)
        }
        helps = [
            Help(r["helper_id"], r["helped_id"], 1, r["rating"], _from_ms(r["at_ms"]))
            for r in self._read(q.SNAPSHOT_HELPS, **c)
        ]
        skills: dict[str, TagInfo] = {}
        interests: dict[str, TagInfo] = {}
        for r in self._read(q.TAXONOMY):
            info = TagInfo(
                r["tag"], r["name_zh"], r["name_en"], tuple(r["synonyms"]), r["description"]
            )
            (skills if r["kind"] == "skill" else interests)[r["tag"]] = info
        return Snapshot(
            community_id,
            datetime.now(UTC),
            people,
            ties,
            groups,
            activities,
            helps,
            skills,
            interests,
            version=graph_version(versions),
            privacy_version=int(versions[0]["privacy"]),
            pending={who: frozenset(others) for who, others in pending.items()},
        )
