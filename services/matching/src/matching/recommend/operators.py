"""Operator candidates (社区运营官) for a project, and the team to propose.

candidate score = (w·coverage + w·engagement + w·reach + w·availability) / (1 + workload/cap)
- coverage: per required skill 1 at or above the minimum level, partial below it, and
  `related_credit`·similarity for the most similar skill held (TF-IDF), averaged;
- engagement: check-ins and exchange help decayed by age (half-life `recent_days`), volunteer
  points, ratings received as a helper, how recently they last contributed;
- reach: share of the community's buildings their acquaintances live in, their groups, and
  bridging (betweenness) centrality on the tie graph;
- availability: the time slots they gave (flexible counts most).
The team is RarestFirst over residents holding each skill at the minimum level (or, when nobody
does, the best related skill), with busy residents' distances penalised.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matching.recommend.explain import Scored, rounded
from matching.recommend.groups import saturating
from matching.recommend.snapshot import Person, Snapshot
from matching.recommend.teams import Team, fit_to_size_at, rarest_first_team_at
from matching.recommend.text import TagSimilarity
from matching.recommend.tie_paths import DISCONNECTED, PenalisedPaths
from matching.recommend.weights import OperatorWeights

Vector = NDArray[np.float64]
Positions = NDArray[np.int64]
Mask = NDArray[np.bool_]


@dataclass(frozen=True)
class Requirement:
    tag: str
    min_level: int = 1


@dataclass(frozen=True)
class OperatorAnswer:
    candidates: list[Scored]
    team: Team
    related_cover: dict[str, str]  # skill covered only by a related skill -> the related tag


def decay(age_days: float | None, half_life: float) -> float:
    return 0.0 if age_days is None else 0.5 ** (age_days / half_life)


def level_of(p: Person, tag: str) -> int:
    """A skill's level; offering it on the offer list counts as level 2 when not declared."""
    return max(p.skills.get(tag, 0), 2 if tag in p.offers else 0)


def coverage(
    p: Person, req: Requirement, sim: TagSimilarity, w: OperatorWeights
) -> tuple[float, str | None]:
    level = level_of(p, req.tag)
    if level >= req.min_level:
        return 1.0, req.tag
    direct = 0.5 * level / req.min_level
    held = set(p.skills) | set(p.offers)
    similarity, related = sim.best(req.tag, held - {req.tag})
    credit = w.related_credit * similarity if similarity >= w.related_min_similarity else 0.0
    return (direct, req.tag) if direct >= credit else (credit, related)


def workload(snap: Snapshot, p: Person, w: OperatorWeights) -> float:
    """Groups they lead or organise, plus exchanges they helped in recently (decayed)."""
    leads = sum(1 for g in snap.groups_of.get(p.id, set()) if p.id in snap.groups[g].leaders)
    helps = sum(
        decay(snap.age_days(h.last_at), w.recent_days) for h in snap.helps_by_helper.get(p.id, [])
    )
    return leads + helps


def engagement(snap: Snapshot, p: Person, w: OperatorWeights) -> tuple[float, int]:
    attended = snap.attended_by.get(p.id, {})
    recent = sum(decay(snap.age_days(at), w.recent_days) for at in attended.values())
    ratings = [h.rating for h in snap.helps_by_helper.get(p.id, []) if h.rating is not None]
    rating = (sum(ratings) / len(ratings) / 5.0) * saturating(len(ratings), 2) if ratings else 0.0
    last = decay(snap.age_days(p.last_contribution_at), w.recent_days)
    points = saturating(math.log1p(p.volunteer_points), 3)
    value = 0.4 * saturating(recent, 3) + 0.25 * points + 0.2 * rating + 0.15 * last
    return value, sum(1 for at in attended.values() if (snap.age_days(at) or 0) <= w.recent_days)


def reach(snap: Snapshot, p: Person) -> tuple[float, int]:
    buildings = {
        snap.people[v].building_id for v in snap.neighbours.get(p.id, {}) if v in snap.people
    }
    buildings.discard(None)
    share = len(buildings) / max(1, len(snap.by_building))
    bridging = snap.betweenness.get(p.id, 0.0) / snap.betweenness_top
    return 0.4 * min(1.0, 3 * share) + 0.2 * saturating(
        len(snap.groups_of.get(p.id, ())), 2
    ) + 0.4 * bridging, len(buildings)


def availability(p: Person) -> float:
    if "flexible" in p.availability:
        return 1.0
    return min(1.0, 0.4 * len(p.availability)) if p.availability else 0.3


@dataclass(frozen=True)
class OperatorIndex:
    """What scoring needs of every resident who may be recommended, built once per snapshot
    and weights: the request-independent parts, and who holds which skill at which level."""

    ids: list[str]  # id order, so a position order is the id order
    graph_at: Positions  # each one's index in the tie graph (ascending: also id order)
    buildings: list[str | None]
    engagement: Vector
    reach: Vector
    availability: Vector
    workload: Vector
    n_recent: list[int]
    n_buildings: list[int]
    levels: dict[str, tuple[Positions, Vector]]  # tag -> holders (level_of > 0), their levels
    held: dict[str, Positions]  # tag -> who has it as a skill or an offer
    searcher: PenalisedPaths  # the tie graph with workload as extra distance (team formation)

    @classmethod
    def build(cls, snap: Snapshot, w: OperatorWeights) -> "OperatorIndex":
        people = [snap.people[i] for i in snap.recommendable(snap.people)]
        eng = [engagement(snap, p, w) for p in people]
        rch = [reach(snap, p) for p in people]
        load = [workload(snap, p, w) for p in people]
        levels: dict[str, tuple[list[int], list[float]]] = {}
        held: dict[str, list[int]] = {}
        for at, p in enumerate(people):
            for tag in set(p.skills) | p.offers:
                held.setdefault(tag, []).append(at)
                positions, values = levels.setdefault(tag, ([], []))
                positions.append(at)
                values.append(float(level_of(p, tag)))
        penalty = {
            p.id: DISCONNECTED if v >= w.workload_cap else 0.5 * v / w.workload_cap
            for p, v in zip(people, load, strict=True)
        }
        return cls(
            ids=[p.id for p in people],
            graph_at=snap.tie_paths.at(p.id for p in people),
            buildings=[p.building_id for p in people],
            engagement=np.asarray([e for e, _ in eng], dtype=np.float64),
            reach=np.asarray([r for r, _ in rch], dtype=np.float64),
            availability=np.asarray([availability(p) for p in people], dtype=np.float64),
            workload=np.asarray(load, dtype=np.float64),
            n_recent=[n for _, n in eng],
            n_buildings=[n for _, n in rch],
            levels={t: (np.asarray(i), np.asarray(v)) for t, (i, v) in levels.items()},
            held={t: np.asarray(i) for t, i in held.items()},
            searcher=snap.tie_paths.penalised(penalty),
        )

    def level(self, tag: str) -> Vector:
        out = np.zeros(len(self.ids))
        if tag in self.levels:
            positions, values = self.levels[tag]
            out[positions] = values
        return out

    def coverage(
        self, req: Requirement, sim: TagSimilarity, w: OperatorWeights
    ) -> tuple[Vector, Mask]:
        """`coverage()` for everyone at once: the value, and whether a related skill gave it."""
        level = self.level(req.tag)
        direct = np.where(level >= req.min_level, 1.0, 0.5 * level / req.min_level)
        credit = np.zeros(len(self.ids))
        related = sorted(
            ((sim.tag(req.tag, t), t) for t in self.held if t != req.tag),
            key=lambda x: (-x[0], x[1]),
        )
        unset = np.ones(len(self.ids), dtype=bool)
        for similarity, tag in related:  # most similar first: each resident's best held tag
            if similarity < w.related_min_similarity or similarity <= 0:
                break
            at = self.held[tag][unset[self.held[tag]]]
            credit[at] = w.related_credit * similarity
            unset[at] = False
        by_related = (level < req.min_level) & (credit > direct)
        return np.where(by_related, credit, direct), by_related


def operator_index(snap: Snapshot, w: OperatorWeights) -> OperatorIndex:
    return snap.memo(("operators", w.model_dump_json()), lambda: OperatorIndex.build(snap, w))


def operator_candidates(
    snap: Snapshot,
    reqs: Sequence[Requirement],
    team_size: int,
    building_ids: Sequence[str],
    sim: TagSimilarity,
    w: OperatorWeights,
    first: int,
    leader: str | None = None,
) -> OperatorAnswer:
    ix = operator_index(snap, w)
    covers = [ix.coverage(r, sim, w) for r in reqs]
    cov = np.zeros(len(ix.ids))
    for value, _ in covers:
        cov += value
    cov /= len(reqs)
    pool = cov > 0
    if building_ids:
        wanted = set(building_ids)
        pool &= np.asarray([b in wanted for b in ix.buildings], dtype=bool)
    at = np.flatnonzero(pool)
    score = (
        w.coverage * cov[at]
        + w.engagement * ix.engagement[at]
        + w.reach * ix.reach[at]
        + w.availability * ix.availability[at]
    ) / (1 + ix.workload[at] / w.workload_cap)
    # ranked(): highest score first, equal scores in id order (positions are in id order)
    order = at[np.lexsort((at, -np.round(score, 9)))]
    top = [_scored(snap, ix, int(i), reqs, sim, w, float(cov[i])) for i in order[:first]]
    team, related = _team(snap, ix, reqs, team_size, order, pool, covers, sim, w, leader)
    return OperatorAnswer(top, team, related)


def _scored(
    snap: Snapshot,
    ix: OperatorIndex,
    at: int,
    reqs: Sequence[Requirement],
    sim: TagSimilarity,
    w: OperatorWeights,
    cov: float,
) -> Scored:
    p = snap.people[ix.ids[at]]
    parts = {
        "coverage": cov,
        "engagement": float(ix.engagement[at]),
        "reach": float(ix.reach[at]),
        "availability": float(ix.availability[at]),
    }
    score = sum(
        getattr(w, k) * parts[k] for k in ("coverage", "engagement", "reach", "availability")
    )
    load = float(ix.workload[at])
    score /= 1 + load / w.workload_cap
    covers = [coverage(p, r, sim, w) for r in reqs]
    zh, en = _reason(snap, p, reqs, covers, ix.n_recent[at], ix.n_buildings[at])
    return Scored(p.id, score, rounded(parts | {"workload": load}), zh, en)


def _team(
    snap: Snapshot,
    ix: OperatorIndex,
    reqs: Sequence[Requirement],
    size: int,
    ranked: Positions,
    pool: Mask,
    covers: list[tuple[Vector, Mask]],
    sim: TagSimilarity,
    w: OperatorWeights,
    leader: str | None,
) -> tuple[Team, dict[str, str]]:
    holders: dict[str, Positions] = {}  # skill -> indexes in the tie graph
    related: dict[str, str] = {}
    for r, (value, by_related) in zip(reqs, covers, strict=True):
        holders[r.tag] = ix.graph_at[pool & (ix.level(r.tag) >= r.min_level)]
        if not len(holders[r.tag]):
            good = pool & by_related & (value > 0)
            if good.any():
                best = float(value[good].max())
                chosen = good & (value >= best - 1e-9)
                holders[r.tag] = ix.graph_at[chosen]
                first = snap.people[ix.ids[int(np.flatnonzero(chosen)[0])]]
                related[r.tag] = coverage(first, r, sim, w)[1] or r.tag
    at_leader = None
    if leader is not None:
        at_leader = int(snap.tie_paths.at([leader])[0])
        for r in reqs:
            if level_of(snap.people[leader], r.tag) >= r.min_level:
                holders[r.tag] = np.union1d(holders[r.tag], [at_leader])
    skills, distances = [r.tag for r in reqs], snap.tie_paths.distances()
    team = rarest_first_team_at(skills, holders, distances, ix.searcher, at_leader)
    return fit_to_size_at(team, size, ix.graph_at[ranked], distances, skills), related


def _reason(
    snap: Snapshot,
    p: Person,
    reqs: Sequence[Requirement],
    covers: list[tuple[float, str | None]],
    n_recent: int,
    n_buildings: int,
) -> tuple[str, str]:
    zh, en = [], []
    for r, (c, tag) in zip(reqs, covers, strict=True):
        if c <= 0 or tag is None:
            continue
        info = snap.skills.get(tag)
        name_zh, name_en = (info.label("zh"), info.label("en")) if info else (tag, tag)
        level = level_of(p, tag)
        if tag == r.tag:
            zh.append(f"{name_zh}（{level} 级）")
            en.append(f"{name_en} (level {level})")
        else:
            zh.append(f"有相关技能{name_zh}")
            en.append(f"related skill {name_en}")
    if n_recent:
        zh.append(f"近期参加 {n_recent} 次活动")
        en.append(f"{n_recent} recent activit{'ies' if n_recent > 1 else 'y'}")
    if n_buildings > 1:
        zh.append(f"认识 {n_buildings} 栋楼的邻居")
        en.append(f"knows neighbours in {n_buildings} buildings")
    text = ", ".join(en)
    return "；".join(zh), text[:1].upper() + text[1:]
