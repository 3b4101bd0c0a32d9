"""GraphQL types of planner analytics: aggregates only; a suppressed figure has no value."""
# mypy: disable-error-code="untyped-decorator"

from dataclasses import fields
from datetime import date, datetime
from enum import Enum

import strawberry

from matching.analytics import reports, table
from matching.analytics import suppression as s
from matching.analytics.windows import Window as DomainWindow


@strawberry.enum(description="统计单元 The unit figures are aggregated over.")
class AnalyticsLevel(Enum):
    BUILDING = "building"
    COMPOUND = "compound"
    COMMUNITY = "community"


@strawberry.input(
    description="时间窗口：本地日期（北京时间），首尾两天均包含 / Local days, both included."
)
class WindowInput:
    start: date
    end: date


@strawberry.type(description="A time window: local days (Asia/Shanghai), both included.")
class Window:
    start: date
    end: date
    label: str

    @staticmethod
    def of(w: DomainWindow) -> "Window":
        return Window(start=w.first_day, end=w.last_day, label=w.label)


@strawberry.type(
    description="一个统计数字。涉及不足5名居民时不予显示（suppressed=true，value 为空，而非0）"
    " / A figure; suppressed (value null, never zero) when it would describe fewer than 5"
    " residents."
)
class Figure:
    value: float | None
    suppressed: bool
    reason: str | None

    @staticmethod
    def of(f: s.Figure) -> "Figure":
        return Figure(value=f.value, suppressed=f.suppressed, reason=f.reason)


@strawberry.type(description="一个楼栋/小区/社区的邻里网络指标 Network health of one unit.")
class UnitMetrics:
    level: AnalyticsLevel
    unit_id: strawberry.ID
    name: str
    compound_id: strawberry.ID | None
    residents: Figure
    ties: Figure
    density: Figure = strawberry.field(description="熟人率：熟识对数/可能对数 (0–1)")
    mean_degree: Figure
    clustering: Figure
    isolates: Figure = strawberry.field(description="无任何熟人关系的居民数")
    isolated_elderly_alone: Figure
    largest_group_share: Figure
    cross_building_ties: Figure
    bridging: Figure = strawberry.field(description="楼栋桥接度：楼栋图上的介数中心性 (0–1)")
    participants: Figure
    participation_rate: Figure
    volunteer_hours: Figure
    exchanges_completed: Figure
    wishes_fulfilled: Figure

    @staticmethod
    def of(row: table.UnitRow) -> "UnitMetrics":
        figures = {f.name: Figure.of(row.figure(f.name)) for f in fields(row) if f.name in _METRICS}
        return UnitMetrics(
            level=AnalyticsLevel(row.level.value),
            unit_id=strawberry.ID(row.unit_id),
            name=row.name,
            compound_id=strawberry.ID(row.compound_id) if row.compound_id else None,
            **figures,
        )


_METRICS = frozenset(m for m, _ in table.METRICS)


@strawberry.type(description="每个单元一行的邻里网络表 One row per unit, for one window.")
class NeighbourNetwork:
    community_id: strawberry.ID
    community_name: str
    window: Window
    level: AnalyticsLevel
    rows: list[UnitMetrics]
    computed_at: datetime = strawberry.field(
        description="桥接度的计算时间 When bridging was computed."
    )
    age_seconds: float

    @staticmethod
    def of(t: reports.NetworkTable) -> "NeighbourNetwork":
        return NeighbourNetwork(
            community_id=strawberry.ID(t.community_id),
            community_name=t.community_name,
            window=Window.of(t.window),
            level=AnalyticsLevel(t.level.value),
            rows=[UnitMetrics.of(r) for r in t.rows],
            computed_at=t.freshness.computed_at,
            age_seconds=t.freshness.age_seconds,
        )


@strawberry.type
class BuildingBridge:
    building_id: strawberry.ID
    name: str
    bridging: Figure
    cross_building_ties: Figure
    linked_buildings: Figure


@strawberry.type(description="哪些楼栋连接了其他楼栋 Buildings by how much they bridge others.")
class BridgeBuildings:
    community_id: strawberry.ID
    window: Window
    rows: list[BuildingBridge]
    computed_at: datetime
    age_seconds: float


@strawberry.type
class DetectedGroup:
    rank: int
    size: Figure
    buildings_spanned: Figure
    share_of_residents: Figure


@strawberry.type(description="Louvain 社群发现（固定随机种子）Groups found in the tie graph.")
class DetectedGroups:
    community_id: strawberry.ID
    window: Window
    groups: list[DetectedGroup]
    small_groups: int
    residents_in_small_groups: Figure
    isolates: Figure
    modularity: float | None
    computed_at: datetime
    age_seconds: float


@strawberry.type
class MetricChange:
    metric: str
    before: Figure
    after: Figure
    change: Figure


@strawberry.type
class BeforeAfterRow:
    unit_id: strawberry.ID
    name: str
    before: UnitMetrics
    after: UnitMetrics
    changes: list[MetricChange]


@strawberry.type(description="活动项目前后对比 Before / after a date or a programme.")
class BeforeAfterComparison:
    community_id: strawberry.ID
    programme: str | None
    pivot: date
    before: Window
    after: Window
    rows: list[BeforeAfterRow]
