"""Planner analytics use cases: fetch a community's facts once, compute tables per window.

Network figures are computed on the graph as it stood at each window's end; activity figures
count what happened during the window. The building-level bridging and the Louvain groups are
cached (TTL) per community and window end, and every answer says how fresh they are.
"""

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from matching.analytics.cache import Fresh, TtlCache
from matching.analytics.model import CommunityFacts, Level
from matching.analytics.reports import (
    BeforeAfter,
    BridgeTable,
    Bridging,
    Freshness,
    Groups,
    GroupsTable,
    NetworkTable,
    bridge_rows,
    bridging_of,
    groups_of,
    groups_table,
)
from matching.analytics.table import State, state_at, unit_rows
from matching.analytics.windows import Window, around, check_windows, last_days, local_today
from shulin_kit.errors import InvalidInput, NotFound

DEFAULT_TTL_SECONDS = 600.0


class AnalyticsFacts(Protocol):
    async def community_facts(
        self, community_id: str, windows: list[tuple[datetime, datetime]]
    ) -> CommunityFacts | None: ...
    async def building_communities(self, building_ids: list[str]) -> dict[str, str | None]: ...
    async def programme_start(self, community_id: str, programme: str) -> int | None: ...


@dataclass(frozen=True)
class Scope:
    """Which units a table covers: one level, optionally one compound or some buildings."""

    level: Level = Level.BUILDING
    compound_id: str | None = None
    building_ids: tuple[str, ...] = ()


class AnalyticsService:
    def __init__(
        self,
        facts: AnalyticsFacts,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._facts = facts
        self._now = now
        self._cache = TtlCache(ttl_seconds)
        self.ttl_seconds = ttl_seconds
        self._viewed: dict[str, datetime] = {}  # community -> when a planner last asked

    async def refresh_viewed(self, within_seconds: float = 3600.0) -> int:
        """Recompute the heavier figures of the communities planners looked at recently, so the
        default table stays warm instead of the first request after expiry paying for it."""
        now = self._now()
        viewed = [
            c for c, at in self._viewed.items() if (now - at).total_seconds() <= within_seconds
        ]
        for community_id in viewed:
            window = self.default_window()
            facts = await self._facts.community_facts(community_id, [(window.start, window.end)])
            if facts is None:
                self._viewed.pop(community_id, None)
                continue

            def compute(facts: CommunityFacts = facts, window: Window = window) -> None:
                state = state_at(facts, window, 0)
                key = ("bridging", facts.community_id, window.end_ms)
                self._cache.put(key, bridging_of(facts, state))

            await asyncio.to_thread(compute)
        return len(viewed)

    def default_window(self) -> Window:
        return last_days(local_today(self._now()))

    async def network(self, community_id: str, window: Window | None, scope: Scope) -> NetworkTable:
        """The per-unit table of one window (the last 30 days if none is given)."""
        self._viewed[community_id] = self._now()
        return (await self.trend(community_id, [window or self.default_window()], scope))[0]

    async def trend(
        self, community_id: str, windows: Sequence[Window], scope: Scope
    ) -> list[NetworkTable]:
        """One table per window, from a single fetch of the community's facts."""
        wins = check_windows(list(windows))
        facts = await self._load(community_id, wins, scope)
        return await asyncio.to_thread(
            lambda: [self._table(facts, w, i, scope) for i, w in enumerate(wins)]
        )

    async def before_after(
        self,
        community_id: str,
        scope: Scope,
        pivot: date | None = None,
        programme: str | None = None,
        days_before: int = 90,
        days_after: int = 90,
    ) -> BeforeAfter:
        """The same table for the window before `pivot` (or a programme's first activity)
        and the window starting on it."""
        if pivot is None:
            if not programme:
                raise InvalidInput("give a pivot date or a programme", "pivot")
            starts_ms = await self._facts.programme_start(community_id, programme)
            if starts_ms is None:
                raise NotFound(
                    f"no activity of programme {programme!r} in this community", "programme"
                )
            pivot = local_today(datetime.fromtimestamp(starts_ms / 1000, UTC))
        before, after = around(pivot, days_before, days_after)
        tables = await self.trend(community_id, [before, after], scope)
        return BeforeAfter.of(programme, pivot, tables[0], tables[1])

    async def bridges(self, community_id: str, window: Window | None, limit: int) -> BridgeTable:
        if not 1 <= limit <= 1000:
            raise InvalidInput("limit must be between 1 and 1000", "limit")
        w = window or self.default_window()
        facts = await self._load(community_id, [w], Scope())

        def compute() -> BridgeTable:
            state = state_at(facts, w, 0)
            fresh = self._bridging(facts, w, state)
            rows = bridge_rows(facts, state, fresh.value)[:limit]
            return BridgeTable(facts.community_id, w, rows, _freshness(fresh))

        return await asyncio.to_thread(compute)

    async def groups(self, community_id: str, window: Window | None) -> GroupsTable:
        w = window or self.default_window()
        facts = await self._load(community_id, [w], Scope())

        def compute() -> GroupsTable:
            state = state_at(facts, w, 0)
            fresh: Fresh[Groups] = self._cache.get_or_compute(
                ("groups", facts.community_id, w.end_ms), lambda: groups_of(state)
            )
            return groups_table(facts, w, state, fresh.value, _freshness(fresh))

        return await asyncio.to_thread(compute)

    def _bridging(self, facts: CommunityFacts, window: Window, state: State) -> Fresh[Bridging]:
        return self._cache.get_or_compute(
            ("bridging", facts.community_id, window.end_ms), lambda: bridging_of(facts, state)
        )

    def _table(
        self, facts: CommunityFacts, window: Window, index: int, scope: Scope
    ) -> NetworkTable:
        state = state_at(facts, window, index)
        fresh = self._bridging(facts, window, state)
        rows = unit_rows(
            facts,
            state,
            scope.level,
            scope.building_ids or None,
            scope.compound_id,
            fresh.value.betweenness,
        )
        return NetworkTable(
            facts.community_id, facts.name, window, scope.level, rows, _freshness(fresh)
        )

    async def _load(self, community_id: str, windows: list[Window], scope: Scope) -> CommunityFacts:
        facts = await self._facts.community_facts(community_id, [(w.start, w.end) for w in windows])
        if facts is None:
            raise NotFound(f"社区不存在 / unknown community {community_id!r}", "communityId")
        await self._check_scope(facts, scope)
        return facts

    async def _check_scope(self, facts: CommunityFacts, scope: Scope) -> None:
        if scope.building_ids and scope.level is not Level.BUILDING:
            raise InvalidInput("buildingIds only filters the building level", "buildingIds")
        if scope.compound_id is not None and not any(
            b.compound_id == scope.compound_id for b in facts.buildings
        ):
            raise NotFound(
                f"小区不在本社区 / compound {scope.compound_id!r} is not in this community",
                "compoundId",
            )
        known = {b.id for b in facts.buildings}
        missing = [b for b in scope.building_ids if b not in known]
        if not missing:
            return
        elsewhere = await self._facts.building_communities(missing)
        for b in missing:
            if b not in elsewhere:
                raise NotFound(f"楼栋不存在 / unknown building {b!r}", "buildingIds")
            raise InvalidInput(
                f"楼栋属于其他社区 / building {b!r} belongs to another community", "buildingIds"
            )


def _freshness(fresh: Fresh[Bridging] | Fresh[Groups]) -> Freshness:
    return Freshness(fresh.computed_at, round(fresh.age_seconds, 3))
