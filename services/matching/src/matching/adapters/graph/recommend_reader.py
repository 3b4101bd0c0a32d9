"""Asynchronous reads for the recommendations: look-ups that validate input, and snapshots."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, LiteralString

from neo4j import AsyncDriver
from neo4j.time import DateTime

from matching.adapters.graph import recommend_reads as q
from matching.recommend.snapshot import Activity, Group, Help, Person, Snapshot, TagInfo, pair


@dataclass(frozen=True)
class ResidentRef:
    id: str
    community_id: str | None
    removed: bool
    exists: bool
    mode: str = "personalised"


@dataclass(frozen=True)
class ListingRef:
    id: str
    resident_id: str
    community_id: str | None
    offering: bool
    tags: list[str]


def _native(value: Any) -> datetime | None:
    if isinstance(value, DateTime):
        native = value.to_native()
        return native if native.tzinfo else native.replace(tzinfo=UTC)
    return None


class RecommendReader:
    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self._driver = driver
        self._database = database

    async def _read(self, statement: LiteralString, **params: Any) -> list[Any]:
        records, _, _ = await self._driver.execute_query(
            statement, params, database_=self._database, routing_="r"
        )
        return list(records)

    async def community_exists(self, community_id: str) -> bool:
        return bool(await self._read(q.COMMUNITY, community_id=community_id))

    async def resident(self, resident_id: str) -> ResidentRef:
        r = (await self._read(q.RESIDENT, resident_id=resident_id))[0]
        return ResidentRef(
            resident_id, r["community_id"], r["removed"], r["id"] is not None, r["mode"]
        )

    async def still_recommendable(self, ids: list[str]) -> set[str]:
        return {r["id"] for r in await self._read(q.STILL_RECOMMENDABLE, ids=ids)}

    async def building_communities(self, building_ids: list[str]) -> dict[str, str | None]:
        rows = await self._read(q.BUILDINGS, building_ids=building_ids)
        return {r["id"]: r["community_id"] for r in rows}

    async def unknown_skills(self, tags: list[str]) -> list[str]:
        rows = await self._read(q.KNOWN_SKILLS, tags=tags)
        return sorted(r["tag"] for r in rows if not r["known"])

    async def listing(self, listing_id: str) -> ListingRef | None:
        rows = await self._read(q.LISTING, listing_id=listing_id)
        if not rows:
            return None
        r = rows[0]
        return ListingRef(
            listing_id, r["resident_id"], r["community_id"], r["kind"] == "OFFERS", list(r["tags"])
        )

    async def snapshot(self, community_id: str) -> Snapshot:
        c = {"community_id": community_id}
        people = {
            r["id"]: Person(
                id=r["id"],
                building_id=r["building_id"],
                compound_id=r["compound_id"],
                floor=r["floor"],
                may_be_recommended=r["may_be_recommended"],
                mode=r["mode"],
                skills={tag: int(level or 1) for tag, level in r["skills"]},
                interests=frozenset(r["interests"]),
                offers=frozenset(r["offers"]),
                needs=frozenset(r["needs"]),
                availability=tuple(r["availability"]),
                volunteer_points=float(r["volunteer_points"]),
                last_contribution_at=_native(r["last_contribution_at"]),
            )
            for r in await self._read(q.SNAPSHOT_RESIDENTS, **c)
        }
        ties = {
            pair(r["a"], r["b"]): float(r["weight"]) for r in await self._read(q.SNAPSHOT_TIES, **c)
        }
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
            for r in await self._read(q.SNAPSHOT_GROUPS, **c)
        }
        activities = {
            r["id"]: Activity(
                id=r["id"],
                title=r["title"],
                tags=tuple(r["tags"]),
                starts_at=_native(r["starts_at"]),
                building_ids=tuple(r["building_ids"]),
                cancelled=r["cancelled"],
                attended={m: _native(at) for m, at in r["attended"]},
                registered=frozenset(r["registered"]),
            )
            for r in await self._read(q.SNAPSHOT_ACTIVITIES, **c)
        }
        helps = [
            Help(r["helper_id"], r["helped_id"], 1, r["rating"], _native(r["at"]))
            for r in await self._read(q.SNAPSHOT_HELPS, **c)
        ]
        skills: dict[str, TagInfo] = {}
        interests: dict[str, TagInfo] = {}
        for r in await self._read(q.TAXONOMY):
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
        )
