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

from matching.recommend.explain import Scored, ranked, rounded
from matching.recommend.groups import saturating
from matching.recommend.snapshot import Person, Snapshot
from matching.recommend.teams import (
    DISCONNECTED,
    Team,
    fit_to_size,
    rarest_first_team,
    tie_distance,
)
from matching.recommend.text import TagSimilarity
from matching.recommend.weights import OperatorWeights


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
    pool = [
        p
        for p in (snap.people[i] for i in snap.recommendable(snap.people))
        if not building_ids or p.building_id in building_ids
    ]
    scored: list[Scored] = []
    load: dict[str, float] = {}
    for p in pool:
        covers = [coverage(p, r, sim, w) for r in reqs]
        cov = sum(c for c, _ in covers) / len(reqs)
        if cov <= 0:
            continue
        eng, n_recent = engagement(snap, p, w)
        rch, n_buildings = reach(snap, p)
        parts = {"coverage": cov, "engagement": eng, "reach": rch, "availability": availability(p)}
        load[p.id] = workload(snap, p, w)
        parts["workload"] = load[p.id]
        score = sum(
            getattr(w, k) * parts[k] for k in ("coverage", "engagement", "reach", "availability")
        )
        score /= 1 + load[p.id] / w.workload_cap
        zh, en = _reason(snap, p, reqs, covers, n_recent, n_buildings)
        scored.append(Scored(p.id, score, rounded(parts), zh, en))
    candidates = ranked(scored, len(scored))
    team, related = _team(snap, reqs, team_size, candidates, load, sim, w, leader)
    return OperatorAnswer(candidates[:first], team, related)


def _team(
    snap: Snapshot,
    reqs: Sequence[Requirement],
    size: int,
    candidates: list[Scored],
    load: dict[str, float],
    sim: TagSimilarity,
    w: OperatorWeights,
    leader: str | None,
) -> tuple[Team, dict[str, str]]:
    ids = [c.id for c in candidates]
    holders: dict[str, list[str]] = {}
    related: dict[str, str] = {}
    for r in reqs:
        holders[r.tag] = [i for i in ids if level_of(snap.people[i], r.tag) >= r.min_level]
        if not holders[r.tag]:
            best = [(coverage(snap.people[i], r, sim, w), i) for i in ids]
            good = sorted(
                ((c, i) for (c, tag), i in best if tag and tag != r.tag and c > 0),
                key=lambda x: (-x[0], x[1]),
            )
            if good:
                holders[r.tag] = [i for c, i in good if c >= good[0][0] - 1e-9]
                related[r.tag] = coverage(snap.people[holders[r.tag][0]], r, sim, w)[1] or r.tag
    if leader is not None:
        for r in reqs:
            if level_of(snap.people[leader], r.tag) >= r.min_level:
                holders[r.tag] = sorted({*holders[r.tag], leader})
    penalty = {
        i: (DISCONNECTED if v >= w.workload_cap else 0.5 * v / w.workload_cap)
        for i, v in load.items()
    }
    distance = tie_distance(snap.tie_graph)
    team = rarest_first_team([r.tag for r in reqs], holders, distance, penalty, leader)
    return fit_to_size(team, size, ids, distance, [r.tag for r in reqs]), related


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
