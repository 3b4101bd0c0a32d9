"""Planner reports built from tables: bridges between buildings, detected groups, before/after."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import networkx as nx

from matching.analytics.model import CommunityFacts, Level
from matching.analytics.network import building_betweenness, building_graph, detected_groups
from matching.analytics.suppression import (
    MIN_RESIDENTS,
    Figure,
    change,
    subgroup_figure,
    unit_figure,
)
from matching.analytics.table import METRICS, State, UnitRow
from matching.analytics.windows import Window


@dataclass(frozen=True)
class Bridging:
    """The building-level graph's figures, cached: they are the heavier part of a table."""

    betweenness: dict[str, float]
    linked_buildings: dict[str, int]
    cross_ties: dict[str, int]


def bridging_of(facts: CommunityFacts, state: State) -> Bridging:
    bg: nx.Graph = building_graph(state.graph, state.building_of, [b.id for b in facts.buildings])
    cross: Counter[str] = Counter()
    for x, y, w in bg.edges(data="weight"):
        cross[x] += w
        cross[y] += w
    return Bridging(
        building_betweenness(bg), {b: bg.degree(b) for b in bg}, {b: cross[b] for b in bg}
    )


@dataclass(frozen=True)
class Freshness:
    computed_at: datetime
    age_seconds: float


@dataclass(frozen=True)
class NetworkTable:
    community_id: str
    community_name: str
    window: Window
    level: Level
    rows: list[UnitRow]
    freshness: Freshness  # of the cached bridging figures


@dataclass(frozen=True)
class BridgeRow:
    building_id: str
    name: str
    bridging: Figure
    cross_building_ties: Figure
    linked_buildings: Figure


@dataclass(frozen=True)
class BridgeTable:
    community_id: str
    window: Window
    rows: list[BridgeRow]
    freshness: Freshness


def bridge_rows(facts: CommunityFacts, state: State, bridging: Bridging) -> list[BridgeRow]:
    """Buildings by how much they bridge others; buildings under 5 residents are suppressed."""
    size = Counter(state.building_of.values())
    rows = [
        BridgeRow(
            building_id=b.id,
            name=b.name,
            bridging=unit_figure(bridging.betweenness.get(b.id, 0.0), size[b.id]),
            cross_building_ties=unit_figure(bridging.cross_ties.get(b.id, 0), size[b.id]),
            linked_buildings=unit_figure(bridging.linked_buildings.get(b.id, 0), size[b.id]),
        )
        for b in facts.buildings
    ]
    return sorted(rows, key=lambda r: (r.bridging.suppressed, -(r.bridging.value or 0), r.name))


@dataclass(frozen=True)
class GroupRow:
    rank: int
    size: Figure
    buildings_spanned: Figure
    share_of_residents: Figure


@dataclass(frozen=True)
class GroupsTable:
    community_id: str
    window: Window
    groups: list[GroupRow]  # groups of 5 or more residents, largest first
    small_groups: int  # how many detected groups have fewer than 5 residents
    residents_in_small_groups: Figure
    isolates: Figure  # not part of any group: no tie at all
    modularity: float | None
    freshness: Freshness


@dataclass(frozen=True)
class Groups:
    sizes: list[tuple[int, int]]  # (size, buildings spanned), largest first
    modularity: float | None


def groups_of(state: State) -> Groups:
    found, modularity = detected_groups(state.graph, state.building_of)
    return Groups([(g.size, g.buildings) for g in found], modularity)


def groups_table(
    facts: CommunityFacts, window: Window, state: State, groups: Groups, freshness: Freshness
) -> GroupsTable:
    n = state.graph.number_of_nodes()
    big = [(s, b) for s, b in groups.sizes if s >= MIN_RESIDENTS]
    small = [s for s, _ in groups.sizes if s < MIN_RESIDENTS]
    isolates = sum(1 for r in state.graph if state.graph.degree(r) == 0)
    return GroupsTable(
        community_id=facts.community_id,
        window=window,
        groups=[
            GroupRow(i + 1, Figure(s), Figure(b), unit_figure(s / n, n))
            for i, (s, b) in enumerate(big)
        ],
        small_groups=len(small),
        residents_in_small_groups=subgroup_figure(sum(small), sum(small), n),
        isolates=subgroup_figure(isolates, isolates, n),
        modularity=groups.modularity,
        freshness=freshness,
    )


@dataclass(frozen=True)
class BeforeAfterRow:
    unit_id: str
    name: str
    before: UnitRow
    after: UnitRow

    def change(self, metric: str) -> Figure:
        return change(self.before.figure(metric), self.after.figure(metric))


@dataclass(frozen=True)
class BeforeAfter:
    community_id: str
    programme: str | None
    pivot: date
    before: NetworkTable
    after: NetworkTable
    rows: list[BeforeAfterRow]

    @staticmethod
    def of(
        programme: str | None, pivot: date, before: NetworkTable, after: NetworkTable
    ) -> "BeforeAfter":
        after_by_id = {r.unit_id: r for r in after.rows}
        rows = [
            BeforeAfterRow(r.unit_id, r.name, r, after_by_id[r.unit_id])
            for r in before.rows
            if r.unit_id in after_by_id
        ]
        return BeforeAfter(before.community_id, programme, pivot, before, after, rows)


CHANGE_METRICS = tuple(m for m, _ in METRICS)
