"""Per-unit tables for one window: the network as it stood at the window's end, and what
happened during it; every figure passed through the small-cell rule."""

import re
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import networkx as nx

from matching.analytics.model import CommunityFacts, Level
from matching.analytics.network import neighbour_sets, tie_graph, unit_metrics
from matching.analytics.suppression import Figure, not_applicable, subgroup_figure, unit_figure
from matching.analytics.windows import Window

# (field, CSV / chart heading) in display order
METRICS: tuple[tuple[str, str], ...] = (
    ("residents", "居民数 Residents"),
    ("ties", "熟识关系 Ties"),
    ("density", "熟人率 Tie density"),
    ("mean_degree", "平均熟人数 Mean degree"),
    ("clustering", "聚集系数 Clustering"),
    ("isolates", "孤立居民 Isolates"),
    ("isolated_elderly_alone", "孤立独居老人 Isolated elderly alone"),
    ("largest_group_share", "最大连通群占比 Largest group share"),
    ("cross_building_ties", "跨楼栋关系 Cross-building ties"),
    ("bridging", "桥接度 Bridging (betweenness)"),
    ("participants", "参与居民 Participants"),
    ("participation_rate", "参与率 Participation rate"),
    ("volunteer_hours", "志愿时长 Volunteer hours"),
    ("exchanges_completed", "完成互助 Exchanges completed"),
    ("wishes_fulfilled", "实现微心愿 Wishes fulfilled"),
)
SHARES = frozenset({"density", "largest_group_share", "participation_rate"})


@dataclass(frozen=True)
class UnitRow:
    level: Level
    unit_id: str
    name: str
    compound_id: str | None
    residents: Figure
    ties: Figure
    density: Figure
    mean_degree: Figure
    clustering: Figure
    isolates: Figure
    isolated_elderly_alone: Figure
    largest_group_share: Figure
    cross_building_ties: Figure
    bridging: Figure
    participants: Figure
    participation_rate: Figure
    volunteer_hours: Figure
    exchanges_completed: Figure
    wishes_fulfilled: Figure

    def figure(self, metric: str) -> Figure:
        value = getattr(self, metric)
        assert isinstance(value, Figure)
        return value


@dataclass(frozen=True)
class State:
    """The community at a window's end, and its activity during the window."""

    graph: nx.Graph
    neighbours: dict[str, set[str]]  # the same ties as plain sets, for the unit metrics
    building_of: dict[str, str]
    elderly_alone: frozenset[str]
    participants: frozenset[str]
    hours_given: dict[str, float]  # helper -> hours of exchanges completed in the window
    exchanges_of: dict[str, set[int]]  # resident -> exchanges completed in the window
    wishes_of: dict[str, int]  # resident -> own wishes fulfilled in the window


def state_at(facts: CommunityFacts, window: Window, index: int) -> State:
    end, start = window.end_ms, window.start_ms
    present = [r for r in facts.residents if r.registered_ms is None or r.registered_ms < end]
    building_of = {r.key: r.building_id for r in present}
    ties = (
        (t.a, t.b)
        for t in facts.ties
        if (t.since_ms is None or t.since_ms < end) and t.a in building_of and t.b in building_of
    )
    hours: dict[str, float] = defaultdict(float)
    exchanges: dict[str, set[int]] = defaultdict(set)
    for i, x in enumerate(facts.exchanges):
        if start <= x.completed_ms < end:
            hours[x.helper] += x.hours
            exchanges[x.helper].add(i)
            exchanges[x.helped].add(i)
    wishes: dict[str, int] = defaultdict(int)
    for w in facts.wishes:
        if start <= w.fulfilled_ms < end:
            wishes[w.resident] += 1
    graph = tie_graph(building_of, ties)
    return State(
        graph=graph,
        neighbours=neighbour_sets(graph),
        building_of=building_of,
        elderly_alone=frozenset(r.key for r in present if r.elderly_living_alone),
        participants=frozenset(k for k, ws in facts.attended.items() if index in ws),
        hours_given=hours,
        exchanges_of=exchanges,
        wishes_of=wishes,
    )


def unit_row(
    state: State,
    level: Level,
    unit_id: str,
    name: str,
    members: Collection[str],
    compound_id: str | None = None,
    bridging: float | None = None,
) -> UnitRow:
    m = unit_metrics(state.neighbours, members, state.building_of, state.elderly_alone)
    n = m.residents
    participants = sum(1 for r in members if r in state.participants)
    helpers = [r for r in members if state.hours_given.get(r)]
    exchanges = {i for r in members for i in state.exchanges_of.get(r, ())}
    in_exchanges = sum(1 for r in members if state.exchanges_of.get(r))
    wish_owners = [r for r in members if state.wishes_of.get(r)]

    def whole(value: float | None) -> Figure:
        return unit_figure(value, n)

    def part(value: float | None, describes: int) -> Figure:
        return subgroup_figure(value, describes, n)

    return UnitRow(
        level=level,
        unit_id=unit_id,
        name=name,
        compound_id=compound_id,
        residents=whole(n),
        ties=whole(m.ties),
        density=whole(m.density),
        mean_degree=whole(m.mean_degree),
        clustering=whole(m.clustering),
        isolates=part(m.isolates, m.isolates),
        isolated_elderly_alone=part(m.isolated_elderly_alone, m.isolated_elderly_alone),
        largest_group_share=whole(m.largest_group_share),
        cross_building_ties=whole(m.cross_building_ties),
        bridging=whole(bridging) if level is Level.BUILDING else not_applicable(),
        participants=part(participants, participants),
        participation_rate=part(participants / n if n else None, participants),
        volunteer_hours=part(sum(state.hours_given[r] for r in helpers), len(helpers)),
        exchanges_completed=part(len(exchanges), in_exchanges),
        wishes_fulfilled=part(sum(state.wishes_of[r] for r in wish_owners), len(wish_owners)),
    )


def natural(name: str | None) -> tuple[tuple[int, int | str], ...]:
    """Sort key so that "2栋" comes before "10栋"."""
    parts = re.split(r"(\d+)", name or "")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def unit_rows(
    facts: CommunityFacts,
    state: State,
    level: Level,
    building_ids: Collection[str] | None = None,
    compound_id: str | None = None,
    bridging: Mapping[str, float] | None = None,
) -> list[UnitRow]:
    """Rows of one level; buildings / compounds restricted by the filters when given."""
    residents_of: dict[str, list[str]] = defaultdict(list)
    for resident, home in state.building_of.items():
        residents_of[home].append(resident)
    buildings = [
        b
        for b in facts.buildings
        if (compound_id is None or b.compound_id == compound_id)
        and (not building_ids or b.id in building_ids)
    ]
    if level is Level.BUILDING:
        return [
            unit_row(
                state,
                level,
                b.id,
                b.name,
                set(residents_of[b.id]),
                b.compound_id,
                (bridging or {}).get(b.id, 0.0),
            )
            for b in sorted(
                buildings,
                key=lambda b: (b.compound_id is None, natural(b.compound_name), natural(b.name)),
            )
        ]
    if level is Level.COMPOUND:
        compounds: dict[str, tuple[str, set[str]]] = {}
        for b in buildings:
            if b.compound_id is not None:
                _, members = compounds.setdefault(b.compound_id, (b.compound_name or "", set()))
                members.update(residents_of[b.id])
        return [
            unit_row(state, level, cid, name, members, cid)
            for cid, (name, members) in sorted(compounds.items(), key=lambda kv: natural(kv[1][0]))
        ]
    return [unit_row(state, level, facts.community_id, facts.name, set(state.building_of))]
