"""Neighbours to meet: link prediction on the tie, co-attendance, group and interest graph.

Resource allocation (Zhou, Lü & Zhang 2009) summed over every kind of shared context: a mutual
acquaintance z adds 1/deg(z); a shared group or co-attended activity adds 1/log(1+size) (small
ones say more); a shared interest adds 1/log(1+holders). Same building and same floor add a
bonus. Existing ties, the resident themself and residents who did not consent never appear.
"""

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass

from matching.recommend.explain import (
    NOTE_NON_PERSONALISED,
    NOTE_OFF,
    Answer,
    Note,
    Scored,
    answer,
    ranked,
    rounded,
)
from matching.recommend.snapshot import Person, Snapshot
from matching.recommend.weights import NeighbourWeights

NO_NEIGHBOURS = Note(
    "no_neighbours",
    "暂时没有可推荐的邻居：您的楼栋里还没有其他同意被推荐的居民",
    "No neighbours to suggest yet: nobody else in your building has agreed to be recommended",
)


@dataclass(frozen=True)
class InterestIndex:
    """Who holds each interest: how many in the community, and who per compound and building."""

    holders: dict[str, int]
    by_compound: dict[tuple[str, str], list[str]]
    by_building: dict[tuple[str, str], list[str]]

    @classmethod
    def build(cls, snap: Snapshot) -> "InterestIndex":
        holders: dict[str, int] = defaultdict(int)
        by_compound: dict[tuple[str, str], list[str]] = defaultdict(list)
        by_building: dict[tuple[str, str], list[str]] = defaultdict(list)
        for p in snap.people.values():
            for i in p.interests:
                holders[i] += 1
                if p.compound_id:
                    by_compound[(i, p.compound_id)].append(p.id)
                if p.building_id is not None:
                    by_building[(i, p.building_id)].append(p.id)
        return cls(dict(holders), dict(by_compound), dict(by_building))

    def near(self, interest: str, me: Person) -> set[str]:
        """Holders who share my compound or my building (`_near`)."""
        out = set(self.by_compound.get((interest, me.compound_id), ())) if me.compound_id else set()
        if me.building_id is not None:
            out.update(self.by_building.get((interest, me.building_id), ()))
        return out


def interest_index(snap: Snapshot) -> InterestIndex:
    return snap.memo("interests", lambda: InterestIndex.build(snap))


def link_scores(snap: Snapshot, me: Person, w: NeighbourWeights) -> dict[str, dict[str, float]]:
    """Score parts for every candidate that shares some context with `me`."""
    parts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    adj = snap.neighbours
    for z in adj.get(me.id, {}):
        for v in adj.get(z, {}):
            parts[v]["ties"] += 1.0 / len(adj[z])
    for g in snap.groups_of.get(me.id, set()):
        members = snap.groups[g].members
        for v in members:
            parts[v]["groups"] += 1.0 / math.log1p(len(members))
    for a in snap.attended_by.get(me.id, {}):
        attendees = snap.activities[a].attended
        for v in attendees:
            parts[v]["activities"] += 1.0 / math.log1p(len(attendees))
    interests = interest_index(snap)
    for i in sorted(me.interests):
        for v in sorted(interests.near(i, me)):
            parts[v]["interests"] += 1.0 / math.log1p(interests.holders[i])
    for v in snap.by_building.get(me.building_id or "", []):
        parts[v]["same_building"] = 1.0
        other = snap.people[v].floor
        if other is not None and other == me.floor:
            parts[v]["same_floor"] = 1.0
    known = set(adj.get(me.id, {})) | {me.id}
    allowed = set(snap.recommendable(parts)) - known
    weighted = {k: getattr(w, k) for k in ("ties", "groups", "activities", "interests")}
    weighted |= {"same_building": w.same_building, "same_floor": w.same_floor}
    return {
        v: {k: p.get(k, 0.0) * weighted[k] for k in weighted}
        for v, p in parts.items()
        if v in allowed
    }


def _reason(snap: Snapshot, me: Person, v: str) -> tuple[str, str]:
    mutual = len(set(snap.neighbours.get(me.id, {})) & set(snap.neighbours.get(v, {})))
    groups = snap.groups_of.get(me.id, set()) & snap.groups_of.get(v, set())
    together = set(snap.attended_by.get(me.id, {})) & set(snap.attended_by.get(v, {}))
    shared = sorted(me.interests & snap.people[v].interests)
    zh, en = [], []
    if mutual:
        zh.append(f"你们有 {mutual} 位共同认识的邻居")
        en.append(f"you have {mutual} acquaintance{'s' if mutual > 1 else ''} in common")
    if groups:
        names = sorted(snap.groups[g].name or g for g in groups)[:2]
        zh.append(f"都是「{'」「'.join(names)}」的成员")
        en.append(f"both members of {', '.join(names)}")
    if together:
        zh.append(f"一起参加过 {len(together)} 次活动")
        en.append(f"attended {len(together)} activit{'ies' if len(together) > 1 else 'y'} together")
    if shared:
        info = [snap.interests.get(t) for t in shared[:2]]
        zh.append(
            "都喜欢"
            + "、".join(i.label("zh") if i else t for i, t in zip(info, shared, strict=False))
        )
        en.append(
            "both like "
            + ", ".join(i.label("en") if i else t for i, t in zip(info, shared, strict=False))
        )
    other = snap.people[v]
    if other.building_id == me.building_id and other.building_id is not None:
        same_floor = other.floor is not None and other.floor == me.floor
        zh.append("住在同一层" if same_floor else "住在同一栋楼")
        en.append("lives on your floor" if same_floor else "lives in your building")
    text_en = "; ".join(en[:2]) or "lives nearby"
    return "；".join(zh[:2]) or "住在附近", text_en[:1].upper() + text_en[1:]


def recommend_neighbours(snap: Snapshot, me: Person, first: int, w: NeighbourWeights) -> Answer:
    if me.mode == "off":
        return Answer([], NOTE_OFF)
    known = set(snap.neighbours.get(me.id, {})) | {me.id}
    if me.mode == "non_personalised":
        degree = {v: len(snap.neighbours.get(v, {})) for v in snap.recommendable(snap.people)}
        most = max(degree.values(), default=0) or 1
        items = [
            Scored(
                v,
                d / most,
                {"popularity": round(d / most, 4)},
                f"社区里认识邻居较多的居民（{d} 位）",
                f"Well connected in your community ({d} ties)",
            )
            for v, d in degree.items()
            if v not in known
        ]
        return answer(ranked(items, first), NO_NEIGHBOURS, NOTE_NON_PERSONALISED)
    scores = link_scores(snap, me, w)
    top = heapq.nsmallest(first, scores, key=lambda v: (-round(sum(scores[v].values()), 9), v))
    items = [
        Scored(v, sum(scores[v].values()), rounded(scores[v]), *_reason(snap, me, v)) for v in top
    ]
    return answer(items, NO_NEIGHBOURS)
