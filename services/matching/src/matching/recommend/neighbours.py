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


PARTS = ("ties", "groups", "activities", "interests", "same_building", "same_floor")


@dataclass(frozen=True)
class LinkScores:
    """Each kind of shared context's raw score for every resident it touches (the parts)."""

    by_part: dict[str, dict[str, float]]
    weights: dict[str, float]

    def candidates(self, snap: Snapshot, me: Person) -> set[str]:
        """Everyone touched, less me, whom I know or said I know, and who did not consent."""
        touched: set[str] = set()
        for scores in self.by_part.values():
            touched.update(scores)
        return (touched & snap.consenting) - snap.already_known(me.id)

    def totals(self, candidates: set[str]) -> dict[str, float]:
        """`sum(parts(v).values())` for every candidate, part by part: each part's entries once
        instead of six look-ups per candidate. The additions happen in `PARTS` order for
        everyone (a missing part would add 0.0), so the sums equal `parts`' to the last bit."""
        out = dict.fromkeys(candidates, 0.0)
        for k in PARTS:
            weight = self.weights[k]
            for v, x in self.by_part[k].items():
                if v in out:
                    out[v] += x * weight
        return out

    def parts(self, v: str) -> dict[str, float]:
        return {k: self.by_part[k].get(v, 0.0) * self.weights[k] for k in PARTS}


def link_scores(snap: Snapshot, me: Person, w: NeighbourWeights) -> LinkScores:
    """Score parts for every resident that shares some context with `me`."""
    by_part: dict[str, dict[str, float]] = {k: defaultdict(float) for k in PARTS}
    adj = snap.neighbours
    ties = by_part["ties"]
    for z in adj.get(me.id, {}):
        for v in adj.get(z, {}):
            ties[v] += 1.0 / len(adj[z])
    groups = by_part["groups"]
    for g in snap.groups_of.get(me.id, set()):
        members = snap.groups[g].members
        for v in members:
            groups[v] += 1.0 / math.log1p(len(members))
    activities = by_part["activities"]
    for a in snap.attended_by.get(me.id, {}):
        attendees = snap.activities[a].attended
        for v in attendees:
            activities[v] += 1.0 / math.log1p(len(attendees))
    interests, index = by_part["interests"], interest_index(snap)
    for i in sorted(me.interests):  # the same order of additions for everyone: same sums
        share = 1.0 / math.log1p(index.holders[i])
        for v in index.near(i, me):
            interests[v] += share
    for v in snap.by_building.get(me.building_id or "", []):
        by_part["same_building"][v] = 1.0
        other = snap.people[v].floor
        if other is not None and other == me.floor:
            by_part["same_floor"][v] = 1.0
    weights = {k: getattr(w, k) for k in PARTS}
    return LinkScores(by_part, weights)


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


def best_connected(snap: Snapshot) -> list[tuple[str, int, int]]:
    """Consenting residents by ties, most first (then id): (id, ties, the most anyone has).
    The same for every resident who chose non-personalised suggestions, so built once."""

    def build() -> list[tuple[str, int, int]]:
        degree = {v: len(snap.neighbours.get(v, {})) for v in snap.consenting}
        most = max(degree.values(), default=0) or 1
        order = sorted(degree, key=lambda v: (-round(degree[v] / most, 9), v))
        return [(v, degree[v], most) for v in order]

    return snap.memo("best_connected", build)


def recommend_neighbours(snap: Snapshot, me: Person, first: int, w: NeighbourWeights) -> Answer:
    if me.mode == "off":
        return Answer([], NOTE_OFF)
    known = snap.already_known(me.id)
    if me.mode == "non_personalised":
        items: list[Scored] = []
        for v, d, most in best_connected(snap):
            if len(items) == first:
                break
            if v not in known:
                items.append(
                    Scored(
                        v,
                        d / most,
                        {"popularity": round(d / most, 4)},
                        f"社区里认识邻居较多的居民（{d} 位）",
                        f"Well connected in your community ({d} ties)",
                    )
                )
        return answer(items, NO_NEIGHBOURS, NOTE_NON_PERSONALISED)
    scores = link_scores(snap, me, w)
    totals = scores.totals(scores.candidates(snap, me))
    top = heapq.nsmallest(first, totals, key=lambda v: (-round(totals[v], 9), v))
    items = [Scored(v, totals[v], rounded(scores.parts(v)), *_reason(snap, me, v)) for v in top]
    return answer(items, NO_NEIGHBOURS)
