"""Use cases behind the recommendation queries: validate, get the snapshot, score, re-check consent."""

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import anyio.to_thread

from matching.adapters.graph.recommend_reader import RecommendReader
from matching.recommend.exchanges import exchange_matches
from matching.recommend.explain import Answer
from matching.recommend.groups import recommend_activities, recommend_groups
from matching.recommend.neighbours import recommend_neighbours
from matching.recommend.operators import OperatorAnswer, Requirement, operator_candidates
from matching.recommend.snapshot import Person
from matching.recommend.weights import RecommendWeights
from matching.service_layer.snapshots import Prepared, SnapshotCache
from shulin_kit.errors import InvalidInput, NotFound

T = TypeVar("T")
MAX_FIRST = 50
MAX_TEAM = 12
MAX_SKILLS = 12


@dataclass(frozen=True)
class Result(Generic[T]):
    answer: T
    snapshot_age_s: float


def check_first(first: int) -> None:
    if not 1 <= first <= MAX_FIRST:
        raise InvalidInput(f"first must be between 1 and {MAX_FIRST}", "first")


class Recommendations:
    def __init__(
        self, reader: RecommendReader, cache: SnapshotCache, weights: RecommendWeights
    ) -> None:
        self._reader, self._cache, self._w = reader, cache, weights

    async def community_of(self, resident_id: str) -> str | None:
        """The community of a resident the graph knows (None: unknown or removed)."""
        ref = await self._reader.resident(resident_id)
        return ref.community_id if ref.exists and not ref.removed else None

    async def community_of_listing(self, listing_id: str) -> str | None:
        listing = await self._reader.listing(listing_id)
        return listing.community_id if listing else None

    async def _me(self, resident_id: str, field: str = "residentId") -> tuple[Prepared, Person]:
        ref = await self._reader.resident(resident_id)
        if ref.removed:
            raise NotFound(
                f"居民 {resident_id} 已被移除 / resident {resident_id} was removed", field
            )
        if not ref.exists or ref.community_id is None:
            raise NotFound(f"没有居民 {resident_id} / no resident {resident_id}", field)
        prepared = await self._cache.get(ref.community_id)
        if resident_id not in prepared.snapshot.people:  # registered after the snapshot was built
            prepared = await self._cache.get(ref.community_id, fresh=True)
        person = prepared.snapshot.people.get(resident_id) or Person(resident_id)
        return prepared, dataclasses.replace(person, mode=ref.mode)  # the mode as of now

    async def _score(self, prepared: Prepared, work: Callable[[], Answer]) -> Result[Answer]:
        answer = await anyio.to_thread.run_sync(work)
        allowed = (
            await self._reader.still_recommendable([i.id for i in answer.items])
            if answer.items
            else set()
        )
        return Result(
            dataclasses.replace(answer, items=[i for i in answer.items if i.id in allowed]),
            prepared.age_s(),
        )

    async def groups(self, resident_id: str, first: int) -> Result[Answer]:
        check_first(first)
        p, me = await self._me(resident_id)
        answer = await anyio.to_thread.run_sync(
            lambda: recommend_groups(p.snapshot, me, first, p.similarity, self._w.groups)
        )
        return Result(answer, p.age_s())

    async def activities(self, resident_id: str, first: int) -> Result[Answer]:
        check_first(first)
        p, me = await self._me(resident_id)
        answer = await anyio.to_thread.run_sync(
            lambda: recommend_activities(p.snapshot, me, first, p.similarity, self._w.activities)
        )
        return Result(answer, p.age_s())

    async def neighbours(self, resident_id: str, first: int) -> Result[Answer]:
        check_first(first)
        p, me = await self._me(resident_id)
        return await self._score(
            p, lambda: recommend_neighbours(p.snapshot, me, first, self._w.neighbours)
        )

    async def exchanges(
        self,
        listing_id: str | None,
        resident_id: str | None,
        skill: str | None,
        offering: bool,
        first: int,
    ) -> Result[Answer]:
        check_first(first)
        if listing_id is not None:
            listing = await self._reader.listing(listing_id)
            if listing is None:
                raise NotFound(f"没有清单 {listing_id} / no listing {listing_id}", "listingId")
            if resident_id is not None and resident_id != listing.resident_id:
                raise InvalidInput("this listing belongs to another resident", "residentId")
            resident_id, tags, offering = listing.resident_id, listing.tags, listing.offering
        elif resident_id is not None and skill is not None:
            if await self._reader.unknown_skills([skill]):
                raise InvalidInput(f"未知技能 {skill} / unknown skill {skill}", "skill")
            tags = [skill]
        else:
            raise InvalidInput("give a listingId, or a residentId and a skill", "listingId")
        p, me = await self._me(resident_id)
        w = self._w.exchanges
        return await self._score(
            p, lambda: exchange_matches(p.snapshot, me, tags, offering, p.similarity, w, first)
        )

    async def operators(
        self,
        community_id: str,
        skills: Sequence[Requirement],
        team_size: int,
        building_ids: Sequence[str],
        leader_id: str | None,
        first: int,
    ) -> Result[OperatorAnswer]:
        check_first(first)
        if not 1 <= team_size <= MAX_TEAM:
            raise InvalidInput(f"teamSize must be between 1 and {MAX_TEAM}", "teamSize")
        if not 1 <= len(skills) <= MAX_SKILLS:
            raise InvalidInput(f"give between 1 and {MAX_SKILLS} skills", "skills")
        if any(not 1 <= s.min_level <= 5 for s in skills):
            raise InvalidInput("minLevel must be between 1 and 5", "skills")
        if not await self._reader.community_exists(community_id):
            raise NotFound(f"没有社区 {community_id} / no community {community_id}", "communityId")
        unknown = await self._reader.unknown_skills(sorted({s.tag for s in skills}))
        if unknown:
            raise InvalidInput(f"未知技能 / unknown skills: {', '.join(unknown)}", "skills")
        buildings = await self._reader.building_communities(list(building_ids))
        if any(c != community_id for c in buildings.values()):
            raise InvalidInput("every building must belong to the community", "buildingIds")
        if leader_id is not None:
            ref = await self._reader.resident(leader_id)
            if ref.removed or not ref.exists:
                raise NotFound(f"没有居民 {leader_id} / no resident {leader_id}", "leaderId")
            if ref.community_id != community_id:
                raise InvalidInput("the leader lives in another community", "leaderId")
        p = await self._cache.get(community_id)
        if leader_id is not None and leader_id not in p.snapshot.people:
            p = await self._cache.get(community_id, fresh=True)
        answer = await anyio.to_thread.run_sync(
            lambda: operator_candidates(
                p.snapshot,
                skills,
                team_size,
                building_ids,
                p.similarity,
                self._w.operators,
                first,
                leader_id,
            )
        )
        allowed = await self._reader.still_recommendable([c.id for c in answer.candidates])
        candidates = [c for c in answer.candidates if c.id in allowed]
        return Result(dataclasses.replace(answer, candidates=candidates), p.age_s())
