"""Use cases behind the recommendation queries: validate, get the snapshot, score, re-check consent
unless nothing about it changed since the snapshot was read."""

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import anyio
import anyio.to_thread

from matching.adapters.graph.recommend_reader import RecommendReader, ResidentRef
from matching.domain.errors import GraphUnavailable
from matching.recommend.exchanges import exchange_matches
from matching.recommend.explain import Answer
from matching.recommend.groups import recommend_activities, recommend_groups
from matching.recommend.neighbours import recommend_neighbours
from matching.recommend.operators import OperatorAnswer, Requirement, operator_candidates
from matching.recommend.snapshot import Person
from matching.recommend.teams import Team
from matching.recommend.weights import RecommendWeights
from matching.service_layer.privacy_watch import PrivacyWatch
from matching.service_layer.snapshots import Prepared, SnapshotCache
from shulin_kit.errors import InvalidInput, NotFound, TemporarilyUnavailable

T = TypeVar("T")
MAX_FIRST = 50
MAX_TEAM = 12
MAX_SKILLS = 12


@dataclass(frozen=True)
class Result(Generic[T]):
    answer: T
    snapshot_age_s: float


class Busy(TemporarilyUnavailable):
    def __init__(self) -> None:
        super().__init__("推荐服务繁忙，请稍后再试 / recommendations are busy, retry in a moment")


class Scoring:
    """Runs scoring (CPU-bound Python) a few at a time, first come first served.

    More threads than cores only share the interpreter lock: every request in flight gets
    slower together and an overloaded API ends up finishing nothing in time. A request that
    waits longer than `queue_timeout_s` for its turn is answered TEMPORARILY_UNAVAILABLE at once
    (its client would have given up), so the API sheds excess load instead of collapsing.
    """

    def __init__(self, slots: int = 2, queue_timeout_s: float = 3.0) -> None:
        self._slots, self._queue_timeout_s = slots, queue_timeout_s
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, work: Callable[[], T]) -> T:
        if self._limiter is None:  # created in the event loop that uses it
            self._limiter = anyio.CapacityLimiter(self._slots)
        with anyio.move_on_after(self._queue_timeout_s) as waiting:
            await self._limiter.acquire()
        if waiting.cancelled_caught:
            raise Busy()
        try:
            return await anyio.to_thread.run_sync(work)
        finally:
            self._limiter.release()


def without(team: Team, gone: set[str]) -> Team:
    """The team minus residents who may no longer be recommended; their skills uncovered."""
    if not gone:
        return team
    assignment = {s: m for s, m in team.assignment.items() if m not in gone}
    dropped = tuple(s for s, m in team.assignment.items() if m in gone)
    return dataclasses.replace(
        team,
        members=tuple(m for m in team.members if m not in gone),
        assignment=assignment,
        uncovered=team.uncovered + dropped,
    )


def _require_present(ref: ResidentRef, field: str) -> None:
    if ref.removed:
        raise NotFound(f"居民 {ref.id} 已被移除 / resident {ref.id} was removed", field)
    if not ref.exists or ref.community_id is None:
        raise NotFound(f"没有居民 {ref.id} / no resident {ref.id}", field)


def check_first(first: int) -> None:
    if not 1 <= first <= MAX_FIRST:
        raise InvalidInput(f"first must be between 1 and {MAX_FIRST}", "first")


class Recommendations:
    def __init__(
        self,
        reader: RecommendReader,
        cache: SnapshotCache,
        weights: RecommendWeights,
        scoring: Scoring | None = None,
        privacy: PrivacyWatch | None = None,
    ) -> None:
        self._reader, self._cache, self._w = reader, cache, weights
        self._scoring = scoring or Scoring()
        self._privacy = privacy

    def _as_of_now(self, p: Prepared) -> bool:
        """Whether the snapshot still knows who may be recommended, and how, as the graph did at
        a poll a moment ago: nobody in its community opted out, changed mode, was erased or
        left since it was read (see PrivacyWatch). Its answers then need no re-check."""
        s = p.snapshot
        return self._privacy is not None and self._privacy.unchanged(
            s.community_id, s.privacy_version
        )

    async def _recommendable(self, p: Prepared, ids: list[str]) -> set[str]:
        """Which of `ids` may still be recommended: from the snapshot while it is as of now."""
        if self._as_of_now(p):
            return {i for i in ids if i in p.snapshot.consenting}
        return await self._reader.still_recommendable(ids)

    async def warm_up(self, communities: int) -> None:
        """Build the snapshots of the busiest communities now, one after another, so their
        first requests do not wait for it (seconds at 20,000 residents)."""
        for community_id in await self._reader.busiest_communities(communities):
            await self._cache.get(community_id)

    async def community_of(self, resident_id: str) -> str | None:
        """The community of a resident the graph knows (None: unknown or removed)."""
        ref = await self._reader.resident(resident_id)
        return ref.community_id if ref.exists and not ref.removed else None

    async def community_of_listing(self, listing_id: str) -> str | None:
        listing = await self._reader.listing(listing_id)
        return listing.community_id if listing else None

    async def _resolve(self, resident_id: str, field: str, ask_graph: bool) -> Prepared:
        """The snapshot of the resident's community: one already cached that knows them, else
        from the graph (which also refuses unknown and removed residents)."""
        community = None if ask_graph else self._cache.holding(resident_id)
        if community is None:
            ref = await self._reader.resident(resident_id)
            _require_present(ref, field)
            community = ref.community_id
        assert community is not None
        prepared = await self._cache.get(community)
        if resident_id not in prepared.snapshot.people:  # registered after it was built
            prepared = await self._cache.get(community, fresh=True)
        return prepared

    async def _answer(
        self,
        resident_id: str,
        work: Callable[[Prepared, Person], Answer],
        about_residents: bool,
        field: str = "residentId",
    ) -> Result[Answer]:
        """Score from the snapshot, then, unless the snapshot is as of now, check the answer
        against the graph in one round trip: the resident (removed? moved? which recommendation
        mode?) and, when the items are residents, who still consents. A stale guess is scored
        again."""
        ask_graph, mode = False, None
        for _ in range(3):
            p = await self._resolve(resident_id, field, ask_graph)
            known = p.snapshot.people.get(resident_id)
            me = known or Person(resident_id)
            if mode is not None:
                me = dataclasses.replace(me, mode=mode)
            answer = await self._scoring.run(functools.partial(work, p, me))
            if known is not None and mode is None and self._as_of_now(p):
                if about_residents:  # the recommenders propose only these; kept as a guard
                    consenting = p.snapshot.consenting
                    answer = dataclasses.replace(
                        answer, items=[i for i in answer.items if i.id in consenting]
                    )
                return Result(answer, p.age_s())
            ids = [i.id for i in answer.items] if about_residents else []
            ref, allowed = await self._reader.answer_check(resident_id, ids)
            _require_present(ref, field)
            if ref.community_id == p.snapshot.community_id and ref.mode == me.mode:
                if about_residents:
                    answer = dataclasses.replace(
                        answer, items=[i for i in answer.items if i.id in allowed]
                    )
                return Result(answer, p.age_s())
            ask_graph = ref.community_id != p.snapshot.community_id
            mode = ref.mode
        raise GraphUnavailable()  # the resident kept changing under us: ask again shortly

    async def groups(self, resident_id: str, first: int) -> Result[Answer]:
        check_first(first)
        w = self._w.groups
        return await self._answer(
            resident_id,
            lambda p, me: recommend_groups(p.snapshot, me, first, p.similarity, w),
            about_residents=False,
        )

    async def activities(self, resident_id: str, first: int) -> Result[Answer]:
        check_first(first)
        w = self._w.activities
        return await self._answer(
            resident_id,
            lambda p, me: recommend_activities(p.snapshot, me, first, p.similarity, w),
            about_residents=False,
        )

    async def neighbours(self, resident_id: str, first: int) -> Result[Answer]:
        check_first(first)
        w = self._w.neighbours
        return await self._answer(
            resident_id,
            lambda p, me: recommend_neighbours(p.snapshot, me, first, w),
            about_residents=True,
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
            if not self._cache.knows_skill(skill) and await self._reader.unknown_skills([skill]):
                raise InvalidInput(f"未知技能 {skill} / unknown skill {skill}", "skill")
            tags = [skill]
        else:
            raise InvalidInput("give a listingId, or a residentId and a skill", "listingId")
        w = self._w.exchanges
        return await self._answer(
            resident_id,
            lambda p, me: exchange_matches(p.snapshot, me, tags, offering, p.similarity, w, first),
            about_residents=True,
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
        if self._cache.peek(community_id) is None and not await self._reader.community_exists(
            community_id
        ):
            raise NotFound(f"没有社区 {community_id} / no community {community_id}", "communityId")
        p = await self._cache.get(community_id)
        # The snapshot answers for what it knows; only what it does not know is asked of the graph.
        tags = sorted({s.tag for s in skills})
        unknown = await self._reader.unknown_skills([t for t in tags if t not in p.snapshot.skills])
        if unknown:
            raise InvalidInput(f"未知技能 / unknown skills: {', '.join(unknown)}", "skills")
        elsewhere = [b for b in building_ids if b not in p.snapshot.building_ids]
        if elsewhere:
            buildings = await self._reader.building_communities(elsewhere)
            if any(c != community_id for c in buildings.values()):
                raise InvalidInput("every building must belong to the community", "buildingIds")
        if leader_id is not None:
            ref = await self._reader.resident(leader_id)
            if ref.removed or not ref.exists:
                raise NotFound(f"没有居民 {leader_id} / no resident {leader_id}", "leaderId")
            if ref.community_id != community_id:
                raise InvalidInput("the leader lives in another community", "leaderId")
            if leader_id not in p.snapshot.people:
                p = await self._cache.get(community_id, fresh=True)
        for attempt in range(2):
            answer = await self._scoring.run(
                functools.partial(
                    operator_candidates,
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
            proposed = [m for m in answer.team.members if m != leader_id]  # the leader was chosen
            allowed = await self._recommendable(
                p, sorted({c.id for c in answer.candidates} | set(proposed))
            )
            if attempt or all(m in allowed for m in proposed):
                break
            # someone in the team withdrew consent after the snapshot: build the team again
            p = await self._cache.get(community_id, fresh=True)
        gone = {m for m in proposed if m not in allowed}
        candidates = [c for c in answer.candidates if c.id in allowed]
        answer = dataclasses.replace(answer, candidates=candidates, team=without(answer.team, gone))
        return Result(dataclasses.replace(answer, candidates=candidates), p.age_s())
