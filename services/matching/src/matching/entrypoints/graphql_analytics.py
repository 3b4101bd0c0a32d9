"""Planner analytics in the matching subgraph: aggregates only, small cells suppressed.

`AnalyticsQuery` is merged into the subgraph's Query; its resolvers use
`info.context.container.analytics` (an AnalyticsService, see matching.analytics.wiring).
"""
# mypy: disable-error-code="untyped-decorator"

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import strawberry
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from strawberry.types import Info

from matching.analytics import table
from matching.analytics.model import Level
from matching.analytics.service import AnalyticsService, Scope
from matching.analytics.windows import Window as DomainWindow
from matching.analytics.windows import monthly_windows, window
from matching.domain.errors import GraphUnavailable
from matching.entrypoints.graphql_analytics_types import (
    AnalyticsLevel,
    BeforeAfterComparison,
    BeforeAfterRow,
    BridgeBuildings,
    BuildingBridge,
    DetectedGroup,
    DetectedGroups,
    Figure,
    MetricChange,
    NeighbourNetwork,
    UnitMetrics,
    Window,
    WindowInput,
)
from shulin_kit.errors import InvalidInput
from shulin_kit.identity import ANALYSTS, require_role_in
from shulin_kit.subgraph import identity_of


@asynccontextmanager
async def analytics_errors() -> AsyncIterator[None]:
    try:
        yield
    except (ServiceUnavailable, SessionExpired, OSError):
        raise GraphUnavailable() from None


def service(info: Info[Any, None]) -> AnalyticsService:
    analytics: AnalyticsService = info.context.container.analytics
    return analytics


def _window(w: WindowInput | None, name: str = "window") -> DomainWindow | None:
    return None if w is None else window(w.start, w.end, name)


def _scope(
    level: AnalyticsLevel,
    compound_id: strawberry.ID | None,
    building_ids: list[strawberry.ID] | None,
) -> Scope:
    return Scope(Level(level.value), compound_id, tuple(building_ids or ()))


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(description="每栋楼（或小区、社区）的邻里网络指标 Per-unit network table.")
    async def neighbour_network(
        self,
        info: Info[Any, None],
        community_id: strawberry.ID,
        window: WindowInput | None = None,
        level: AnalyticsLevel = AnalyticsLevel.BUILDING,
        compound_id: strawberry.ID | None = None,
        building_ids: list[strawberry.ID] | None = None,
    ) -> NeighbourNetwork:
        require_role_in(identity_of(info), community_id, ANALYSTS, "analytics")
        async with analytics_errors():
            t = await service(info).network(
                community_id, _window(window), _scope(level, compound_id, building_ids)
            )
        return NeighbourNetwork.of(t)

    @strawberry.field(
        description="趋势：每个窗口一张表；给出 windows，或 firstMonth 与 months（按月）"
        " / One table per window: `windows`, or `months` calendar months from `firstMonth`."
    )
    async def neighbour_network_trend(
        self,
        info: Info[Any, None],
        community_id: strawberry.ID,
        windows: list[WindowInput] | None = None,
        first_month: date | None = None,
        months: int | None = None,
        level: AnalyticsLevel = AnalyticsLevel.BUILDING,
        compound_id: strawberry.ID | None = None,
        building_ids: list[strawberry.ID] | None = None,
    ) -> list[NeighbourNetwork]:
        require_role_in(identity_of(info), community_id, ANALYSTS, "analytics")
        if windows is not None:
            chosen = [window(w.start, w.end, f"windows[{i}]") for i, w in enumerate(windows)]
        elif first_month is not None and months is not None:
            chosen = monthly_windows(first_month, months)
        else:
            raise InvalidInput("give windows, or firstMonth and months", "windows")
        async with analytics_errors():
            tables = await service(info).trend(
                community_id, chosen, _scope(level, compound_id, building_ids)
            )
        return [NeighbourNetwork.of(t) for t in tables]

    @strawberry.field(description="前后对比 Before / after a pivot date or a programme's start.")
    async def network_before_after(
        self,
        info: Info[Any, None],
        community_id: strawberry.ID,
        pivot: date | None = None,
        programme: str | None = None,
        days_before: int = 90,
        days_after: int = 90,
        level: AnalyticsLevel = AnalyticsLevel.BUILDING,
        compound_id: strawberry.ID | None = None,
        building_ids: list[strawberry.ID] | None = None,
    ) -> BeforeAfterComparison:
        require_role_in(identity_of(info), community_id, ANALYSTS, "analytics")
        async with analytics_errors():
            ba = await service(info).before_after(
                community_id,
                _scope(level, compound_id, building_ids),
                pivot,
                programme,
                days_before,
                days_after,
            )
        return BeforeAfterComparison(
            community_id=strawberry.ID(ba.community_id),
            programme=ba.programme,
            pivot=ba.pivot,
            before=Window.of(ba.before.window),
            after=Window.of(ba.after.window),
            rows=[
                BeforeAfterRow(
                    unit_id=strawberry.ID(r.unit_id),
                    name=r.name,
                    before=UnitMetrics.of(r.before),
                    after=UnitMetrics.of(r.after),
                    changes=[
                        MetricChange(
                            metric=m,
                            before=Figure.of(r.before.figure(m)),
                            after=Figure.of(r.after.figure(m)),
                            change=Figure.of(r.change(m)),
                        )
                        for m, _ in table.METRICS
                    ],
                )
                for r in ba.rows
            ],
        )

    @strawberry.field(description="桥接楼栋 Buildings that bridge others (building graph).")
    async def bridge_buildings(
        self,
        info: Info[Any, None],
        community_id: strawberry.ID,
        window: WindowInput | None = None,
        limit: int = 20,
    ) -> BridgeBuildings:
        require_role_in(identity_of(info), community_id, ANALYSTS, "analytics")
        async with analytics_errors():
            t = await service(info).bridges(community_id, _window(window), limit)
        return BridgeBuildings(
            community_id=strawberry.ID(t.community_id),
            window=Window.of(t.window),
            rows=[
                BuildingBridge(
                    building_id=strawberry.ID(r.building_id),
                    name=r.name,
                    bridging=Figure.of(r.bridging),
                    cross_building_ties=Figure.of(r.cross_building_ties),
                    linked_buildings=Figure.of(r.linked_buildings),
                )
                for r in t.rows
            ],
            computed_at=t.freshness.computed_at,
            age_seconds=t.freshness.age_seconds,
        )

    @strawberry.field(description="社群发现 Groups detected in the tie graph (Louvain).")
    async def detected_groups(
        self, info: Info[Any, None], community_id: strawberry.ID, window: WindowInput | None = None
    ) -> DetectedGroups:
        require_role_in(identity_of(info), community_id, ANALYSTS, "analytics")
        async with analytics_errors():
            g = await service(info).groups(community_id, _window(window))
        return DetectedGroups(
            community_id=strawberry.ID(g.community_id),
            window=Window.of(g.window),
            groups=[
                DetectedGroup(
                    rank=x.rank,
                    size=Figure.of(x.size),
                    buildings_spanned=Figure.of(x.buildings_spanned),
                    share_of_residents=Figure.of(x.share_of_residents),
                )
                for x in g.groups
            ],
            small_groups=g.small_groups,
            residents_in_small_groups=Figure.of(g.residents_in_small_groups),
            isolates=Figure.of(g.isolates),
            modularity=g.modularity,
            computed_at=g.freshness.computed_at,
            age_seconds=g.freshness.age_seconds,
        )
